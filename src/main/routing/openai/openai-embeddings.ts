import type http from 'node:http';
import type { Agent } from '../../../shared/contract/routing';
import { embedLocal } from '../passthrough-routes';
import type { ProviderDeps } from '../provider-server';
import { sendJson } from '../wire-out';
import { sendOpenAiError } from './openai-errors';
import type { EmbeddingBody } from './openai-schemas';

/** A float vector as OpenAI's `encoding_format: "base64"`: little-endian float32 bytes (what the official clients decode). */
export function base64Floats(v: readonly number[]): string {
  const buf = Buffer.alloc(v.length * 4);
  v.forEach((x, i) => buf.writeFloatLE(x, i * 4));
  return buf.toString('base64');
}

/**
 * /v1/embeddings: Ollama's /api/embed on the local Ollama (embeddings never go to the network), metered as
 * the native endpoint is, answered as OpenAI's embedding list. The official client asks for base64 by default.
 */
export async function openAiEmbeddings(d: Pick<ProviderDeps, 'upstream' | 'onEmbed'>, res: http.ServerResponse, b: EmbeddingBody, agent: Agent, arrivedAt: number): Promise<void> {
  const body = { model: b.model, input: b.input, ...(b.dimensions ? { dimensions: b.dimensions } : {}) };
  const r = await embedLocal(d, '/api/embed', body, null, agent, arrivedAt);
  if (!r.ok) return sendOpenAiError(res, r.status, r.message, r.status === 404 ? { code: 'model_not_found', param: 'model' } : {});
  let o: { embeddings?: number[][]; prompt_eval_count?: number };
  try {
    o = JSON.parse(r.text) as typeof o;
  } catch {
    return sendOpenAiError(res, 502, 'Ollama sent a malformed embedding answer');
  }
  const base64 = b.encoding_format === 'base64';
  const tokens = o.prompt_eval_count ?? 0;
  sendJson(res, 200, {
    object: 'list',
    data: (o.embeddings ?? []).map((v, index) => ({ object: 'embedding', index, embedding: base64 ? base64Floats(v) : v })),
    model: b.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
