import type http from 'node:http';
import type { Agent } from '../../shared/contract/routing';
import { parseModelTarget } from '../../shared/domain/model-target';
import { readBody } from './ollama-upstream';
import { UpstreamError } from './ollama-upstream';
import { sendError, sendJson } from './wire-out';
import type { ProviderDeps } from './provider-server';
import { embedBodySchema, firstIssue } from './wire-schemas';

/** /api/embed runs on the local Ollama only (the network port has no embedding jobs); metered like the rest. */
export async function proxyEmbed(d: ProviderDeps, res: http.ServerResponse, json: unknown, raw: Buffer, agent: Agent, arrivedAt: number): Promise<void> {
  const b = embedBodySchema.safeParse(json);
  if (!b.success) return sendError(res, 400, firstIssue(b.error));
  const parsed = parseModelTarget(b.data.model);
  if (!parsed) return sendError(res, 400, `invalid model name "${b.data.model}"`);
  const meter = (ok: boolean, httpStatus: number, promptTokens: number, error: string | null) =>
    d.onEmbed({ agentId: agent.id, agentName: agent.name, model: b.data.model, ok, httpStatus, promptTokens, durationMs: performance.now() - arrivedAt, error });
  const body = parsed.target.kind === 'auto' ? raw : JSON.stringify({ ...b.data, model: b.data.model.slice(0, b.data.model.lastIndexOf('@')) });
  try {
    const up = await d.upstream.send('POST', '/api/embed', body, AbortSignal.timeout(120_000));
    const text = await readBody(up);
    const status = up.statusCode ?? 502;
    let tokens = 0;
    let error: string | null = null;
    try {
      const o = JSON.parse(text) as { prompt_eval_count?: number; error?: string };
      tokens = o.prompt_eval_count ?? 0;
      error = o.error ?? null;
    } catch {
      error = text.slice(0, 200);
    }
    meter(status === 200, status, tokens, error);
    sendJson(res, status, status === 200 || error === null ? text : { error });
  } catch (err) {
    const msg = err instanceof UpstreamError ? err.message : 'Ollama dropped the connection';
    meter(false, 503, 0, msg);
    sendError(res, 503, `embeddings run on the local Ollama only: ${msg}`);
  }
}

/** /api/pull goes to the local Ollama, its progress stream relayed as it comes. */
export async function proxyPull(d: ProviderDeps, res: http.ServerResponse, raw: Buffer): Promise<void> {
  const ctl = new AbortController();
  res.once('close', () => ctl.abort());
  try {
    const up = await d.upstream.send('POST', '/api/pull', raw, ctl.signal);
    res.writeHead(up.statusCode ?? 502, { 'content-type': String(up.headers['content-type'] ?? 'application/json') });
    up.pipe(res);
  } catch (err) {
    sendError(res, 503, err instanceof UpstreamError ? err.message : 'Ollama dropped the connection');
  }
}
