import { isJsonObject } from '../../shared/domain/canonical-json';
import { emptyReplyMessage, isContextOverflow, overflowMessage } from './answer-checks';
import { encodeAll } from './ollama-encode';
import { failed, type Exec, type ExecContext } from './exec-types';
import { networkPieces } from './network-output';
import { runOnNetwork, type NetworkOutcome } from './network-run';
import { rankOffers } from '../../shared/domain/offer-rank';
import { compareDecimals } from '../../shared/domain/decimal';
import { DEFAULT_MAX_OUTPUT_TOKENS } from '../../shared/domain/budget';
import { usableOffers } from './plan-input';
import { Readable } from 'node:stream';
import type { RunErrorCode } from './run-types';

/**
 * Starts one network attempt for this request (admission → run → settle); feeds the agent's and the miners' breakers.
 * Unless a miner is pinned, the worst case is reserved at the dearer of the chosen miner and the runner-up, so the job
 * can move once to another miner under the same reservation.
 */
export async function networkAttempt(x: ExecContext, sig: AbortSignal): Promise<NetworkOutcome> {
  const { d, call, decision } = x;
  const { body, parsed, agent } = call;
  const backend = d.network();
  const cap = agent.policy.maxPricePer1kAit;
  // A pinned miner (`@<miner>`) is the person's choice: its job is never moved to another one.
  const alternatives =
    parsed.target.kind === 'miner'
      ? undefined
      : async () => rankOffers(usableOffers(d, backend, parsed.model, await backend.offers()).filter((o) => cap === null || compareDecimals(o.pricePer1kTokensAit, cap) <= 0));
  const runnerUp = alternatives ? (await alternatives().catch(() => [])).find((o) => o.minerId !== decision.minerId) : undefined;
  const chosen = decision.pricePer1kTokensAit;
  const reserveAt = chosen !== null && runnerUp && compareDecimals(runnerUp.pricePer1kTokensAit, chosen) > 0 ? runnerUp.pricePer1kTokensAit : chosen;
  const o = await runOnNetwork({
    backend,
    admission: d.admission,
    agentId: agent.id,
    req: {
      requestId: x.requestId,
      model: parsed.model,
      ...(decision.minerId ? { minerId: decision.minerId } : {}),
      ...(call.kind === 'chat' ? { messages: body.messages as never } : { prompt: body.prompt ?? '', ...(body.system ? { system: body.system } : {}) }),
      ...(body.tools ? { tools: body.tools } : {}),
      ...(body.options ? { options: body.options } : {}),
      ...(body.think !== undefined ? { think: body.think as boolean | string } : {}),
      ...(body.format !== undefined ? { format: body.format } : {}),
      ...(cap ? { maxPricePer1kTokensAit: cap } : {}),
      ...(agent.policy.requireProof ? { zkProofRequired: true } : {}),
      progressDeadline: d.progressDeadline,
    },
    pricePer1kTokensAit: chosen,
    reservePricePer1kTokensAit: reserveAt,
    maxOutputTokens: body.options?.num_predict && body.options.num_predict > 0 ? body.options.num_predict : DEFAULT_MAX_OUTPUT_TOKENS,
    ttlSeconds: d.networkTtlSeconds,
    signal: sig,
    onJobCreated: (j) => (x.jobId = j),
    ...(alternatives ? { alternatives } : {}),
    onMiner: (minerId, ok) => (ok ? d.minerBreakers.for(minerId).success() : d.minerBreakers.for(minerId).failure()),
  });
  const breaker = d.agentBreakers.for(agent.id);
  if (o.ok) breaker.success();
  else if (o.code !== 'canceled' && o.code !== 'off' && !sig.aborted && o.status === 503 && !isContextOverflow(o.message)) breaker.failure(o.retryAfterMs);
  return o;
}

/** A network outcome as the engine's answer: typed pieces (streamed or whole), or the error value. */
export function answerNetwork(x: ExecContext, o: NetworkOutcome, preMs: number): Exec {
  const { d, call, signal } = x;
  if (!o.ok) {
    // The miner said the prompt does not fit: the same clean 400 as locally (OpenClaw compacts and retries).
    if (o.status === 503 && isContextOverflow(o.message)) return failed(400, overflowMessage(o.message), 'network', preMs, { jobId: o.jobId ?? x.jobId });
    const msg = signal.reason === 'deadline' ? `deadline exceeded: ${o.message}` : o.message;
    const code = o.status === 429 ? admissionCode(o.code) : undefined;
    return failed(o.status, msg, 'network', preMs, { ...(o.retryAfterMs !== undefined ? { retryAfterMs: o.retryAfterMs } : {}), jobId: o.jobId ?? x.jobId, ...(code ? { code } : {}) });
  }
  const r = o.result;
  if (!r.output.trim() && !(call.kind === 'chat' && r.toolCalls?.length)) {
    // Settled already (the miner ran the job): the row keeps its real cost, the agent gets an explicit error.
    return { ...failed(502, emptyReplyMessage(call.body.model, null), 'network', preMs, { jobId: r.jobId }), costAit: o.costAit };
  }
  const t = performance.now();
  const backend = r.minerId ? `network:${r.minerId}` : 'network';
  const pieces = networkPieces(call.kind, call.parsed.model, r, x.stream);
  // The proof chain commits to the bytes the agent receives: the same pure encoding the provider writes.
  const executed = d.onExecuted
    ? { backend: 'network' as const, response: encodeAll(pieces, x.stream), receipt: isJsonObject(r.receipt) ? r.receipt : null, network: d.network().health().network }
    : undefined;
  return {
    answer: x.stream ? { type: 'stream', chunks: Readable.from(pieces, { objectMode: true }) } : { type: 'whole', chunk: pieces[0]! },
    backend,
    overheadMs: preMs,
    ttftMs: t - call.arrivedAt,
    costAit: o.costAit,
    jobId: r.jobId,
    end: { ok: true, httpStatus: 200, error: null, metrics: { promptTokens: r.promptTokens, evalTokens: r.evalTokens, doneReason: 'stop' }, ...(executed ? { executed } : {}) },
  };
}

const ADMISSION_CODES: readonly RunErrorCode[] = ['budget_exhausted', 'over_price_cap', 'approval_denied', 'approval_timeout', 'wallet_locked'];
function admissionCode(code: string): RunErrorCode | undefined {
  return ADMISSION_CODES.find((c) => c === code);
}
