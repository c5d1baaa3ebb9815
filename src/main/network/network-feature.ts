import type { NetworkStatus } from '../../shared/contract/network';
import { ContractError } from '../../shared/contract/errors';
import { base64UrlEncode } from '../../shared/domain/receipt-payload';
import { DEVNET_ZK_VERIFICATION_KEY, devnetReceiptPublicKey } from '../devnet/port';
import type { CoreServices } from '../feature';
import { offlineNetwork } from '../routing/port';
import { createJobIntentStore } from './job-intents';
import { createOwnJobs } from './own-jobs';
import { createPaymentBook } from './payment-book';
import { jobOutcome } from './job-outcome';
import { OFF, openNetwork, shutNetwork, type NetworkRuntime, type NetworkRuntimeOptions } from './network-runtime';
import type { MinerAccess, NetworkFeature } from './port';
import { resolveMarketplaceUrl } from '../aitbc/port';

/** The network runtime: devnet / coordinator URL / off, its logged-in client, health, offers and devnet miners. */
export function createNetworkFeature(core: CoreServices, opts: NetworkRuntimeOptions = {}): NetworkFeature {
  const intents = createJobIntentStore(core.db);
  let rt: NetworkRuntime = OFF;
  let switching: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setInterval> | null = null;
  // Each paid job's payment, stored as it moves and kept current from the active coordinator (payment-book.ts).
  const payments = createPaymentBook({ db: core.db, hub: core.hub, log: core.log, active: () => (rt.client ? { network: rt.network, client: rt.client } : null), ...(opts.paymentRefreshMs ? { refreshMs: opts.paymentRefreshMs } : {}) });
  // Resume asks about jobs only once the configured network is up (the wallet starts first)
  let isReady = false;
  let markReady = () => {};
  const ready = new Promise<void>((r) => (markReady = () => ((isReady = true), r())));

  function status(): NetworkStatus {
    const h = rt.backend.health();
    return {
      network: rt.network,
      kind: rt.kind,
      health: { state: h.state, message: h.message },
      coordinatorUrl: rt.devnet?.url ?? (rt.kind === 'remote' ? rt.network : null),
      clientAddress: rt.client?.address ?? null,
      balanceAit: rt.balanceAit,
      devnet: rt.devnet
        ? {
            url: rt.devnet.url,
            receiptKeyId: base64UrlEncode(rt.devnet.receiptPublicKey),
            miners: rt.miners.map(({ miner, spec }) => {
              const s = miner.stats();
              return { minerId: s.minerId, state: s.state, message: s.message, backend: s.backend, models: s.models, pricePer1kTokensAit: spec.pricePer1kTokens, completed: s.completed, failed: s.failed };
            }),
          }
        : null,
    };
  }
  function publish() {
    core.hub.publish('network.status', status());
  }

  async function refresh(): Promise<void> {
    const r = rt;
    if (!r.aitbc || !r.client) return;
    await r.aitbc.probe();
    try {
      // on the devnet, the balance of whoever pays (the wallet on v0.25), not of the login account
      r.balanceAit = r.devnet && r.payer ? r.devnet.ledger.balance(r.payer()) : (await r.client.balance({ timeoutMs: 5_000 })).balance;
    } catch {
      // keep the last known balance
    }
    publish();
  }

  /** Switches to `network` (no-op if active); the old network's devnet and miners are stopped first. */
  function activate(network: string): Promise<void> {
    switching = switching.then(async () => {
      if (rt.network === network) return;
      const old = rt;
      rt = OFF;
      await shutNetwork(old);
      try {
        rt = await openNetwork(core, network, intents, opts, () => publish(), (n) => payments.note(n));
      } catch (err) {
        core.log.error('network.open_failed', { network, err: String(err) });
        rt = { ...OFF, network, kind: network === 'devnet' ? 'devnet' : 'remote', backend: { ...offlineNetwork, health: () => ({ state: 'down', message: `Could not start: ${String(err)}`, network }) } };
      }
      await refresh();
      publish();
    });
    return switching;
  }

  const ownsJob = createOwnJobs(core.db);
  function minerAccess(): MinerAccess {
    const r = rt;
    if (r.kind === 'off') return { ok: false, network: r.network, problem: 'The network is off' };
    if (r.devnet) return { ok: true, network: r.network, coordinatorUrl: r.devnet.url, marketplaceUrl: r.devnet.url, chainUrl: r.devnet.url, devnetMinerKey: r.devnet.config.MINER_API_KEYS[0] ?? null, clientAddress: r.client?.address ?? null };
    if (!r.client) return { ok: false, network: r.network, problem: `Cannot reach ${r.network}` };
    return { ok: true, network: r.network, coordinatorUrl: r.network, marketplaceUrl: resolveMarketplaceUrl(r.network, core.env), chainUrl: core.env.CLAWGRID_CHAIN_URL ?? null, devnetMinerKey: null, clientAddress: r.client.address };
  }

  return {
    network: () => rt.backend,
    minerAccess,
    ownsJob,
    devnetUrl: () => rt.devnet?.url ?? null,
    coordinator: () => (rt.client ? { network: rt.network, client: rt.client } : null),
    // The running devnet's key, else the one its config in the data dir holds (receipts from an earlier run).
    networkKeys: () => ({
      receiptSigningKey: rt.devnet?.receiptPublicKey ?? devnetReceiptPublicKey(core.dataDir, core.env),
      zkVerificationKey: DEVNET_ZK_VERIFICATION_KEY,
    }),
    async jobOutcome(requestId) {
      if (!isReady) await Promise.race([ready, new Promise((r) => setTimeout(r, 60_000).unref())]);
      await switching;
      const listStaleMs = rt.kind === 'devnet' ? 2_000 : 65_000;
      return jobOutcome({ client: rt.client, intents, network: rt.network, listStaleMs }, requestId);
    },
    handlers: {
      'network.status': async () => {
        await switching;
        return status();
      },
      'network.offers': async () => ({ offers: (await rt.backend.offers()).map(({ details: _d, ...o }) => o) }),
      'network.select': async ({ network }) => {
        core.settings.update({ network });
        await activate(network);
        return status();
      },
      'network.faucet': async ({ amountAit }) => {
        await switching;
        if (!rt.devnet || !rt.client) throw new ContractError('FORBIDDEN', 'The faucet exists only on the devnet (play money).');
        // credit whoever pays for jobs here (the wallet on v0.25), so the play money is where it is spent
        rt.devnet.ledger.credit(rt.payer ? rt.payer() : rt.client.address, amountAit ?? '100', 'faucet');
        await refresh();
        return status();
      },
      'network.payments': (q) => payments.answer(q),
    },
    async start() {
      await activate(core.settings.get().network);
      payments.start();
      markReady();
      timer = setInterval(() => {
        const wanted = core.settings.get().network;
        if (wanted !== rt.network) void activate(wanted);
        else void refresh();
      }, 5_000);
      timer.unref();
    },
    async close() {
      markReady();
      if (timer) clearInterval(timer);
      payments.stop();
      await switching;
      await shutNetwork(rt);
      rt = OFF;
    },
  };
}
