import type { AitbcClient, V025Payment } from '../aitbc/port';
import { createChainClient, type ChainClient, type ChainLegs, type PaymentLookup, type PaymentSource, type RemotePayment, type RemoteState } from '../wallet/port';

/**
 * The wallet's PaymentSource over the network feature: the connected coordinator's payment view for each job
 * (`GET /v1/jobs/{id}/payment` — one route on both wires; v0.25 adds the lock/release tx and the acceptance
 * states) and the chain's escrow legs (`GET /rpc/escrow/{job_id}` on the network's chain RPC). Paid jobs of
 * ours the coordinator lists (`GET /v1/jobs`) that the ledger does not know are looked up too, so a payment the
 * ledger missed (a crash between release and booking) is found. Earnings are read from the chain alone: the
 * escrow names the payee and what was released to it.
 */
export interface NetworkPaymentSourceDeps {
  /** The network feature's connected coordinator (`network.coordinator`). */
  coordinator: () => { network: string; client: AitbcClient } | null;
  /** Our payout address as a provider (edge-miner mode); null = no earnings to read. */
  earningAddress?: () => string | null;
  /** How many of our newest jobs to scan for payments the ledger lacks (default 100). */
  discoverLimit?: number;
  /** Lookups in flight at once (default 4). */
  concurrency?: number;
}

const STATES: Record<string, RemoteState> = {
  pending: 'pending', escrowed: 'escrowed', pending_acceptance: 'awaiting_acceptance', released: 'released',
  refunded: 'refunded', disputed: 'disputed', settlement_failed: 'failed', skipped: 'failed', failed: 'failed',
};

/** Python's naive ISO timestamps are UTC; a missing or unreadable one is null. */
function timeOf(...values: (string | null | undefined)[]): number | null {
  for (const v of values) {
    if (!v) continue;
    const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
    if (Number.isFinite(ms)) return ms;
  }
  return null;
}

async function pool<T>(items: readonly T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  }));
}

export function networkPaymentSource(d: NetworkPaymentSourceDeps): PaymentSource {
  let chain: { url: string; client: ChainClient } | null = null;
  const chainOf = (url: string) => {
    if (chain?.url !== url) chain = { url, client: createChainClient(url, { timeoutMs: 5_000 }) };
    return chain.client;
  };
  const legs = async (c: ChainClient, jobId: string): Promise<ChainLegs | null | 'unavailable'> => {
    try {
      const e = await c.escrow(jobId);
      return e && { state: e.state, payee: e.provider, amountAit: e.amountAit, releasedAit: e.releasedAit, refundedAit: e.refundedAit, lockTx: e.lockTx, releaseTx: e.releaseTx, refundTx: e.refundTx };
    } catch {
      return 'unavailable';
    }
  };
  const spendOf = (jobId: string, p: V025Payment, onChain: RemotePayment['chain']): RemotePayment => ({
    jobId, role: 'spend', amountAit: String(p.amount), state: STATES[p.status] ?? 'pending', status: p.status, receiptId: null,
    changedAtMs: timeOf(p.released_at, p.refunded_at, p.updated_at),
    lockTx: p.lock_tx_hash ?? (p.status === 'escrowed' ? (p.transaction_hash ?? null) : null),
    releaseTx: p.release_tx_hash ?? (p.status === 'released' && !p.lock_tx_hash ? (p.transaction_hash ?? null) : null),
    refundTx: p.refund_transaction_hash ?? null,
    chain: onChain,
  });

  return {
    connected: () => d.coordinator()?.network ?? null,
    async lookup(q) {
      const c = d.coordinator();
      if (!c) throw new Error('No network is connected');
      const out: PaymentLookup = { network: c.network, payments: [], notFound: [], failed: [] };
      const chainClient = chainOf(c.client.v025.chainUrl);
      // Only a server that says it is a chain node (/health names its proposer or unit scale) may say "no escrow":
      // a coordinator answering 404 on a path it does not serve must not read as a missing escrow.
      const isChain = await c.client.v025.chainHealth({ timeoutMs: 5_000 }).then((h) => Boolean(h.proposer_id || h.units_per_ait), () => false);
      const read = (jobId: string) => (isChain ? legs(chainClient, jobId) : Promise.resolve('unavailable' as const));
      const spend = new Set(q.spend);
      const listed = await c.client.listJobs({ limit: d.discoverLimit ?? 100 }, { timeoutMs: 10_000 }).catch(() => []);
      for (const j of listed) if (j.payment_status && j.payment_status !== 'skipped' && !q.known?.has(j.job_id)) spend.add(j.job_id);
      await pool([...spend], d.concurrency ?? 4, async (jobId) => {
        try {
          const p = await c.client.v025.payment(jobId, { timeoutMs: 10_000 });
          if (!p) out.notFound.push({ jobId, role: 'spend' });
          else out.payments.push(spendOf(jobId, p, await read(jobId)));
        } catch (err) {
          out.failed.push({ jobId, error: err instanceof Error ? err.message : String(err) });
        }
      });
      const me = d.earningAddress?.()?.toLowerCase() ?? null;
      await pool(me ? q.earning : [], d.concurrency ?? 4, async (jobId) => {
        const l = await read(jobId);
        if (l === 'unavailable') out.failed.push({ jobId, error: 'the chain could not be read' });
        else if (!l || l.payee?.toLowerCase() !== me) out.notFound.push({ jobId, role: 'earning' });
        else {
          const state: RemoteState = l.state === 'released' ? 'released' : l.state === 'refunded' ? 'refunded' : 'escrowed';
          out.payments.push({ jobId, role: 'earning', amountAit: l.releasedAit ?? l.amountAit ?? '0', state, status: l.state, receiptId: null, changedAtMs: null, lockTx: l.lockTx, releaseTx: l.releaseTx, refundTx: l.refundTx, chain: l });
        }
      });
      return out;
    },
  };
}
