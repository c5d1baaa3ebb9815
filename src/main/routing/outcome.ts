import type { RequestLogEntry } from '../../shared/contract/routing';
import type { Exec, ExecContext, ExecEnd } from './exec-types';
import { modelDigestOf } from './execution-port';

/**
 * The end of one run: its metering row (queued in memory; the meter writes batches off the request path)
 * and, for a complete answer, one proof chain record (queued by the receiver). Returns the row.
 */
export function finalize(x: ExecContext, exec: Exec, end: ExecEnd): RequestLogEntry {
  const { d, call, decision } = x;
  const durationMs = performance.now() - call.arrivedAt;
  const m = end.metrics;
  const status: RequestLogEntry['status'] = end.ok ? 'ok' : x.signal.reason === 'client' ? 'canceled' : 'error';
  const entry: RequestLogEntry = {
    id: x.requestId,
    at: Date.now(),
    agentId: call.agent.id,
    agentName: call.agent.name,
    endpoint: call.kind,
    model: call.body.model,
    strategy: decision.strategy,
    reasons: decision.reasons,
    explanation: decision.explanation,
    backend: exec.backend,
    status,
    httpStatus: end.httpStatus,
    error: end.error,
    promptTokens: m.promptTokens,
    evalTokens: m.evalTokens,
    ttftMs: exec.ttftMs,
    durationMs,
    tokensPerSecond: exec.ttftMs !== null && m.evalTokens > 0 && durationMs > exec.ttftMs ? (m.evalTokens * 1000) / (durationMs - exec.ttftMs) : null,
    costAit: exec.costAit,
    overheadMs: exec.overheadMs,
    jobId: exec.jobId,
  };
  d.meter.record(entry);
  if (d.onExecuted && end.ok && end.executed) {
    const e = end.executed;
    try {
      d.onExecuted({ requestId: x.requestId, agentId: call.agent.id, model: call.parsed.model, modelDigest: e.backend === 'local' ? modelDigestOf(d.local, call.parsed.model) : null, ...e, request: call.raw, jobId: exec.jobId, atMs: entry.at });
    } catch (err) {
      d.log.error('engine.on_executed_failed', { err: String(err) });
    }
  }
  return entry;
}
