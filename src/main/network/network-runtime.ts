import type { NetworkStatus } from '../../shared/contract/network';
import { createAitbcClient, resolveMarketplaceUrl, type AitbcClient } from '../aitbc/port';
import { startDevnet, type Devnet, type Groth16Prover } from '../devnet/port';
import type { CoreServices } from '../feature';
import type { Miner } from '../miner/port';
import { offlineNetwork, type NetworkBackend } from '../routing/port';
import { createAitbcNetworkBackend, type AitbcNetworkBackend } from './aitbc-network-backend';
import { loadOrCreateClientAccount } from './client-keys';
import { defaultMinerSpecs, startDevnetMiners, type DevnetMinerSpec } from './devnet-miners';
import type { JobIntentStore } from './job-intents';

/** How the network feature starts the embedded devnet (the rest comes from env/settings). */
export interface NetworkRuntimeOptions {
  /** Devnet port (default 8203, env CLAWGRID_DEVNET_PORT); 0 = any free port. */
  devnetPort?: number;
  devnetMiners?: number;
  /** Play money credited to the devnet client wallet on first start. */
  devnetStartingAit?: string;
  /** The Groth16 worker the devnet proves receipts with; without it devnet proofs are `service_unavailable`. */
  zkProver?: Groth16Prover;
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
}

export const OFF: NetworkRuntime = { network: 'off', kind: 'off', backend: offlineNetwork, aitbc: null, client: null, devnet: null, miners: [], balanceAit: null };

/** Opens `network`: "off", "devnet" (starts the embedded devnet and its miners) or a coordinator URL. */
export async function openNetwork(core: CoreServices, network: string, intents: JobIntentStore, opts: NetworkRuntimeOptions, onHealth: () => void): Promise<NetworkRuntime> {
  if (network === 'off') return OFF;
  const account = loadOrCreateClientAccount(core.dataDir, network);
  if (network === 'devnet') {
    const wanted = opts.devnetPort ?? Number(core.env.CLAWGRID_DEVNET_PORT ?? 8203);
    const zk = opts.zkProver ? { engine: opts.zkProver } : false;
    const devnet = await startDevnet({ dataDir: core.dataDir, port: wanted, env: core.env, zk }).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE') throw err;
      core.log.warn('devnet.port_in_use', { port: wanted });
      return startDevnet({ dataDir: core.dataDir, port: 0, env: core.env, zk });
    });
    if (devnet.ledger.balance(account.address) === '0') devnet.ledger.credit(account.address, opts.devnetStartingAit ?? '100', 'faucet');
    const { miners, specs } = await startDevnetMiners({
      coordinatorUrl: devnet.url, apiKey: devnet.config.MINER_API_KEYS[0] as string, ollamaUrl: core.settings.get().ollamaUrl,
      specs: defaultMinerSpecs(opts.devnetMiners ?? Number(core.env.CLAWGRID_DEVNET_MINERS ?? 2)), log: core.log,
    });
    const client = createAitbcClient({ baseUrl: devnet.url, account });
    const aitbc = createAitbcNetworkBackend({ client, intents, network: 'devnet', listStaleMs: 2_000, onHealth, cancelRefunds: true });
    return { network, kind: 'devnet', backend: aitbc, aitbc, client, devnet, miners: miners.map((m, i) => ({ miner: m, spec: specs[i] as DevnetMinerSpec })), balanceAit: null };
  }
  // The public hub serves the coordinator under /c and the marketplace at the root (§0).
  const client = createAitbcClient({ baseUrl: network, account, marketplaceUrl: resolveMarketplaceUrl(network, core.env) });
  const aitbc = createAitbcNetworkBackend({ client, intents, network, onHealth });
  return { network, kind: 'remote', backend: aitbc, aitbc, client, devnet: null, miners: [], balanceAit: null };
}

/** Stops the runtime's miners, then its devnet. */
export async function shutNetwork(r: NetworkRuntime): Promise<void> {
  await Promise.allSettled(r.miners.map((m) => m.miner.stop()));
  await r.devnet?.close();
}
