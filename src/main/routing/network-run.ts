import { compareDecimals, formatAmount, mulDivCeil, parseAmount } from '../../shared/domain/decimal';
import { tokensToReserve } from '../../shared/domain/budget';
import type { Admission } from './admission';
import { NetworkError, type NetworkBackend, type NetworkInferenceRequest, type NetworkInferenceResult } from './network-backend';

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
  maxTokens: number;
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

/**
 * Admission (worst-case reservation) → run → settle to the actual cost, or release on any failure or
 * cancel: a job that lost a race or was abandoned is never silently billed.
 */
export async function runOnNetwork(i: NetworkRunInput): Promise<NetworkOutcome> {
  const reservedPrice = i.reservePricePer1kTokensAit ?? i.pricePer1kTokensAit ?? '0';
  const admitted = await i.admission
    .admit({ requestId: i.req.requestId, agentId: i.agentId, model: i.req.model, minerId: i.req.minerId ?? null, pricePer1kTokensAit: reservedPrice, maxTokens: tokensToReserve(parseAmount(reservedPrice), i.maxTokens) }, i.signal)
    .catch((err: unknown) => ({ ok: false as const, code: 'approval_denied' as const, message: err instanceof Error ? err.message : String(err) }));
  if (!admitted.ok) return { ok: false, status: 429, message: admitted.message, jobId: null, code: admitted.code };
  const reservation = admitted.reservation;
  let jobId: string | null = null;
  let req = i.req;
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
        reservation.release('canceled after completion');
        return { ok: false, status: 503, message: 'canceled', jobId: result.jobId, code: 'canceled' };
      }
      reservation.settle(costAit, { jobId: result.jobId });
      return { ok: true, result, costAit };
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
          req = { ...req, minerId: next.minerId };
          price = next.pricePer1kTokensAit;
          continue;
        }
      }
      reservation.release(i.signal.aborted ? 'canceled' : `failed: ${e.code}`);
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
