import { emptyIsFine, emptyReplyMessage, hasAnswer, isContextOverflow, overflowMessage } from './answer-checks';
import { collect, errorOf } from './local-answer';
import type { LocalRun, LocalStart } from './local-run';
import { metricsOf, relayNdjson } from './ndjson-relay';
import { failed, NO_METRICS, type Exec, type ExecContext, type ExecEnd } from './exec-types';

/** The body for Ollama: the client's bytes as received, re-serialised only when a `@target` suffix must go. */
export function upstreamBody(x: ExecContext): Buffer | string {
  const { call } = x;
  return call.parsed.target.kind === 'auto' ? call.raw : JSON.stringify({ ...call.body, model: call.body.model.slice(0, call.body.model.lastIndexOf('@')) });
}

/**
 * The local attempt's answer once it started: Ollama's bytes (whole or streamed), its own error, or a 503.
 * Synchronous unless the rest of a whole answer must still be read (no promise of its own on the common path).
 */
export function answerLocal(x: ExecContext, run: LocalRun, s: LocalStart, preMs: number): Exec | Promise<Exec> {
  const { d, signal, call } = x;
  if (s.kind === 'failed') {
    if (!signal.aborted) d.localBreaker.failure();
    const msg = signal.reason === 'deadline' ? `deadline exceeded: local Ollama did not answer within ${d.deadlineMs} ms` : s.message;
    return failed(503, msg, 'local', preMs);
  }
  d.localBreaker.success();
  if (s.kind === 'http') {
    // A prompt over the context: a clean 400, whatever status Ollama used, so OpenClaw compacts and retries.
    if (isContextOverflow(errorOf(s.body))) return failed(400, overflowMessage(errorOf(s.body)), 'local', preMs);
    // Ollama's own answer (400 bad option, 404 unknown model…) goes back as it came.
    const isJson = s.contentType.includes('application/json');
    return failed(s.status, isJson ? errorOf(s.body) : s.body || `Ollama answered HTTP ${s.status}`, 'local', preMs, { ...(isJson ? { ollamaBody: s.body } : {}), errorText: errorOf(s.body) });
  }
  const ttftMs = s.at - call.arrivedAt;
  if (x.decision.reasons.includes('local_warm')) {
    x.warmTtfts.push(s.at - run.sentAt);
    if (x.warmTtfts.length > 200) x.warmTtfts.shift();
  }
  const model = call.parsed.model;
  if (x.stream) {
    // Ollama refused before the first token, in an error line under HTTP 200: nothing was sent yet, so an
    // overflow can still be the proper 400.
    const early = s.first[0] === 123 && s.first.subarray(0, 9).toString('latin1') === '{"error":' ? errorOf(s.first.toString('utf8').split('\n')[0]!) : null;
    if (early !== null && isContextOverflow(early)) {
      s.res.destroy();
      return failed(400, overflowMessage(early), 'local', preMs);
    }
    const overheadMs = preMs + (performance.now() - s.at);
    const sink: Buffer[] | undefined = d.onExecuted ? [] : undefined;
    const relay = relayNdjson(s.res, s.first, signal, sink, call.body.model);
    const end = relay.done.then((r): ExecEnd => {
      if (!r.ok) return { ok: false, httpStatus: 200, error: r.message, metrics: NO_METRICS };
      d.local.markWarm(model, x.numCtx);
      return { ok: true, httpStatus: 200, error: null, metrics: r.metrics, ...(sink ? { executed: { backend: 'local', response: sink, receipt: null, network: null } } : {}) };
    });
    return { answer: { type: 'stream', chunks: relay.chunks }, backend: 'local', overheadMs, ttftMs, costAit: '0', jobId: x.jobId, end };
  }
  if (s.complete) return wholeLocal(x, s.first, s.at, preMs);
  return collect(s.res, s.first).then(
    (rest) => wholeLocal(x, rest, s.at, preMs),
    () => failed(503, signal.reason === 'deadline' ? 'deadline exceeded' : 'Ollama dropped the connection before the answer was complete', 'local', preMs),
  );
}

/** A non-streamed local answer read whole: checked (JSON, not empty) and metered from its own counts. */
function wholeLocal(x: ExecContext, rest: Buffer, at: number, preMs: number): Exec {
  const { d, call } = x;
  let metrics = NO_METRICS;
  let whole: unknown;
  try {
    whole = JSON.parse(rest.toString('utf8'));
    metrics = metricsOf(whole);
  } catch {
    return failed(502, 'Ollama sent a malformed answer', 'local', preMs);
  }
  if (!hasAnswer(whole) && !emptyIsFine(metrics.doneReason)) return failed(502, emptyReplyMessage(call.body.model, metrics.doneReason), 'local', preMs);
  d.local.markWarm(call.parsed.model, x.numCtx);
  const overheadMs = preMs + (performance.now() - at);
  return {
    answer: { type: 'whole', chunk: rest },
    backend: 'local',
    overheadMs,
    ttftMs: at - call.arrivedAt,
    costAit: '0',
    jobId: x.jobId,
    end: { ok: true, httpStatus: 200, error: null, metrics, executed: { backend: 'local', response: rest, receipt: null, network: null } },
  };
}
