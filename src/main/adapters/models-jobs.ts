import { ContractError } from '../../shared/contract/errors';
import type { JobRouter } from '../models/catalog-ports';
import { answerText, DEFAULT_AGENT_ID, errorOf, inferenceCall, type RoutingPort } from '../routing/port';

/** Why the engine could not answer, as the REST API's error codes. */
function failure(status: number, message: string, explanation: string): ContractError {
  const code = status === 400 ? 'INVALID_INPUT' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : status === 503 || status === 429 ? 'UNAVAILABLE' : 'INTERNAL';
  return new ContractError(code, `${message}${explanation && explanation !== message ? ` (${explanation})` : ''}`);
}

/**
 * REST `jobs/route`: one non-streaming request through the engine's typed run API (the provider's body
 * schemas, model-name parsing, planner, backends, metering) as the chosen ClawGrid agent; returns the
 * run's decision and answer.
 */
export function engineJobRouter(routing: () => Pick<RoutingPort, 'engine' | 'agents'>): JobRouter {
  return {
    async route(req, signal) {
      const r = routing();
      const agent = r.agents.get(req.agentId ?? DEFAULT_AGENT_ID);
      if (!agent) throw new ContractError('NOT_FOUND', `No ClawGrid agent "${req.agentId}". Agents are listed on the Routing page.`);
      const kind = req.messages ? 'chat' : 'generate';
      const json = kind === 'chat' ? { model: req.model, messages: req.messages, stream: false } : { model: req.model, prompt: req.prompt ?? '', stream: false };
      const input = inferenceCall(kind, json, Buffer.from(JSON.stringify(json)), agent, performance.now());
      if (!input.ok) throw new ContractError('INVALID_INPUT', input.message);
      const run = await r.engine.run(input.call, signal);
      const a = run.answer;
      const text = a.type === 'error' ? null : await answerText(a);
      const usage = await run.usage;
      if (signal.aborted) throw new ContractError('UNAVAILABLE', 'The request was canceled');
      const decision = {
        requestId: run.requestId,
        strategy: run.decision.strategy,
        reasons: run.decision.reasons,
        explanation: run.decision.explanation,
        backend: run.backend,
        costAit: usage.costAit,
        durationMs: usage.durationMs,
      };
      if (a.type === 'error') throw failure(a.httpStatus, a.ollamaBody !== undefined ? errorOf(a.ollamaBody) : a.message, run.decision.explanation);
      if (usage.status !== 'ok') throw failure(503, usage.error ?? 'The engine could not finish the answer', run.decision.explanation);
      let result: unknown;
      try {
        result = JSON.parse(text!);
      } catch {
        throw new ContractError('INTERNAL', 'The engine sent a malformed answer');
      }
      return { decision, result };
    },
  };
}
