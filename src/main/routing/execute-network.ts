import { isJsonObject } from '../../shared/domain/canonical-json';
import { encodeAll } from './ollama-encode';
import { failed, type Exec, type ExecContext } from './exec-types';
import { networkPieces } from './network-output';
import { runOnNetwork, type NetworkOutcome } from './network-run';
import { Readable } from 'node:stream';
import type { RunErrorCode } from './run-types';

/** Starts one network attempt for this request (admission → run → settle); feeds the network breaker. */
export function networkAttempt(x: ExecContext, sig: AbortSignal): Promise<NetworkOutcome> {
  const { d, call, decision } = x;
  const { body, parsed, agent } = call;
  return runOnNetwork({
    backend: d.network(),
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
      ...(agent.policy.maxPricePer1kAit ? { maxPricePer1kTokensAit: agent.policy.maxPricePer1kAit } : {}),
      ...(agent.policy.requireProof ? { zkProofRequired: true } : {}),
    },
    pricePer1kTokensAit: decision.pricePer1kTokensAit,
    maxTokens: Math.ceil(x.chars / 4) + (body.options?.num_predict && body.options.num_predict > 0 ? body.options.num_predict : 4096),
    ttlSeconds: d.networkTtlSeconds,
    signal: sig,
    onJobCreated: (j) => (x.jobId = j),
  }).then((o) => {
    if (o.ok) d.networkBreaker.success();
    else if (o.code !== 'canceled' && o.code !== 'off' && !sig.aborted && o.status === 503) d.networkBreaker.failure(o.retryAfterMs);
    return o;
  });
}

/** A network outcome as the engine's answer: typed pieces (streamed or whole), or the error value. */
export function answerNetwork(x: ExecContext, o: NetworkOutcome, preMs: number): Exec {
  const { d, call, signal } = x;
  if (!o.ok) {
    const msg = signal.reason === 'deadline' ? `deadline exceeded: ${o.message}` : o.message;
    const code = o.status === 429 ? admissionCode(o.code) : undefined;
    return failed(o.status, msg, 'network', preMs, { ...(o.retryAfterMs !== undefined ? { retryAfterMs: o.retryAfterMs } : {}), jobId: o.jobId ?? x.jobId, ...(code ? { code } : {}) });
  }
  const r = o.result;
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
