import type http from 'node:http';
import type { z } from 'zod';
import type { Agent } from '../../../shared/contract/routing';
import type { ProviderDeps } from '../provider-server';
import { sendJson } from '../wire-out';
import { writeOpenAiRun } from './openai-answer';
import { openAiEmbeddings } from './openai-embeddings';
import { sendOpenAiError } from './openai-errors';
import { openAiModel, openAiModelList } from './openai-models';
import { chatCall, completionCall, type OpenAiCall } from './openai-request';
import { chatCompletionSchema, completionSchema, embeddingSchema, firstProblem } from './openai-schemas';

/** What the OpenAI routes need from the provider: the one engine, Ollama for embeddings, and its model listing. */
export interface OpenAiRouteDeps extends Pick<ProviderDeps, 'engine' | 'upstream' | 'onEmbed'> {
  /** The provider's /api/tags listing (local + network + registered), refreshed as /api/tags is. */
  listing(): Promise<{ models: unknown[] }>;
}

/** Paths this adapter answers (everything under /v1/). */
export const isOpenAiPath = (path: string) => path === '/v1' || path.startsWith('/v1/');

/** GET /v1/models and GET /v1/models/{model}; anything else under /v1 that is not a POST route is a 404. */
export async function openAiGet(d: OpenAiRouteDeps, res: http.ServerResponse, path: string): Promise<void> {
  if (path === '/v1/models') return sendJson(res, 200, openAiModelList((await d.listing()).models));
  if (path.startsWith('/v1/models/')) {
    const id = decodeURIComponent(path.slice('/v1/models/'.length));
    const m = openAiModel((await d.listing()).models, id);
    return m ? sendJson(res, 200, m) : sendOpenAiError(res, 404, `The model '${id}' does not exist`, { code: 'model_not_found', param: 'model' });
  }
  sendOpenAiError(res, 404, `Unknown request URL: GET ${path}`, { code: 'unknown_url' });
}

function parse<T>(schema: z.ZodType<T>, json: unknown, res: http.ServerResponse): T | null {
  const b = schema.safeParse(json);
  if (b.success) return b.data;
  const p = firstProblem(b.error);
  sendOpenAiError(res, 400, p.message, { param: p.param });
  return null;
}

/** POST /v1/chat/completions, /v1/completions, /v1/embeddings: one engine run (or Ollama's embed), OpenAI's wire out. */
export function openAiPost(d: OpenAiRouteDeps, res: http.ServerResponse, path: string, json: unknown, agent: Agent, arrivedAt: number): void {
  let input: OpenAiCall;
  if (path === '/v1/chat/completions') {
    const b = parse(chatCompletionSchema, json, res);
    if (!b) return;
    input = chatCall(b, agent, arrivedAt);
  } else if (path === '/v1/completions') {
    const b = parse(completionSchema, json, res);
    if (!b) return;
    input = completionCall(b, agent, arrivedAt);
  } else if (path === '/v1/embeddings') {
    const b = parse(embeddingSchema, json, res);
    if (b) void openAiEmbeddings(d, res, b, agent, arrivedAt);
    return;
  } else {
    return sendOpenAiError(res, 404, `Unknown request URL: POST ${path}`, { code: 'unknown_url' });
  }
  if (!input.ok) return sendOpenAiError(res, 400, input.message, { param: input.param });
  const call = input.call;
  // The client hanging up aborts the engine's work (Ollama's request, the network job); the controller is the run's own.
  const ctl = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) ctl.abort('client');
  });
  d.engine.run(call, ctl).then(
    (r) => writeOpenAiRun(res, r, { kind: call.kind, model: call.body.model, includeUsage: input.includeUsage }),
    (err: unknown) => sendOpenAiError(res, 500, `ClawGrid failed: ${err instanceof Error ? err.message : String(err)}`),
  );
}
