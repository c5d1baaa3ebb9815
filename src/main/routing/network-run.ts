import { formatAmount, mulDivCeil, parseAmount } from '../../shared/domain/decimal';
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
  maxTokens: number;
  ttlSeconds: number;
  signal: AbortSignal;
  onJobCreated(jobId: string): void;
}

/**
 * Admission (worst-case reservation) → run → settle to the actual cost, or release on any failure or
 * cancel: a job that lost a race or was abandoned is never silently billed.
 */
export async function runOnNetwork(i: NetworkRunInput): Promise<NetworkOutcome> {
  const price = i.pricePer1kTokensAit ?? '0';
  const admitted = await i.admission
    .admit({ requestId: i.req.requestId, agentId: i.agentId, model: i.req.model, minerId: i.req.minerId ?? null, pricePer1kTokensAit: price, maxTokens: i.maxTokens }, i.signal)
    .catch((err: unknown) => ({ ok: false as const, code: 'approval_denied' as const, message: err instanceof Error ? err.message : String(err) }));
  if (!admitted.ok) return { ok: false, status: 429, message: admitted.message, jobId: null, code: admitted.code };
  const reservation = admitted.reservation;
  let jobId: string | null = null;
  try {
    const result = await i.backend.run(
      { ...i.req, paymentAmountAit: reservation.amountAit === '0' ? undefined : reservation.amountAit, ttlSeconds: i.ttlSeconds },
      {
        signal: i.signal,
        onJobCreated: (id) => {
          jobId = id;
          i.onJobCreated(id);
        },
      },
    );
    const costAit = result.costAit ?? formatAmount(mulDivCeil(parseAmount(price), BigInt(result.promptTokens + result.evalTokens), 1000n));
    if (i.signal.aborted) {
      reservation.release('canceled after completion');
      return { ok: false, status: 503, message: 'canceled', jobId: result.jobId, code: 'canceled' };
    }
    reservation.settle(costAit, { jobId: result.jobId });
    return { ok: true, result, costAit };
  } catch (err) {
    const e = err instanceof NetworkError ? err : new NetworkError('failed', err instanceof Error ? err.message : String(err));
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
