import type { NetworkStatus } from '../../shared/contract/network';
import { createAitbcClient, resolveMarketplaceUrl, type AitbcClient, type EscrowSigner } from '../aitbc/port';
import type { ReceiptVerdict } from './escrow-payment';
import { DEVNET_WIRES, startDevnet, type Devnet, type DevnetWire, type Groth16Prover } from '../devnet/port';
import type { CoreServices } from '../feature';
import type { Miner } from '../miner/port';
import { offlineNetwork, type NetworkBackend } from '../routing/port';
import { createAitbcNetworkBackend, type AitbcNetworkBackend } from './aitbc-network-backend';
import { loadOrCreateClientAccount } from './client-keys';
import { defaultMinerSpecs, startDevnetMiners, type DevnetMinerSpec } from './devnet-miners';
import type { JobIntentStore } from './job-intents';
import type { PaymentNote } from './payment-store';

/** How the network feature starts the embedded devnet (the rest comes from env/settings). */
export interface NetworkRuntimeOptions {
  /** Devnet port (default 8203, env CLAWGRID_DEVNET_PORT); 0 = any free port. */
  devnetPort?: number;
  devnetMiners?: number;
  /** Play money credited to the devnet client wallet on first start. */
  devnetStartingAit?: string;
  /** The Groth16 worker the devnet proves receipts with; without it devnet proofs are `service_unavailable`. */
  zkProver?: Groth16Prover;
  /**
   * The wallet's key (the one the person imported), through the wallet's port: the buyer of every escrow.
   * On the devnet, play money, the devnet login key stands in while no wallet is set up.
   */
  escrowSigner?: () => Promise<EscrowSigner | null>;
  /** The address that signer signs with, without reading the key (shown balances and the faucet use it). */
  escrowPayer?: () => string | null;
  /** Checks a receipt (and its proofs) before its payment is accepted (proofs, through an adapter). */
  verifyReceipt?: (receipt: unknown, jobId: string) => Promise<ReceiptVerdict>;
  /** The wire the embedded devnet speaks (default `v025`; env CLAWGRID_DEVNET_WIRE; `c27c654` for compatibility). */
  devnetWire?: DevnetWire;
  /** How often payments that can still change are asked about (default 15 s). */
  paymentRefreshMs?: number;
}

/** One active network: its backend for the engine, the logged-in client and, on the devnet, the server and miners. */
export interface NetworkRuntime {
  network: string;
  kind: NetworkStatus['kind'];
  backend: NetworkBackend;
  aitbc: AitbcNetworkBackend | null;
  client: AitbcClient | null;
  devnet: Devnet | null;
  miners: { miner: Miner; spec: DevnetMinerSpec }[];
  balanceAit: string | null;
  /** Devnet: the address whose play money pays for jobs (v0.25: the wallet once there is one; else the login key). */
  payer?: () => string;
}

export const OFF: NetworkRuntime = { network: 'off', kind: 'off', backend: offlineNetwork, aitbc: null, client: null, devnet: null, miners: [], balanceAit: null };

/** Opens `network`: "off", "devnet" (starts the embedded devnet and its miners) or a coordinator URL. */
export async function openNetwork(core: CoreServices, network: string, intents: JobIntentStore, opts: NetworkRuntimeOptions, onHealth: () => void, onPayment?: (n: PaymentNote) => void): Promise<NetworkRuntime> {
  if (network === 'off') return OFF;
  const account = loadOrCreateClientAccount(core.dataDir, network);
  if (network === 'devnet') {
    const wanted = opts.devnetPort ?? Number(core.env.CLAWGRID_DEVNET_PORT ?? 8203);
    const zk = opts.zkProver ? { engine: opts.zkProver } : false;
    const wire = opts.devnetWire ?? DEVNET_WIRES.find((w) => w === core.env.CLAWGRID_DEVNET_WIRE) ?? 'v025';
    const devnet = await startDevnet({ dataDir: core.dataDir, port: wanted, env: core.env, zk, wire }).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE') throw err;
      core.log.warn('devnet.port_in_use', { port: wanted });
      return startDevnet({ dataDir: core.dataDir, port: 0, env: core.env, zk, wire });
    });
    const fund = (address: string) => {
      if (devnet.ledger.balance(address) === '0') devnet.ledger.credit(address, opts.devnetStartingAit ?? '100', 'faucet');
    };
    fund(account.address);
    // the wallet pays on the devnet too (play money credited once); the login key while there is no wallet
    const signer = async (): Promise<EscrowSigner> => {
      const wallet = await (opts.escrowSigner?.() ?? Promise.resolve(null)).catch(() => null);
      if (wallet) fund(wallet.address);
      return wallet ?? account;
    };
    const { miners, specs } = await startDevnetMiners({
      coordinatorUrl: devnet.url, apiKey: devnet.config.MINER_API_KEYS[0] as string, ollamaUrl: core.settings.get().ollamaUrl,
      specs: defaultMinerSpecs(opts.devnetMiners ?? Number(core.env.CLAWGRID_DEVNET_MINERS ?? 2)), log: core.log,
    });
    const client = createAitbcClient({ baseUrl: devnet.url, account });
    const aitbc = createAitbcNetworkBackend({ client, intents, network: 'devnet', listStaleMs: 2_000, onHealth, cancelRefunds: true, signer, onPayment, ...(opts.verifyReceipt ? { verifyReceipt: opts.verifyReceipt } : {}) });
    // c27c654: the coordinator escrows from the login account; v0.25: the buyer who signs the lock pays
    // (no key is read for it: the header balance asks every few seconds)
    const payer = () => {
      const wallet = wire === 'v025' ? (opts.escrowPayer?.() ?? null) : null;
      if (wallet) fund(wallet);
      return wallet ?? account.address;
    };
    return { network, kind: 'devnet', backend: aitbc, aitbc, client, devnet, miners: miners.map((m, i) => ({ miner: m, spec: specs[i] as DevnetMinerSpec })), balanceAit: null, payer };
  }
  // The public hub serves the coordinator under /c and the marketplace at the root (§0).
  const client = createAitbcClient({ baseUrl: network, account, marketplaceUrl: resolveMarketplaceUrl(network, core.env), ...(core.env.CLAWGRID_CHAIN_URL ? { chainUrl: core.env.CLAWGRID_CHAIN_URL } : {}) });
  // A real network: only the person's wallet pays, never the login key
  const aitbc = createAitbcNetworkBackend({ client, intents, network, onHealth, onPayment, ...(opts.escrowSigner ? { signer: opts.escrowSigner } : {}), ...(opts.verifyReceipt ? { verifyReceipt: opts.verifyReceipt } : {}) });
  return { network, kind: 'remote', backend: aitbc, aitbc, client, devnet: null, miners: [], balanceAit: null };
}

/** Stops the runtime's miners, then its devnet. */
export async function shutNetwork(r: NetworkRuntime): Promise<void> {
  await Promise.allSettled(r.miners.map((m) => m.miner.stop()));
  await r.devnet?.close();
}
