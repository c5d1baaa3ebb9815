import type { FakeModel } from './fake-models';
import { fakeEmbedding } from './scripted-reply';

/** What an embedding handler answers: a status and a JSON body (the caller writes it). */
export interface FakeAnswer {
  status: number;
  body: unknown;
}

const tokens = (s: string) => Math.ceil(s.length / 4);

/**
 * `/api/embed` as Ollama answers it (ollama-api.md §9): `input` a string or an array of strings (another type:
 * 400 `invalid input type`), one L2-normalized vector per input in order, `prompt_eval_count` the token total;
 * `truncate:false` with an input over the context → 400 `the input length exceeds the context length`; a model
 * without the `embedding` capability → 400.
 */
export function embedAnswer(model: FakeModel, body: Record<string, unknown>): FakeAnswer {
  if (!model.capabilities.includes('embedding')) return { status: 400, body: { error: `"${model.name}" does not support embeddings` } };
  const input = body.input;
  const inputs = input === undefined ? [] : typeof input === 'string' ? [input] : Array.isArray(input) && input.every((s) => typeof s === 'string') ? (input as string[]) : null;
  if (!inputs) return { status: 400, body: { error: 'invalid input type' } };
  if (body.truncate === false && inputs.some((s) => tokens(s) > model.contextLength)) return { status: 400, body: { error: 'the input length exceeds the context length' } };
  const dims = typeof body.dimensions === 'number' && body.dimensions > 0 ? Math.min(body.dimensions, model.embeddingLength ?? 768) : (model.embeddingLength ?? 768);
  return {
    status: 200,
    body: {
      model: model.name,
      embeddings: inputs.map((s) => fakeEmbedding(s, dims)),
      total_duration: 1_000_000,
      load_duration: 100_000,
      prompt_eval_count: inputs.reduce((n, s) => n + tokens(s), 0),
    },
  };
}

/**
 * Legacy `/api/embeddings` (`{model, prompt}` → `{"embedding":[…]}`): one vector, no token count, and unlike
 * `/api/embed` not normalized; an empty prompt gives `{"embedding":[]}`.
 */
export function embeddingsAnswer(model: FakeModel, body: Record<string, unknown>): FakeAnswer {
  if (!model.capabilities.includes('embedding')) return { status: 400, body: { error: `"${model.name}" does not support embeddings` } };
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  if (!prompt) return { status: 200, body: { embedding: [] } };
  return { status: 200, body: { embedding: fakeEmbedding(prompt, model.embeddingLength ?? 768).map((x) => x * 7.5) } };
}
