import { EventEmitter } from 'node:events';
import type http from 'node:http';
import { ContractError } from '../../shared/contract/errors';
import { parseModelTarget } from '../../shared/domain/model-target';
import { DEFAULT_AGENT_ID } from '../routing/agent-store';
import type { EngineService } from '../routing/routing-feature';
import { errorOf } from '../routing/local-answer';
import { chatBodySchema, firstIssue, generateBodySchema } from '../routing/wire-schemas';
import type { JobRouter } from './catalog-ports';

/**
 * The in-process end of one provider response: the engine writes its answer here exactly as it would to
 * an agent's socket (head, body, end), and a caller that goes away closes it like a dropped connection.
 */
class CapturedResponse extends EventEmitter {
  statusCode = 0;
  headers: Record<string, string> = {};
  headersSent = false;
  writableEnded = false;
  writableFinished = false;
  destroyed = false;
  private chunks: Buffer[] = [];

  writeHead(status: number, headers: http.OutgoingHttpHeaders = {}): this {
    this.statusCode = status;
    for (const [k, v] of Object.entries(headers)) if (v !== undefined) this.headers[k.toLowerCase()] = String(v);
    this.headersSent = true;
    return this;
  }
  write(chunk: string | Buffer): boolean {
    if (!this.headersSent) this.writeHead(200);
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return true;
  }
  end(chunk?: string | Buffer): this {
    if (this.writableEnded) return this;
    if (chunk !== undefined) this.write(chunk);
    this.writableEnded = true;
    this.writableFinished = true;
    this.emit('finish');
    this.emit('close');
    return this;
  }
  destroy(): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.emit('close');
    return this;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Why the engine could not answer, as the REST API's error codes. */
function failure(status: number, message: string, decision: unknown): ContractError {
  const code = status === 400 ? 'INVALID_INPUT' : status === 404 ? 'NOT_FOUND' : status === 503 || status === 429 ? 'UNAVAILABLE' : 'INTERNAL';
  const why = decision && typeof decision === 'object' && 'explanation' in decision && typeof decision.explanation === 'string' && decision.explanation ? ` (${decision.explanation})` : '';
  return new ContractError(code, `${message}${why}`);
}

/**
 * REST `jobs/route`: one non-streaming request through the engine's own path (the provider's body schemas,
 * model-name parsing, planner, backends, metering) as the chosen ClawGrid agent; returns its decision and answer.
 */
export function engineJobRouter(engine: () => EngineService): JobRouter {
  return {
    async route(req, signal) {
      const svc = engine();
      const agent = svc.agents.get(req.agentId ?? DEFAULT_AGENT_ID);
      if (!agent) throw new ContractError('NOT_FOUND', `No ClawGrid agent "${req.agentId}". Agents are listed on the Routing page.`);
      const kind = req.messages ? 'chat' : 'generate';
      const json = kind === 'chat' ? { model: req.model, messages: req.messages, stream: false } : { model: req.model, prompt: req.prompt ?? '', stream: false };
      const body = (kind === 'chat' ? chatBodySchema : generateBodySchema).safeParse(json);
      if (!body.success) throw new ContractError('INVALID_INPUT', firstIssue(body.error));
      const parsed = parseModelTarget(req.model);
      if (!parsed) throw new ContractError('INVALID_INPUT', `invalid model name "${req.model}"`);
      const res = new CapturedResponse();
      const onAbort = () => res.destroy();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        await svc.engine.infer({ kind, body: body.data as never, raw: Buffer.from(JSON.stringify(body.data)), parsed, agent, arrivedAt: performance.now(), res: res as unknown as http.ServerResponse });
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      if (signal.aborted) throw new ContractError('UNAVAILABLE', 'The request was canceled');
      const requestId = res.headers['x-clawgrid-request-id'] ?? null;
      const entry = requestId ? svc.meter.recent().find((e) => e.id === requestId) : undefined;
      const decision = {
        requestId,
        strategy: entry?.strategy ?? res.headers['x-clawgrid-strategy'] ?? 'none',
        reasons: entry?.reasons ?? [],
        explanation: entry?.explanation ?? '',
        backend: entry?.backend ?? null,
        costAit: entry?.costAit ?? '0',
        durationMs: entry?.durationMs ?? null,
      };
      const text = res.text();
      if (res.statusCode !== 200) throw failure(res.statusCode, errorOf(text) || `HTTP ${res.statusCode}`, decision);
      let result: unknown;
      try {
        result = JSON.parse(text);
      } catch {
        throw new ContractError('INTERNAL', 'The engine sent a malformed answer');
      }
      return { decision, result };
    },
  };
}
