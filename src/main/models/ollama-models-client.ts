import { z } from 'zod';
import type { PullLine } from '../../shared/domain/pull-progress';
import type { KvShape } from '../../shared/domain/model-fit';

/** A model on this machine as /api/tags + /api/show describe it. */
export interface LocalModel {
  name: string;
  sizeBytes: number;
  digest: string;
  family: string | null;
  parameterSize: string | null;
  quantization: string | null;
  contextLength: number | null;
  capabilities: string[];
  kv: KvShape | null;
  license: string | null;
}

/** Why a call to Ollama failed: `absent` = nothing listens (a normal state), `error` = it answered badly. */
export class OllamaError extends Error {
  constructor(
    readonly kind: 'absent' | 'error' | 'aborted',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'OllamaError';
  }
}

/** The local Ollama as the catalog needs it: list, describe, pull (resumable), warm up. */
export interface LocalModelSource {
  readonly url: string;
  list(signal?: AbortSignal): Promise<{ name: string; sizeBytes: number; digest: string; family: string | null; parameterSize: string | null; quantization: string | null }[]>;
  show(name: string, signal?: AbortSignal): Promise<LocalModel>;
  /** Names loaded in memory now (/api/ps). */
  loaded(signal?: AbortSignal): Promise<string[]>;
  /** Streams /api/pull progress; re-pulling the same name resumes the partial download (Ollama keeps partial blobs). */
  pull(name: string, signal: AbortSignal): AsyncIterable<PullLine>;
  /** Loads the model with the context agents will use, so the first agent turn is warm. */
  warm(name: string, numCtx: number, signal: AbortSignal): Promise<void>;
}

const tagsSchema = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      model: z.string().optional(),
      size: z.number().nonnegative(),
      digest: z.string().default(''),
      details: z
        .object({ family: z.string().optional(), parameter_size: z.string().optional(), quantization_level: z.string().optional() })
        .partial()
        .optional(),
    }),
  ),
});

const showSchema = z.object({
  license: z.string().optional(),
  parameters: z.string().optional(),
  details: z.object({ family: z.string().optional(), parameter_size: z.string().optional(), quantization_level: z.string().optional() }).partial().optional(),
  model_info: z.record(z.string(), z.unknown()).optional(),
  capabilities: z.array(z.string()).optional(),
});

const psSchema = z.object({ models: z.array(z.object({ name: z.string() })) });

const pullLineSchema = z.union([
  z.object({ error: z.string() }),
  z.object({ status: z.string(), digest: z.string().optional(), total: z.number().nonnegative().optional(), completed: z.number().nonnegative().optional() }),
]);

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);

/** Context length and KV shape from GGUF metadata keyed by `general.architecture` (ollama-api.md §5). */
export function modelInfoFacts(info: Record<string, unknown>, parameters: string | undefined): { contextLength: number | null; kv: KvShape | null } {
  const arch = typeof info['general.architecture'] === 'string' ? (info['general.architecture'] as string) : null;
  let ctx: number | null = arch ? num(info[`${arch}.context_length`]) : null;
  if (ctx === null) {
    const key = Object.keys(info).find((k) => k.endsWith('.context_length'));
    ctx = key ? num(info[key]) : null;
  }
  const numCtx = /^\s*num_ctx\s+(\d+)/m.exec(parameters ?? '');
  if (numCtx && (ctx === null || Number(numCtx[1]) > ctx)) ctx = Number(numCtx[1]);
  let kv: KvShape | null = null;
  if (arch) {
    const layers = num(info[`${arch}.block_count`]);
    const heads = num(info[`${arch}.attention.head_count`]);
    const kvHeads = num(info[`${arch}.attention.head_count_kv`]) ?? heads;
    const embed = num(info[`${arch}.embedding_length`]);
    const headDim = num(info[`${arch}.attention.key_length`]) ?? (embed && heads ? embed / heads : null);
    if (layers && kvHeads && headDim) kv = { layers, kvHeads, headDim };
  }
  return { contextLength: ctx, kv };
}

