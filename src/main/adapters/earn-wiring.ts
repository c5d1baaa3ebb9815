import type { EarnDeps } from '../earn/port';
import type { MonitorService } from '../monitor/port';
import type { NetworkFeature } from '../network/port';
import type { OllamaService } from '../ollama/port';
import type { NetworkBackend } from '../routing/port';
import type { EarningsBook, WalletFeature } from '../wallet/port';
import type { EarnFeature } from '../earn/port';
import { parseAmount } from '../../shared/domain/decimal';

/**
 * Joins earn mode to the features it uses: the active network (where to register, the devnet's miner key, our own
 * jobs), the wallet's address (default payout, one of our buyer identities), the local Ollama, the monitor, the
 * in-flight counter on the engine, and the same receipt verdict the network runtime uses before paying.
 */
export function earnDeps(o: {
  network: NetworkFeature;
  wallet: Pick<WalletFeature, 'handlers'>;
  ollama: OllamaService;
  monitor: MonitorService;
  localInflight: () => number;
  verifyReceipt: EarnDeps['verifyReceipt'];
}): EarnDeps {
  return {
    network: () => o.network.minerAccess(),
    ownsJob: (jobId, requestId) => o.network.ownsJob(jobId, requestId),
    walletAddress: async () => (await o.wallet.handlers['wallet.status']({ refresh: false }, { transport: 'internal' })).address,
    ollama: o.ollama,
    monitor: o.monitor,
    localInflight: o.localInflight,
    verifyReceipt: o.verifyReceipt,
  };
}

/** The engine never buys from this machine's own miner: its offers are left out of what routing sees. */
export function withoutOwnOffers(backend: () => NetworkBackend, ownMinerIds: () => readonly string[]): () => NetworkBackend {
  return () => {
    const b = backend();
    return { ...b, health: () => b.health(), run: (req, hooks) => b.run(req, hooks), offers: async () => (await b.offers()).filter((x) => !ownMinerIds().includes(x.minerId)), ...(b.inflight ? { inflight: () => b.inflight!() } : {}) };
  };
}

/**
 * Reconciliation's view of earn mode's journal (wallet's `EarningsBook`), on the network reconciliation runs
 * against. `earn` is read lazily: the wallet is built before earn mode exists.
 */
export function earningsBookFor(earn: () => Pick<EarnFeature, 'earnings'> | null, network: () => string | null): EarningsBook {
  return {
    jobIds: () => {
      const n = network();
      return n ? (earn()?.earnings.jobIds(n) ?? []) : [];
    },
    booked: (jobId) => {
      const n = network();
      const v = n ? (earn()?.earnings.releasedAit(n, jobId) ?? null) : null;
      return v === null ? null : parseAmount(v);
    },
    appendMissing: (p, note) => {
      const n = network();
      const chain = p.chain && p.chain !== 'unavailable' ? p.chain : null;
      if (n) earn()?.earnings.appendReleased(n, p.jobId, chain?.releasedAit ?? p.amountAit, p.releaseTx ?? chain?.releaseTx ?? null, note);
    },
  };
}
