import crypto from 'node:crypto';
import type http from 'node:http';
import type { Agent, RequestLogEntry, Strategy } from '../../shared/contract/routing';
import { plan, type Decision } from '../../shared/domain/planner';
import type { ParsedModelTarget } from '../../shared/domain/model-target';
import { isJsonObject } from '../../shared/domain/canonical-json';
import type { Logger } from '../log/logger';
import { modelDigestOf, type ExecutedRequest, type OnExecuted } from './execution-port';
import type { LocalRun, LocalStart } from './local-run';
import { startLocal } from './local-run';
import { collect, describeLocal, errorOf } from './local-answer';
import type { Meter } from './meter';
import { metricsOf, relayNdjson, type FinalMetrics } from './ndjson-relay';
import { networkLines, networkObject } from './network-output';
import { runOnNetwork, type NetworkOutcome } from './network-run';
import type { OllamaUpstream } from './ollama-upstream';
import { gatherPlanInput, promptChars, type PlanSources } from './plan-input';
import { race } from './race';
import type { RunawayGuard } from './runaway-guard';
import { clawgridHeaders, sendError, sendJson, startNdjson } from './wire-out';

export interface EngineDeps extends PlanSources {
  upstream: OllamaUpstream;
  meter: Meter;
  guard: RunawayGuard;
  log: Logger;
  /** Every request ends within this (an error line or a 503), default 300 s like OpenClaw's provider timeout. */
  deadlineMs: number;
  networkTtlSeconds: number;
  /** The proof chain's port: one call per execution that answered completely (see execution-port.ts). */
  onExecuted?: OnExecuted;
}

/** One /api/chat or /api/generate call, parsed and authenticated by the provider. */
export interface InferenceCall {
  kind: 'chat' | 'generate';
  body: { model: string; stream?: boolean; messages?: { role: string; content?: string }[]; prompt?: string; system?: string; tools?: unknown[]; think?: unknown; format?: unknown; options?: { num_ctx?: number; num_predict?: number } };
  raw: Buffer;
  parsed: ParsedModelTarget;
  agent: Agent;
  /** performance.now() when the request arrived. */
  arrivedAt: number;
  res: http.ServerResponse;
}

/** The hybrid execution engine: plan, run (local, network or a hedged race), answer, meter. */
export interface Engine {
  infer(call: InferenceCall): Promise<void>;
  /** The hedge delay in use: p95 of warm local TTFTs seen so far. */
  hedgeDelayMs(): number;
}

interface Outcome {
  backend: string | null;
  status: RequestLogEntry['status'];
  httpStatus: number;
  error: string | null;
  metrics: FinalMetrics;
  ttftMs: number | null;
  costAit: string;
  jobId: string | null;
  overheadMs: number;
  /** What was answered, by reference, for the proof chain (set only on complete answers). */
  executed?: Pick<ExecutedRequest, 'backend' | 'response' | 'receipt' | 'network'>;
}

const NO_METRICS: FinalMetrics = { promptTokens: 0, evalTokens: 0, doneReason: null };