/** The real client over Ollama's native HTTP API, every reply checked with zod. */
export function createOllamaModelsClient(url: string, opts: { timeoutMs?: number; fetch?: typeof fetch } = {}): LocalModelSource {
  const base = url.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5000;

  async function request(path: string, init: RequestInit, signal?: AbortSignal, timeout: number | null = timeoutMs): Promise<Response> {
    const signals = [signal, timeout !== null ? AbortSignal.timeout(timeout) : undefined].filter((s): s is AbortSignal => !!s);
    let res: Response;
    try {
      res = await doFetch(base + path, { ...init, signal: signals.length ? AbortSignal.any(signals) : undefined });
    } catch (err) {
      if (signal?.aborted) throw new OllamaError('aborted', 'Canceled');
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      if (cause === 'ECONNREFUSED') throw new OllamaError('absent', `Ollama is not running at ${base}`);
      throw new OllamaError('error', `Ollama at ${base} did not answer: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      let message = text.slice(0, 300) || res.statusText;
      try {
        const j = JSON.parse(text) as { error?: unknown };
        if (typeof j.error === 'string') message = j.error;
      } catch {
        // not JSON: keep the text (a proxy's error page)
      }
      throw new OllamaError('error', `Ollama: ${message}`, res.status);
    }
    return res;
  }

  async function getJson<T>(path: string, schema: z.ZodType<T>, init: RequestInit, signal?: AbortSignal): Promise<T> {
    const res = await request(path, init, signal);
    const parsed = schema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new OllamaError('error', `Ollama sent an unexpected reply to ${path}`);
    return parsed.data;
  }

  const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  return {
    url: base,
    async list(signal) {
      const tags = await getJson('/api/tags', tagsSchema, { method: 'GET' }, signal);
      return tags.models.map((m) => ({
        name: m.name,
        sizeBytes: m.size,
        digest: m.digest,
        family: m.details?.family ?? null,
        parameterSize: m.details?.parameter_size ?? null,
        quantization: m.details?.quantization_level ?? null,
      }));
    },
    async show(name, signal) {
      const s = await getJson('/api/show', showSchema, post({ model: name }), signal);
      const facts = modelInfoFacts(s.model_info ?? {}, s.parameters);
      return {
        name,
        sizeBytes: 0,
        digest: '',
        family: s.details?.family ?? null,
        parameterSize: s.details?.parameter_size ?? null,
        quantization: s.details?.quantization_level ?? null,
        contextLength: facts.contextLength,
        capabilities: s.capabilities ?? [],
        kv: facts.kv,
        license: s.license ? s.license.split('\n')[0]!.slice(0, 120) : null,
      };
    },
    async loaded(signal) {
      const ps = await getJson('/api/ps', psSchema, { method: 'GET' }, signal);
      return ps.models.map((m) => m.name);
    },
    async *pull(name, signal) {
      // No overall timeout: a pull of tens of GB takes as long as it takes; cancel is the signal.
      const res = await request('/api/pull', post({ model: name, stream: true }), signal, null);
      if (!res.body) throw new OllamaError('error', 'Ollama sent an empty pull stream');
      let sawSuccess = false;
      try {
        for await (const line of ndjsonLines(res.body)) {
          let json: unknown;
          try {
            json = JSON.parse(line);
          } catch {
            throw new OllamaError('error', 'Ollama sent a malformed pull progress line');
          }
          const parsed = pullLineSchema.safeParse(json);
          if (!parsed.success) throw new OllamaError('error', 'Ollama sent an unexpected pull progress line');
          if ('error' in parsed.data) throw new OllamaError('error', `Pull failed: ${parsed.data.error}`);
          if (parsed.data.status === 'success') sawSuccess = true;
          yield parsed.data;
        }
      } catch (err) {
        if (signal.aborted) throw new OllamaError('aborted', 'Canceled');
        if (err instanceof OllamaError) throw err;
        throw new OllamaError('error', `The download was interrupted: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!sawSuccess) throw new OllamaError('error', 'The download stopped before Ollama reported success');
    },
    async warm(name, numCtx, signal) {
      // An empty prompt loads the model (done_reason "load"); same num_ctx as agent turns, or they reload it.
      const res = await request('/api/generate', post({ model: name, prompt: '', stream: false, options: { num_ctx: numCtx } }), signal, 10 * 60_000);
      await res.arrayBuffer();
    },
  };
}

/** Splits a byte stream into non-empty lines (NDJSON). */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) yield line;
    }
  }
  buf += decoder.decode();
  if (buf.trim()) yield buf.trim();
}
