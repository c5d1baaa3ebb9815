import type http from 'node:http';
import type { Agent } from '../../shared/contract/routing';
import { parseModelTarget } from '../../shared/domain/model-target';
import { readBody } from './ollama-upstream';
import { UpstreamError } from './ollama-upstream';
import { sendError, sendJson } from './wire-out';
import type { ProviderDeps } from './provider-server';
import { embedBodySchema, firstIssue, type EmbedBody } from './wire-schemas';

/** How one embedding request to the local Ollama ended: its answer body, or Ollama's error, or unreachable (503). */
export type EmbedOutcome = { ok: true; text: string } | { ok: false; status: number; message: string; ollamaText?: string };

/**
 * Runs one embedding request on the local Ollama (the network port has no embedding jobs) and meters it.
 * `body` is Ollama's /api/embed body with the model name as the client sent it (suffix stripped here).
 */
export async function embedLocal(d: Pick<ProviderDeps, 'upstream' | 'onEmbed'>, body: EmbedBody, raw: Buffer | null, agent: Agent, arrivedAt: number): Promise<EmbedOutcome> {
  const parsed = parseModelTarget(body.model);
  if (!parsed) return { ok: false, status: 400, message: `invalid model name "${body.model}"` };
  const meter = (ok: boolean, httpStatus: number, promptTokens: number, error: string | null) =>
    d.onEmbed({ agentId: agent.id, agentName: agent.name, model: body.model, ok, httpStatus, promptTokens, durationMs: performance.now() - arrivedAt, error });
  const out = parsed.target.kind === 'auto' && raw ? raw : JSON.stringify({ ...body, model: parsed.target.kind === 'auto' ? body.model : body.model.slice(0, body.model.lastIndexOf('@')) });
  try {
    const up = await d.upstream.send('POST', '/api/embed', out, AbortSignal.timeout(120_000));
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
    if (status === 200) return { ok: true, text };
    return error === null ? { ok: false, status, message: `Ollama answered HTTP ${status}`, ollamaText: text } : { ok: false, status, message: error };
  } catch (err) {
    const msg = err instanceof UpstreamError ? err.message : 'Ollama dropped the connection';
    meter(false, 503, 0, msg);
    return { ok: false, status: 503, message: `embeddings run on the local Ollama only: ${msg}` };
  }
}

/** /api/embed in Ollama's shapes. */
export async function proxyEmbed(d: ProviderDeps, res: http.ServerResponse, json: unknown, raw: Buffer, agent: Agent, arrivedAt: number): Promise<void> {
  const b = embedBodySchema.safeParse(json);
  if (!b.success) return sendError(res, 400, firstIssue(b.error));
  const r = await embedLocal(d, b.data, raw, agent, arrivedAt);
  if (r.ok) return sendJson(res, 200, r.text);
  if (r.ollamaText !== undefined) return sendJson(res, r.status, r.ollamaText);
  sendError(res, r.status, r.message);
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
