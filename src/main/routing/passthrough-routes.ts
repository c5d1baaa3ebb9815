import type http from 'node:http';
import type { Agent } from '../../shared/contract/routing';
import { parseModelTarget, type ParsedModelTarget } from '../../shared/domain/model-target';
import { readBody, UpstreamError, type UpstreamResponse } from './ollama-upstream';
import { sendError, sendJson } from './wire-out';
import type { ProviderDeps } from './provider-server';
import { embedBodySchema, embeddingsBodySchema, firstIssue, showBodySchema } from './wire-schemas';

/**
 * Embeddings and pulls run on the local Ollama only (the network has no embedding or pull jobs): a name may
 * carry `@local`, which is dropped; any other ClawGrid suffix asks for something that cannot be, a 400.
 */
function localName(requested: string): { ok: true; parsed: ParsedModelTarget; name: string } | { ok: false; message: string } {
  const parsed = parseModelTarget(requested);
  if (!parsed) return { ok: false, message: `invalid model name "${requested}"` };
  if (parsed.target.kind === 'auto') return { ok: true, parsed, name: requested };
  if (parsed.target.kind === 'local') return { ok: true, parsed, name: requested.slice(0, requested.lastIndexOf('@')) };
  return { ok: false, message: `"${requested}": this runs on the local Ollama only; use the name without a suffix or with @local` };
}

/** How one embedding request to the local Ollama ended: its answer body, Ollama's error, or unreachable (503). */
export type EmbedOutcome = { ok: true; text: string } | { ok: false; status: number; message: string; ollamaText?: string };

/**
 * Runs one embedding request on the local Ollama (the network has no embedding jobs) and meters it: the core of
 * /api/embed, legacy /api/embeddings and OpenAI's /v1/embeddings. `raw` is forwarded as is when the name is unchanged.
 */
export async function embedLocal(
  d: Pick<ProviderDeps, 'upstream' | 'onEmbed'>,
  path: '/api/embed' | '/api/embeddings',
  body: { model: string } & Record<string, unknown>,
  raw: Buffer | null,
  agent: Agent,
  arrivedAt: number,
): Promise<EmbedOutcome> {
  const n = localName(body.model);
  if (!n.ok) return { ok: false, status: 400, message: n.message };
  const meter = (ok: boolean, httpStatus: number, promptTokens: number, error: string | null) =>
    d.onEmbed({ agentId: agent.id, agentName: agent.name, model: body.model, ok, httpStatus, promptTokens, durationMs: performance.now() - arrivedAt, error });
  const out = raw && n.name === body.model ? raw : JSON.stringify({ ...body, model: n.name });
  try {
    const up = await d.upstream.send('POST', path, out, AbortSignal.timeout(120_000));
    const text = await readBody(up.body);
    const status = up.status;
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

function sendEmbedOutcome(res: http.ServerResponse, r: EmbedOutcome): void {
  if (r.ok) return sendJson(res, 200, r.text);
  if (r.ollamaText !== undefined) return sendJson(res, r.status, r.ollamaText);
  sendError(res, r.status, r.message);
}

/** /api/embed (OpenClaw's memory search: batched `input`, default `nomic-embed-text`), metered as local. */
export async function proxyEmbed(d: ProviderDeps, res: http.ServerResponse, json: unknown, raw: Buffer, agent: Agent, arrivedAt: number): Promise<void> {
  const b = embedBodySchema.safeParse(json);
  if (!b.success) return sendError(res, 400, firstIssue(b.error));
  sendEmbedOutcome(res, await embedLocal(d, '/api/embed', b.data, raw, agent, arrivedAt));
}

/** Legacy /api/embeddings (`{model, prompt}` → `{"embedding":[…]}`), for older Ollama clients; metered as local. */
export async function proxyEmbeddings(d: ProviderDeps, res: http.ServerResponse, json: unknown, agent: Agent, arrivedAt: number): Promise<void> {
  const b = embeddingsBodySchema.safeParse(json);
  if (!b.success) return sendError(res, 400, firstIssue(b.error));
  sendEmbedOutcome(res, await embedLocal(d, '/api/embeddings', b.data, null, agent, arrivedAt));
}

/**
 * /api/pull (OpenClaw's guided setup and its auto-pull of `nomic-embed-text`) goes to the local Ollama, its
 * progress relayed line by line with backpressure; if Ollama breaks off mid-stream the client gets an
 * `{"error"}` line (HTTP 200 was already sent), never a silently truncated stream.
 */
export async function proxyPull(d: ProviderDeps, res: http.ServerResponse, json: unknown): Promise<void> {
  const b = showBodySchema.safeParse(json);
  if (!b.success) return sendError(res, 400, firstIssue(b.error));
  const requested = (b.data.model || b.data.name)!;
  const n = localName(requested);
  if (!n.ok) return sendError(res, 400, n.message);
  const ctl = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) ctl.abort();
  });
  let head: UpstreamResponse;
  try {
    head = await d.upstream.send('POST', '/api/pull', JSON.stringify({ ...b.data, model: n.name, name: undefined }), ctl.signal);
  } catch (err) {
    return sendError(res, 503, err instanceof UpstreamError ? err.message : 'Ollama dropped the connection');
  }
  const up = head.body;
  const type = head.contentType || 'application/json';
  res.writeHead(head.status, { 'content-type': type });
  up.on('data', (c: Buffer) => {
    if (!res.write(c)) {
      up.pause();
      res.once('drain', () => up.resume());
    }
  });
  up.once('end', () => {
    res.end();
    // A model pulled through ClawGrid is listed by /api/tags at once, not one poll later.
    if (head.status === 200) void d.local.refresh().catch(() => undefined);
  });
  up.once('close', () => {
    if (up.readableEnded || res.writableEnded) return;
    if (type.includes('ndjson') && !res.destroyed) res.end(JSON.stringify({ error: 'Ollama broke off the pull; pull again to resume' }) + '\n');
    else res.destroy();
  });
  up.once('error', () => undefined);
}
