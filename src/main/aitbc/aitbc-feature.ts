import type { networkCalls, NetworkStatus } from '../../shared/contract/network';
import { ContractError } from '../../shared/contract/errors';
import { startDevnet, type Devnet } from '../devnet/devnet-server';
import { defaultMinerSpecs, startDevnetMiners, type DevnetMinerSpec } from '../devnet/devnet-miners';
import { offlineNetwork, type NetworkBackend } from '../routing/network-backend';
import type { CoreServices, Feature } from '../feature';
import type { Miner } from '../miner/miner-runner';
import { base64UrlEncode } from '../proofs/receipt-signature';
import { createAitbcClient, type AitbcClient } from './aitbc-client';
import { createAitbcNetworkBackend, type AitbcNetworkBackend } from './aitbc-network-backend';
import { loadOrCreateClientAccount } from './client-keys';
import { createJobIntentStore } from './job-intents';
import { resolveMarketplaceUrl } from './marketplace-url';

export interface AitbcFeatureOptions {
  /** Devnet port (default 8203, env CLAWGRID_DEVNET_PORT); 0 = any free port. */
  devnetPort?: number;
  devnetMiners?: number;
  /** Play money credited to the devnet client wallet on first start. */
  devnetStartingAit?: string;
}

interface Runtime {
  network: string;
  kind: NetworkStatus['kind'];
  backend: NetworkBackend;
  aitbc: AitbcNetworkBackend | null;
  client: AitbcClient | null;
  devnet: Devnet | null;
  miners: { miner: Miner; spec: DevnetMinerSpec }[];
  balanceAit: string | null;
}

export interface AitbcFeature extends Feature<typeof networkCalls> {
  /** The engine's port; always the active network's backend (switching networks swaps it). */
  readonly network: () => NetworkBackend;
  /** The running devnet's base URL (it may have fallen back to a free port), null when not on devnet. */
  readonly devnetUrl: () => string | null;
}

const OFF: Runtime = { network: 'off', kind: 'off', backend: offlineNetwork, aitbc: null, client: null, devnet: null, miners: [], balanceAit: null };

/** The AITBC network feature: devnet / coordinator URL / off, its client, health, offers and devnet miners. */
export function createAitbcFeature(core: CoreServices, opts: AitbcFeatureOptions = {}): AitbcFeature {
  const intents = createJobIntentStore(core.db);
  let rt: Runtime = OFF;
  let switching: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setInterval> | null = null;

  async function open(network: string): Promise<Runtime> {
    if (network === 'off') return OFF;
    const account = loadOrCreateClientAccount(core.dataDir, network);
    if (network === 'devnet') {
      const wanted = opts.devnetPort ?? Number(core.env.CLAWGRID_DEVNET_PORT ?? 8203);
      const devnet = await startDevnet({ dataDir: core.dataDir, port: wanted, env: core.env }).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EADDRINUSE') throw err;
        core.log.warn('devnet.port_in_use', { port: wanted });
        return startDevnet({ dataDir: core.dataDir, port: 0, env: core.env });
      });
      if (devnet.ledger.balance(account.address) === '0') devnet.ledger.credit(account.address, opts.devnetStartingAit ?? '100', 'faucet');
      const { miners, specs } = await startDevnetMiners({
        coordinatorUrl: devnet.url, apiKey: devnet.config.MINER_API_KEYS[0] as string, ollamaUrl: core.settings.get().ollamaUrl,
        specs: defaultMinerSpecs(opts.devnetMiners ?? Number(core.env.CLAWGRID_DEVNET_MINERS ?? 2)), log: core.log,
      });
      const client = createAitbcClient({ baseUrl: devnet.url, account });
      const aitbc = createAitbcNetworkBackend({ client, intents, network: 'devnet', listStaleMs: 2_000, onHealth: () => publish() });
      return { network, kind: 'devnet', backend: aitbc, aitbc, client, devnet, miners: miners.map((m, i) => ({ miner: m, spec: specs[i] as DevnetMinerSpec })), balanceAit: null };
    }
    // The public hub serves the coordinator under /c and the marketplace at the root (§0).
    const client = createAitbcClient({ baseUrl: network, account, marketplaceUrl: resolveMarketplaceUrl(network, core.env) });
    const aitbc = createAitbcNetworkBackend({ client, intents, network, onHealth: () => publish() });
    return { network, kind: 'remote', backend: aitbc, aitbc, client, devnet: null, miners: [], balanceAit: null };
  }

  async function shut(r: Runtime): Promise<void> {
    await Promise.allSettled(r.miners.map((m) => m.miner.stop()));
    await r.devnet?.close();
  }

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
      r.balanceAit = (await r.client.balance({ timeoutMs: 5_000 })).balance;
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
      await shut(old);
      try {
        rt = await open(network);
      } catch (err) {
        core.log.error('network.open_failed', { network, err: String(err) });
        rt = { ...OFF, network, kind: network === 'devnet' ? 'devnet' : 'remote', backend: { ...offlineNetwork, health: () => ({ state: 'down', message: `Could not start: ${String(err)}`, network }) } };
      }
      await refresh();
      publish();
    });
    return switching;
  }

  return {
    network: () => rt.backend,
    devnetUrl: () => rt.devnet?.url ?? null,
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
        rt.devnet.ledger.credit(rt.client.address, amountAit ?? '100', 'faucet');
        await refresh();
        return status();
      },
    },
    async start() {
      await activate(core.settings.get().network);
      timer = setInterval(() => {
        const wanted = core.settings.get().network;
        if (wanted !== rt.network) void activate(wanted);
        else void refresh();
      }, 5_000);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      await switching;
      await shut(rt);
      rt = OFF;
    },
  };
}
