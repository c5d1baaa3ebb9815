import { compareDecimals, formatAmount, parseAmount, tryParseDecimal } from '../../shared/domain/decimal';
import type { Db } from '../store/database';
import { bookEarning } from './earnings-book';
import type { ServedJobs } from './earn-jobs-store';
import type { MinerWire } from './miner-wire';

/** The coordinator's payment states in which the buyer's AIT is held for this miner (not yet paid out). */
const HELD = new Set(['escrowed', 'pending_acceptance', 'disputed', 'settlement_failed']);

/**
 * Follows every served job's payment until it closes, booking each stage from someone else's word:
 * pending ← the coordinator (`POST /v1/miners/{id}/jobs`: payment_status + payment_amount); released ← the chain
 * (`GET /rpc/escrow/{job_id}`: state `released`, the amount it moved to our payout address, its tx). A release the
 * coordinator reports but the chain does not (or that went to another address) stays pending.
 * Returns how many entries it booked.
 */
export async function settleEarnings(db: Db, wire: MinerWire, jobs: ServedJobs, o: { network: string; payoutAddress: string | null; now?: () => number }): Promise<number> {
  const open = jobs.open(o.network);
  if (!open.length) return 0;
  const now = o.now ?? Date.now;
  const views = new Map((await wire.jobs({ status: 'COMPLETED', limit: 500 })).map((v) => [v.job_id, v]));
  let booked = 0;
  for (const j of open) {
    const v = views.get(j.job_id);
    if (!v) continue;
    if (j.state !== 'completed') jobs.confirmCompleted(o.network, j.job_id);
    const status = v.payment_status ?? null;
    jobs.payment(o.network, j.job_id, status, now());
    const amount = tryParseDecimal(v.payment_amount ?? null);
    if (!status || amount === null || compareDecimals(amount, '0') <= 0) continue;
    if (HELD.has(status) || status === 'released') {
      if (bookEarning(db, { network: o.network, jobId: j.job_id, kind: 'pending', amount, source: 'coordinator:/v1/miners/{id}/jobs', txHash: null, atMs: now() })) booked++;
    }
    if (status === 'disputed' && bookEarning(db, { network: o.network, jobId: j.job_id, kind: 'disputed', amount, source: 'coordinator:/v1/miners/{id}/jobs', txHash: null, atMs: now() })) booked++;
    if (status === 'refunded' && bookEarning(db, { network: o.network, jobId: j.job_id, kind: 'refunded', amount: '0', source: 'coordinator:/v1/miners/{id}/jobs', txHash: null, atMs: now() })) booked++;
    if (status !== 'released') continue;
    const chain = await wire.escrow(j.job_id).catch(() => null);
    if (!chain || chain.state !== 'released') continue;
    const released = tryParseDecimal(chain.released_amount ?? null);
    const payee = chain.provider?.toLowerCase() ?? null;
    if (released === null || parseAmount(released) <= 0n || (o.payoutAddress && payee !== o.payoutAddress.toLowerCase())) continue;
    if (bookEarning(db, { network: o.network, jobId: j.job_id, kind: 'released', amount: formatAmount(parseAmount(released)), source: 'chain:/rpc/escrow/{job_id}', txHash: chain.release_tx_hash ?? null, atMs: now() })) booked++;
  }
  return booked;
}
