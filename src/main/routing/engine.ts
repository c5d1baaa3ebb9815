import type { RequestLogEntry } from '../../shared/contract/routing';
import { plan, type Decision } from '../../shared/domain/planner';
import { suffixRefusal } from '../../shared/domain/suffix-policy';
import { uuidV7 } from '../../shared/domain/uuid-v7';
import { failed, type EngineDeps, type Exec, type ExecContext, type ExecEnd } from './exec-types';
import { execute } from './execute';
import { finalize } from './outcome';
import { gatherPlanInput, promptChars } from './plan-input';
import type { Engine, InferenceCall, RunResult } from './run-types';

export type { EngineDeps } from './exec-types';

const NO_DECISION: Decision = { strategy: 'none', reasons: [], explanation: '', minerId: null, pricePer1kTokensAit: null, hedgeNow: false };

/** The hybrid engine: typed calls in, typed results out; it knows nothing of HTTP (provider-server.ts does). */
export function createEngine(d: EngineDeps): Engine {
  const warmTtfts: number[] = [];
  const hedgeDelayMs = () => {
    if (warmTtfts.length < 5) return 1000;
    const sorted = [...warmTtfts].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
  };

  async function run(call: InferenceCall, caller: AbortSignal | AbortController): Promise<RunResult> {
    const requestId = uuidV7();
    // A handed-over controller is the run's own; a signal is followed through a controller of the engine's.
    const follow = caller instanceof AbortController ? null : caller;
    const ctl = follow ? new AbortController() : (caller as AbortController);
    const deadline = setTimeout(() => ctl.abort('deadline'), d.deadlineMs);
    const onCaller = () => ctl.abort('client');
    if (follow?.aborted) onCaller();
    else follow?.addEventListener('abort', onCaller, { once: true });
    const x: ExecContext = {
      d,
      call,
      decision: NO_DECISION,
      signal: ctl.signal,
      requestId,
      stream: call.body.stream !== false,
      numCtx: call.body.options?.num_ctx,
      chars: 0,
      warmTtfts,
      jobId: null,
    };
    let exec: Exec;
    try {
      exec = await decideAndExecute(x, hedgeDelayMs);
    } catch (err) {
      d.log.error('engine.failed', { err: err instanceof Error ? err.stack : String(err) });
      exec = failed(500, `ClawGrid failed: ${err instanceof Error ? err.message : String(err)}`, null, 0);
    }
    const release = () => {
      clearTimeout(deadline);
      follow?.removeEventListener('abort', onCaller);
    };
    const settle = (end: ExecEnd): RequestLogEntry => {
      release();
      return finalize(x, exec, end);
    };
    const end = exec.end;
    const usage: Promise<RequestLogEntry> =
      end instanceof Promise
        ? end.then(settle, (err: unknown) => settle({ ok: false, httpStatus: 500, error: String(err), metrics: { promptTokens: 0, evalTokens: 0, doneReason: null } }))
        : // A whole answer or an error is over already: metered on the next turn, after the caller has written it
          // (finalize ran before the write when it was a microtask: ~9 µs of every answer's latency, bench:provider).
          new Promise<void>((next) => setImmediate(next)).then(() => settle(end));
    return { requestId, decision: x.decision, backend: exec.backend, overheadMs: exec.overheadMs, answer: exec.answer, usage };
  }

  return { run, hedgeDelayMs };
}

/** Guard → plan → execute, with one re-plan onto the network when local failed before answering. */
async function decideAndExecute(x: ExecContext, hedgeDelayMs: () => number): Promise<Exec> {
  const { d, call } = x;
  const { agent, parsed, body } = call;
  // Before anything is planned, reserved or counted: a suffix may narrow the policy, never widen it.
  const refused = suffixRefusal(parsed.target, agent.policy, agent.name, parsed.model);
  if (refused) {
    x.decision = { ...NO_DECISION, reasons: ['suffix_forbidden'], explanation: refused };
    return failed(403, refused, null, 0);
  }
  const loop = d.guard.check(agent.id, agent.name, agent.policy.maxRequestsPerMinute, body.messages);
  if (loop) return failed(429, loop, null, 0, { retryAfterMs: 60_000, code: 'rate_limited' });
  x.chars = promptChars(body);
  const gathered = gatherPlanInput(d, parsed, agent, x.numCtx, x.chars);
  const input = gathered instanceof Promise ? await gathered : gathered;
  x.decision = plan(input);
  if (x.decision.strategy === 'none' && input.local.reachable && !input.local.present && (input.network.state === 'off' || (input.network.offers.length === 0 && !input.network.withheld)) && parsed.target.kind !== 'miner') {
    return failed(404, `model '${body.model}' not found`, null, 0);
  }
  const first = await execute(x, hedgeDelayMs);
  // Local failed before answering and the agent lets the planner choose: try the network instead.
  if (first.answer.type === 'error' && first.backend === 'local' && first.answer.httpStatus === 503 && !x.signal.aborted && parsed.target.kind === 'auto' && agent.policy.mode === 'auto') {
    const again = plan({ ...input, local: { ...input.local, reachable: false } });
    if (again.strategy === 'network') {
      const before = x.decision;
      x.decision = { ...again, reasons: [...before.reasons, ...again.reasons.filter((r) => !before.reasons.includes(r))] };
      return execute(x, hedgeDelayMs);
    }
  }
  return first;
}
