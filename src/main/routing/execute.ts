import { describeLocal } from './local-answer';
import { startLocal } from './local-run';
import { answerLocal, upstreamBody } from './execute-local';
import { answerNetwork, networkAttempt } from './execute-network';
import { failed, type Exec, type ExecContext } from './exec-types';
import { race } from './race';

/** Runs the decided strategy: local, network, or the hedged race; `none` is a 429 (budget) or a 503. */
export async function execute(x: ExecContext, hedgeDelayMs: () => number): Promise<Exec> {
  const { call, decision, signal } = x;
  const strategy = decision.strategy;
  if (strategy === 'none') {
    const budget = decision.reasons.includes('budget_exhausted');
    const msg = budget ? `budget for agent ${call.agent.name}: no network budget left` : `no backend can serve ${call.body.model}: ${decision.explanation}`;
    return failed(budget ? 429 : 503, msg, null, performance.now() - call.arrivedAt, budget ? { code: 'budget_exhausted' } : {});
  }
  if (strategy === 'network') {
    const pre = performance.now() - call.arrivedAt;
    return answerNetwork(x, await networkAttempt(x, signal), pre);
  }
  const path = call.kind === 'chat' ? '/api/chat' : '/api/generate';
  // Local only: no separate abort (the request's signal is the attempt's); non-streamed: read the whole body at once.
  const local = startLocal(x.d.upstream, path, upstreamBody(x), signal, { abortable: strategy !== 'local', whole: strategy === 'local' && !x.stream });
  const pre = local.sentAt - call.arrivedAt;
  if (strategy === 'local') return answerLocal(x, local, await local.started, pre);
  const r = await race(local, (sig) => networkAttempt(x, sig), decision.hedgeNow ? 0 : hedgeDelayMs(), signal);
  if (r.winner === 'local') return answerLocal(x, local, r.start, pre);
  if (r.winner === 'network') return answerNetwork(x, r.outcome, pre);
  const msg = `no backend could serve ${call.body.model}: local: ${describeLocal(r.local)}; network: ${r.network && !r.network.ok ? r.network.message : 'not tried'}`;
  const retry = r.network && !r.network.ok ? r.network.retryAfterMs : undefined;
  return failed(503, signal.reason === 'deadline' ? `deadline exceeded: ${msg}` : msg, null, pre, { ...(retry !== undefined ? { retryAfterMs: retry } : {}), jobId: x.jobId, errorText: msg });
}
