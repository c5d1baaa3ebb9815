import { Ollama, type AbortableAsyncIterator, type ChatRequest, type GenerateRequest, type ProgressResponse } from 'ollama';
import type { z } from 'zod';
import type { PullLine } from '../../shared/domain/pull-progress';
import { toOllamaFailure } from './ollama-errors';
import { chatCompletion, chatSchema, generateCompletion, generateSchema, psSchema, pullLineSchema, showSchema, tagsSchema, toFacts, toInstalled, toLoaded } from './ollama-schemas';
import { OllamaFailure, type OllamaApi } from './port';

/** Deadlines and the fetch under the official client (tests replay recorded streams through it). */
export interface OllamaApiOptions {
  fetch?: typeof fetch;
  /** Metadata calls (tags, ps, show, delete). Default 5 s. */
  timeoutMs?: number;
  /** chat/generate for a miner job. Default 10 min. */
  inferenceTimeoutMs?: number;
  /** Loading a model for warm-up. Default 10 min. */
  warmTimeoutMs?: number;
}

/** The official `ollama` client, one instance per call, every reply checked with zod and every error an OllamaFailure. */
export function createOllamaApi(url: string, opts: OllamaApiOptions = {}): OllamaApi {
  const base = url.replace(/\/+$/, '');
  const baseFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5000;

  // The client passes no signal on GET or non-streamed POST, and its instance-wide abort() ends every stream of
  // that instance: so each call gets its own instance whose fetch carries this call's cancel signal and deadline.
  const clientFor = (signals: (AbortSignal | undefined)[]) =>
    new Ollama({
      host: base,
      fetch: (input, init) => {
        const all = [...signals, init?.signal ?? undefined].filter((s): s is AbortSignal => !!s);
        return baseFetch(input, { ...init, ...(all.length ? { signal: AbortSignal.any(all) } : {}) });
      },
    });

  async function call<T>(what: string, signal: AbortSignal | undefined, ms: number, fn: (c: Ollama) => Promise<T>): Promise<T> {
    const timeout = AbortSignal.timeout(ms);
    try {
      return await fn(clientFor([signal, timeout]));
    } catch (err) {
      throw toOllamaFailure(err, { url: base, what, signal, timeout, timeoutMs: ms });
    }
  }

  function parse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
    const r = schema.safeParse(body);
    if (!r.success) throw new OllamaFailure('OLLAMA_BAD_REPLY', `Ollama at ${base} sent a reply to ${what} that ClawGrid does not understand.`);
    return r.data;
  }

  const inferenceMs = opts.inferenceTimeoutMs ?? 600_000;
  return {
    url: base,
    list: (signal) => call('/api/tags', signal, timeoutMs, async (c) => toInstalled(parse(tagsSchema, await c.list(), '/api/tags'))),
    ps: (signal) => call('/api/ps', signal, timeoutMs, async (c) => toLoaded(parse(psSchema, await c.ps(), '/api/ps'))),
    show: (name, signal) => call('/api/show', signal, timeoutMs, async (c) => toFacts(parse(showSchema, await c.show({ model: name }), '/api/show'))),
    delete: (name, signal) => call('/api/delete', signal, timeoutMs, async (c) => void (await c.delete({ model: name }))),
    chat: (body, signal) =>
      call('/api/chat', signal, inferenceMs, async (c) => chatCompletion(parse(chatSchema, await c.chat({ ...(body as unknown as ChatRequest), stream: false }), '/api/chat'))),
    generate: (body, signal) =>
      call('/api/generate', signal, inferenceMs, async (c) => generateCompletion(parse(generateSchema, await c.generate({ ...(body as unknown as GenerateRequest), stream: false }), '/api/generate'))),
    warm: (name, numCtx, signal) =>
      // An empty prompt loads the model (done_reason "load"); the same num_ctx as agent turns, or they reload it.
      call('the warm-up', signal, opts.warmTimeoutMs ?? 600_000, async (c) => void (await c.generate({ model: name, prompt: '', stream: false, options: { num_ctx: numCtx } }))),
    pull: (name, signal) => pullStream(base, clientFor([signal]), name, signal),
  };
}

/** One pull: no overall deadline (tens of GB take as long as they take); `signal` aborts this stream only. */
async function* pullStream(base: string, client: Ollama, name: string, signal: AbortSignal): AsyncGenerator<PullLine> {
  const ctx = { url: base, what: `the pull of ${name}`, signal };
  let stream: AbortableAsyncIterator<ProgressResponse>;
  try {
    stream = await client.pull({ model: name, stream: true });
  } catch (err) {
    throw toOllamaFailure(err, ctx);
  }
  const abort = () => stream.abort();
  signal.addEventListener('abort', abort, { once: true });
  let finished = false;
  try {
    for await (const line of stream) {
      const parsed = pullLineSchema.safeParse(line);
      if (!parsed.success) throw new OllamaFailure('OLLAMA_BAD_REPLY', 'Ollama sent an unexpected pull progress line');
      yield parsed.data;
    }
    finished = true;
  } catch (err) {
    if (signal.aborted) throw new OllamaFailure('OLLAMA_ABORTED', 'Canceled');
    if (err instanceof OllamaFailure) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (/did not receive done or success/i.test(message)) throw new OllamaFailure('OLLAMA_STREAM', 'The download stopped before Ollama reported success');
    // The client turns an {"error"} line into a plain Error; anything else is the connection breaking.
    if (err instanceof Error && err.constructor === Error) throw new OllamaFailure('OLLAMA_STREAM', `Pull failed: ${message}`);
    throw new OllamaFailure('OLLAMA_STREAM', `The download was interrupted: ${message}`);
  } finally {
    signal.removeEventListener('abort', abort);
    // The consumer stopped early (break/return): end the HTTP stream too.
    if (!finished) stream.abort();
  }
}
