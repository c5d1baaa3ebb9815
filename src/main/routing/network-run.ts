import { compareDecimals, formatAmount, mulDivCeil, parseAmount } from '../../shared/domain/decimal';
import { promptTokenBound, tokensToReserve } from '../../shared/domain/budget';
import type { Admission, Reservation } from './admission';
import { NetworkError, type NetworkBackend, type NetworkInferenceRequest, type NetworkInferenceResult, type NetworkPayment } from './network-backend';

/** The outcome of one network attempt; never throws. */
export type NetworkOutcome =
  | { ok: true; result: NetworkInferenceResult; costAit: string }
  | { ok: false; status: 429 | 503; message: string; retryAfterMs?: number; jobId: string | null; code: string };

export interface NetworkRunInput {
  backend: NetworkBackend;
  admission: Admission;
  agentId: string;
  req: Omit<NetworkInferenceRequest, 'paymentAmountAit' | 'ttlSeconds'>;
  pricePer1kTokensAit: string | null;
  /** The price the worst case is reserved at (≥ the chosen miner's, so one move to a dearer runner-up is covered). */
  reservePricePer1kTokensAit?: string | null;
  /** The most output tokens the job may produce: set on the job as `num_predict`, so the reservation bounds it. */
  maxOutputTokens: number;
  ttlSeconds: number;
  signal: AbortSignal;
  onJobCreated(jobId: string): void;
  /**
   * Other miners for the model, best first (breakers closed), asked when the miner made no progress; absent = never
   * move (a pinned miner). Only a miner within the reserved price is taken: the reservation covers one paid job.
   */
  alternatives?: () => Promise<readonly { minerId: string; pricePer1kTokensAit: string }[]>;
  /** How each miner did (feeds the per-miner breakers). */
  onMiner?: (minerId: string, ok: boolean) => void;
}

/** At most this many jobs per request: the first, then a move to another miner, then one more. */
const MAX_JOBS = 3;

/** Payment states in which the buyer's money has gone to the miner or will (the window releases it). */
const PAID: ReadonlySet<NetworkPayment['state']> = new Set(['released', 'awaiting_acceptance', 'disputed']);

/**
 * Closes the reservation from what the network did with the money: a paid job is booked at its escrow and chain
 * fee (whoever hung up); a refunded lock still costs its fee; an escrow that may still move (locked, the job not
 * done) stays held, and start-up resume settles it from the coordinator's word.
 */
function book(r: Reservation, o: { payment?: NetworkPayment; jobId: string | null; completed: boolean; earlierFees: bigint; why: string }): void {
  const { payment: p, jobId, earlierFees, why } = o;
  const fees = formatAmount(parseAmount(p?.feeAit ?? '0') + earlierFees);
  if (!jobId) return r.release(why);
  if (p && (PAID.has(p.state) || (p.state === 'locked' && o.completed))) return r.settle(p.amountAit, { jobId, feeAit: fees, note: p.state === 'disputed' ? `disputed: ${p.reason ?? why}` : why });
  // money in flight, or a completed job whose payment state is unclear: start-up resume / expiry settles it from the coordinator's word
  if (p?.state === 'locked' || (p?.state === 'failed' && o.completed)) return;
  if ((p?.lockTx && p.feeAit) || earlierFees > 0n) return r.settle('0', { jobId, feeAit: fees, note: `${why}; escrow refunded, the lock fee stays paid` });
  r.release(why);
}

/**
 * Admission (worst-case reservation: a real upper bound on the prompt, plus the output tokens the job is allowed) →
 * run → settle to what the network charged, or release when nothing was: a job that lost a race or was abandoned
 * is never silently billed, and one that was paid is never lost.
 */