export function createEngine(d: EngineDeps): Engine {
  const warmTtfts: number[] = [];
  const hedgeDelayMs = () => {
    if (warmTtfts.length < 5) return 1000;
    const sorted = [...warmTtfts].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
  };

  async function infer(call: InferenceCall): Promise<void> {
    const { res, agent, parsed, body } = call;
    const id = crypto.randomUUID();
    const ctl = new AbortController();
    const deadline = setTimeout(() => ctl.abort('deadline'), d.deadlineMs);
    res.once('close', () => {
      if (!res.writableFinished) ctl.abort('client');
    });
    const stream = body.stream !== false;
    const numCtx = body.options?.num_ctx;
    const hdr = (strategy: string, backend: string | null, overheadMs: number) => clawgridHeaders({ requestId: id, strategy, backend, overheadMs });
    let decision: Decision = { strategy: 'none', reasons: [], explanation: '', minerId: null, pricePer1kTokensAit: null, hedgeNow: false };
    let outcome: Outcome;
    try {
      const loop = d.guard.check(agent.id, agent.name, agent.policy.maxRequestsPerMinute, body.messages);
      if (loop) {
        outcome = fail(429, loop);
        sendError(res, 429, loop, hdr('none', null, 0), 60_000);
      } else {
        const chars = promptChars(body);
        const { input } = await gatherPlanInput(d, parsed, agent, numCtx, chars);
        decision = plan(input);
        if (decision.strategy === 'none' && input.local.reachable && !input.local.present && (input.network.state === 'off' || input.network.offers.length === 0) && parsed.target.kind !== 'miner') {
          const msg = `model '${body.model}' not found`;
          outcome = fail(404, msg);
          sendError(res, 404, msg, hdr('none', null, 0));
        } else {
          outcome = await execute(call, decision, ctl.signal, id, stream, numCtx, chars, hdr);
          // Local failed before answering and the agent lets the planner choose: try the network instead.
          if (outcome.status === 'error' && !res.headersSent && outcome.backend === 'local' && outcome.httpStatus === 503 && parsed.target.kind === 'auto' && agent.policy.mode === 'auto') {
            const again = plan({ ...input, local: { ...input.local, reachable: false } });
            if (again.strategy === 'network') {
              decision = { ...again, reasons: [...decision.reasons, ...again.reasons.filter((r) => !decision.reasons.includes(r))] };
              outcome = await execute(call, decision, ctl.signal, id, stream, numCtx, chars, hdr);
            }
          }
        }
      }
    } catch (err) {
      d.log.error('engine.failed', { err: err instanceof Error ? err.stack : String(err) });
      outcome = fail(500, `ClawGrid failed: ${err instanceof Error ? err.message : String(err)}`);
      sendError(res, 500, outcome.error!);
    } finally {
      clearTimeout(deadline);
    }
    if (!res.writableEnded && !res.destroyed) res.end();
    const durationMs = performance.now() - call.arrivedAt;
    const m = outcome.metrics;
    d.meter.record({
      id,
      at: Date.now(),
      agentId: agent.id,
      agentName: agent.name,
      endpoint: call.kind,
      model: body.model,
      strategy: decision.strategy,
      reasons: decision.reasons,
      explanation: decision.explanation,
      backend: outcome.backend,
      status: ctl.signal.reason === 'client' && outcome.status !== 'ok' ? 'canceled' : outcome.status,
      httpStatus: outcome.httpStatus,
      error: outcome.error,
      promptTokens: m.promptTokens,
      evalTokens: m.evalTokens,
      ttftMs: outcome.ttftMs,
      durationMs,
      tokensPerSecond: outcome.ttftMs !== null && m.evalTokens > 0 && durationMs > outcome.ttftMs ? (m.evalTokens * 1000) / (durationMs - outcome.ttftMs) : null,
      costAit: outcome.costAit,
      overheadMs: outcome.overheadMs,
      jobId: outcome.jobId,
    });
    if (d.onExecuted && outcome.status === 'ok' && outcome.executed) {
      const x = outcome.executed;
      try {
        d.onExecuted({ requestId: id, agentId: agent.id, model: parsed.model, modelDigest: x.backend === 'local' ? modelDigestOf(d.local, parsed.model) : null, ...x, request: call.raw, jobId: outcome.jobId, atMs: Date.now() });
      } catch (err) {
        d.log.error('engine.on_executed_failed', { err: String(err) });
      }
    }
  }

  function fail(httpStatus: number, error: string, backend: string | null = null, jobId: string | null = null): Outcome {
    return { backend, status: 'error', httpStatus, error, metrics: NO_METRICS, ttftMs: null, costAit: '0', jobId, overheadMs: 0 };
  }

  async function execute(
    call: InferenceCall,
    decision: Decision,
    signal: AbortSignal,
    id: string,
    stream: boolean,
    numCtx: number | undefined,
    chars: number,
    hdr: (s: string, b: string | null, o: number) => http.OutgoingHttpHeaders,
  ): Promise<Outcome> {
    const { res, body, parsed } = call;
    const strategy: Strategy = decision.strategy;
    let jobId: string | null = null;
    const networkAttempt = (sig: AbortSignal) =>
      runOnNetwork({
        backend: d.network(),
        admission: d.admission,
        agentId: call.agent.id,
        req: {
          requestId: id,
          model: parsed.model,
          ...(decision.minerId ? { minerId: decision.minerId } : {}),
          ...(call.kind === 'chat' ? { messages: body.messages as never } : { prompt: body.prompt ?? '', ...(body.system ? { system: body.system } : {}) }),
          ...(body.tools ? { tools: body.tools } : {}),
          ...(body.options ? { options: body.options } : {}),
          ...(body.think !== undefined ? { think: body.think as boolean | string } : {}),
          ...(body.format !== undefined ? { format: body.format } : {}),
          ...(call.agent.policy.maxPricePer1kAit ? { maxPricePer1kTokensAit: call.agent.policy.maxPricePer1kAit } : {}),
          ...(call.agent.policy.requireProof ? { zkProofRequired: true } : {}),
        },
        pricePer1kTokensAit: decision.pricePer1kTokensAit,
        maxTokens: Math.ceil(chars / 4) + (body.options?.num_predict && body.options.num_predict > 0 ? body.options.num_predict : 4096),
        ttlSeconds: d.networkTtlSeconds,
        signal: sig,
        onJobCreated: (j) => (jobId = j),
      }).then((o) => {
        if (o.ok) d.networkBreaker.success();
        else if (o.code !== 'canceled' && o.code !== 'off' && !sig.aborted && o.status === 503) d.networkBreaker.failure(o.retryAfterMs);
        return o;
      });

    if (strategy === 'none') {
      const budget = decision.reasons.includes('budget_exhausted');
      const msg = budget ? `budget for agent ${call.agent.name}: no network budget left` : `no backend can serve ${body.model}: ${decision.explanation}`;
      sendError(res, budget ? 429 : 503, msg, hdr('none', null, performance.now() - call.arrivedAt));
      return fail(budget ? 429 : 503, msg);
    }
    const upstreamBody = (): Buffer | string => (parsed.target.kind === 'auto' ? call.raw : JSON.stringify({ ...body, model: body.model.slice(0, body.model.lastIndexOf('@')) }));
    const path = call.kind === 'chat' ? '/api/chat' : '/api/generate';

    if (strategy === 'network') {
      const pre = performance.now() - call.arrivedAt;
      const o = await networkAttempt(signal);
      return answerNetwork(o, pre);
    }
    const local = startLocal(d.upstream, path, upstreamBody(), signal);
    const pre = local.sentAt - call.arrivedAt;
    if (strategy === 'local') {
      const s = await local.started;
      return answerLocal(local, s, pre, strategy);
    }
    const r = await race(local, networkAttempt, decision.hedgeNow ? 0 : hedgeDelayMs(), signal);
    if (r.winner === 'local') return answerLocal(local, r.start, pre, strategy);
    if (r.winner === 'network') return answerNetwork(r.outcome, pre);
    const msg = `no backend could serve ${body.model}: local: ${describeLocal(r.local)}; network: ${r.network && !r.network.ok ? r.network.message : 'not tried'}`;
    const retry = r.network && !r.network.ok ? r.network.retryAfterMs : undefined;
    sendError(res, 503, signal.reason === 'deadline' ? `deadline exceeded: ${msg}` : msg, hdr(strategy, null, pre), retry);
    return fail(503, msg, null, jobId);

    async function answerLocal(run: LocalRun, s: LocalStart, preMs: number, strat: Strategy): Promise<Outcome> {
      if (s.kind === 'failed') {
        if (!signal.aborted) d.localBreaker.failure();
        const msg = signal.reason === 'deadline' ? `deadline exceeded: local Ollama did not answer within ${d.deadlineMs} ms` : s.message;
        sendError(res, 503, msg, hdr(strat, 'local', preMs));
        return fail(503, msg, 'local');
      }
      d.localBreaker.success();
      if (s.kind === 'http') {
        // Ollama's own answer (400 bad option, 404 unknown model…) goes back as it came.
        const isJson = s.contentType.includes('application/json');
        if (isJson) sendJson(res, s.status, s.body, hdr(strat, 'local', preMs));
        else sendError(res, s.status, s.body || `Ollama answered HTTP ${s.status}`, hdr(strat, 'local', preMs));
        return fail(s.status, errorOf(s.body), 'local');
      }
      const ttftMs = s.at - call.arrivedAt;
      if (decision.reasons.includes('local_warm')) {
        warmTtfts.push(s.at - run.sentAt);
        if (warmTtfts.length > 200) warmTtfts.shift();
      }
      const t = performance.now();
      let relay;
      if (stream) {
        const overhead = preMs + (t - s.at);
        startNdjson(res, hdr(strat, 'local', overhead));
        const chunks: Buffer[] | undefined = d.onExecuted ? [] : undefined;
        relay = await relayNdjson(s.res, res, s.first, signal, chunks);
        if (relay.ok) d.local.markWarm(parsed.model, numCtx);
        return {
          backend: 'local',
          status: relay.ok ? 'ok' : 'error',
          httpStatus: 200,
          error: relay.ok ? null : relay.message,
          metrics: relay.ok ? relay.metrics : NO_METRICS,
          ttftMs,
          costAit: '0',
          jobId,
          overheadMs: overhead,
          ...(chunks ? { executed: { backend: 'local', response: chunks, receipt: null, network: null } } : {}),
        };
      }
      const rest = await collect(s.res, s.first).catch(() => null);
      if (rest === null) {
        const msg = signal.reason === 'deadline' ? 'deadline exceeded' : 'Ollama dropped the connection before the answer was complete';
        sendError(res, 503, msg, hdr(strat, 'local', preMs));
        return fail(503, msg, 'local');
      }
      let metrics = NO_METRICS;
      try {
        metrics = metricsOf(JSON.parse(rest.toString('utf8')));
      } catch {
        sendError(res, 502, 'Ollama sent a malformed answer', hdr(strat, 'local', preMs));
        return fail(502, 'Ollama sent a malformed answer', 'local');
      }
      d.local.markWarm(parsed.model, numCtx);
      const overhead = preMs + (performance.now() - s.at);
      sendJson(res, 200, rest.toString('utf8'), hdr(strat, 'local', overhead));
      return { backend: 'local', status: 'ok', httpStatus: 200, error: null, metrics, ttftMs, costAit: '0', jobId, overheadMs: overhead, executed: { backend: 'local', response: rest, receipt: null, network: null } };
    }

    function answerNetwork(o: NetworkOutcome, preMs: number): Outcome {
      if (!o.ok) {
        const msg = signal.reason === 'deadline' ? `deadline exceeded: ${o.message}` : o.message;
        sendError(res, o.status, msg, hdr(strategy, 'network', preMs), o.retryAfterMs);
        return fail(o.status, msg, 'network', o.jobId ?? jobId);
      }
      const r = o.result;
      const t = performance.now();
      const backend = r.minerId ? `network:${r.minerId}` : 'network';
      const overhead = preMs + (performance.now() - t);
      const text = stream ? networkLines(call.kind, parsed.model, r) : JSON.stringify(networkObject(call.kind, parsed.model, r));
      if (stream) {
        startNdjson(res, hdr(strategy, backend, overhead));
        res.end(text);
      } else {
        sendJson(res, 200, text, hdr(strategy, backend, overhead));
      }
      const executed = { backend: 'network' as const, response: text, receipt: isJsonObject(r.receipt) ? r.receipt : null, network: d.network().health().network };
      return { backend, status: 'ok', httpStatus: 200, error: null, metrics: { promptTokens: r.promptTokens, evalTokens: r.evalTokens, doneReason: 'stop' }, ttftMs: t - call.arrivedAt, costAit: o.costAit, jobId: r.jobId, overheadMs: overhead, executed };
    }
  }

  return { infer, hedgeDelayMs };
}