export async function runOnNetwork(i: NetworkRunInput): Promise<NetworkOutcome> {
  const reservedPrice = i.reservePricePer1kTokensAit ?? i.pricePer1kTokensAit ?? '0';
  const maxTokens = promptTokenBound(i.req) + i.maxOutputTokens;
  const admitted = await i.admission
    .admit({ requestId: i.req.requestId, agentId: i.agentId, model: i.req.model, minerId: i.req.minerId ?? null, pricePer1kTokensAit: reservedPrice, maxTokens: tokensToReserve(parseAmount(reservedPrice), maxTokens) }, i.signal)
    .catch((err: unknown) => ({ ok: false as const, code: 'approval_denied' as const, message: err instanceof Error ? err.message : String(err) }));
  if (!admitted.ok) return { ok: false, status: 429, message: admitted.message, jobId: null, code: admitted.code };
  const reservation = admitted.reservation;
  let jobId: string | null = null;
  // The miner may not produce more than was reserved for: its output is capped on the job itself.
  let req = { ...i.req, options: { ...i.req.options, num_predict: i.maxOutputTokens } };
  let earlierFees = 0n;
  let price = i.pricePer1kTokensAit ?? '0';
  const tried = new Set<string>();
  /** The next miner a stuck job could move to: untried, within the reserved price. */
  const nextMiner = async () => (i.alternatives && !i.signal.aborted ? (await i.alternatives().catch(() => [])).find((o) => !tried.has(o.minerId) && compareDecimals(o.pricePer1kTokensAit, reservedPrice) <= 0) : undefined);
  for (let job = 1; ; job++) {
    if (req.minerId) tried.add(req.minerId);
    // A progress deadline only where the job could move: with nowhere to go it waits, as it always did.
    const { progressDeadline, ...rest } = req;
    const movable = progressDeadline && job < MAX_JOBS && (await nextMiner()) !== undefined;
    try {
      const result = await i.backend.run(
        // Each job its own idempotency key (a retry of the same job never creates a second one); the reservation stays one.
        { ...rest, ...(movable ? { progressDeadline } : {}), requestId: job === 1 ? req.requestId : `${req.requestId}~${job}`, paymentAmountAit: reservation.amountAit === '0' ? undefined : reservation.amountAit, ttlSeconds: i.ttlSeconds },
        {
          signal: i.signal,
          onJobCreated: (id) => {
            jobId = id;
            i.onJobCreated(id);
          },
        },
      );
      const served = result.minerId ?? req.minerId;
      if (served) i.onMiner?.(served, true);
      const costAit = result.costAit ?? formatAmount(mulDivCeil(parseAmount(price), BigInt(result.promptTokens + result.evalTokens), 1000n));
      if (i.signal.aborted) {
        // The job completed (and was paid) although the caller hung up: booked all the same, never released
        if (result.payment || earlierFees > 0n) book(reservation, { payment: result.payment, jobId: result.jobId, completed: true, earlierFees, why: 'completed after the caller hung up' });
        else reservation.release('canceled after completion');
        return { ok: false, status: 503, message: 'canceled', jobId: result.jobId, code: 'canceled' };
      }
      if (result.payment) book(reservation, { payment: result.payment, jobId: result.jobId, completed: true, earlierFees, why: '' });
      else reservation.settle(costAit, { jobId: result.jobId, ...(earlierFees ? { feeAit: formatAmount(earlierFees) } : {}) });
      return { ok: true, result, costAit: result.payment ? result.payment.amountAit : costAit };
    } catch (err) {
      const e = err instanceof NetworkError ? err : new NetworkError('failed', err instanceof Error ? err.message : String(err));
      const miner = e.minerId ?? req.minerId;
      // Against the miner only when it stopped answering; a failure it reported is an answer (often about the request).
      if (miner && !i.signal.aborted && (e.code === 'stalled' || e.code === 'expired')) i.onMiner?.(miner, false);
      // The miner stopped answering and its job is canceled with nothing paid: the same reservation may pay another one.
      if (e.code === 'stalled' && !i.signal.aborted && job < MAX_JOBS) {
        if (miner) tried.add(miner);
        const next = await nextMiner();
        if (next) {
          if (e.payment?.lockTx && e.payment.feeAit) earlierFees += parseAmount(e.payment.feeAit); // a refunded lock keeps its fee
          req = { ...req, minerId: next.minerId };
          price = next.pricePer1kTokensAit;
          continue;
        }
      }
      book(reservation, { payment: e.payment, jobId: e.jobId ?? jobId, completed: false, earlierFees, why: i.signal.aborted ? 'canceled' : `failed: ${e.code}` });
      return {
        ok: false,
        status: 503, // the network's own 429 is capacity, not the agent's budget: OpenClaw falls back on 503
        message: `GPU network: ${e.message}`,
        retryAfterMs: e.retryAfterMs,
        jobId: e.jobId ?? jobId,
        code: e.code,
      };
    }
  }
}
