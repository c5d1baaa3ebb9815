import { OllamaFailure } from './port';

/** The errno behind undici's generic "fetch failed" (ECONNREFUSED…), or its own reason ("bad port"). */
export function networkCode(err: unknown): string | undefined {
  const cause = (err as { cause?: unknown } | null)?.cause as { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } | undefined;
  if (typeof cause?.code === 'string') return cause.code;
  const inner = cause?.errors?.find((e) => typeof e.code === 'string');
  if (typeof inner?.code === 'string') return inner.code;
  return typeof cause?.message === 'string' ? cause.message : undefined;
}

/** The official client's ResponseError (not exported by the package): an HTTP error with Ollama's `{"error"}` text. */
function responseError(err: unknown): { message: string; status: number } | null {
  if (!(err instanceof Error) || err.name !== 'ResponseError') return null;
  const status = (err as { status_code?: unknown }).status_code;
  return { message: err.message, status: typeof status === 'number' ? status : 0 };
}

/** What one call was doing when it failed: enough to say so plainly. */
export interface FailureContext {
  url: string;
  /** e.g. "/api/tags", "the pull of qwen3:8b". */
  what: string;
  /** The caller's cancel signal. */
  signal?: AbortSignal;
  /** The call's own deadline signal and its length. */
  timeout?: AbortSignal;
  timeoutMs?: number;
  /** A stream call: an error without an HTTP status is a broken stream. */
  stream?: boolean;
}

/** Maps anything the official client (or fetch under it) throws to an OllamaFailure. */
export function toOllamaFailure(err: unknown, ctx: FailureContext): OllamaFailure {
  if (err instanceof OllamaFailure) return err;
  if (ctx.signal?.aborted) return new OllamaFailure('OLLAMA_ABORTED', 'Canceled');
  if (ctx.timeout?.aborted) return new OllamaFailure('OLLAMA_TIMEOUT', `Ollama at ${ctx.url} did not answer within ${(ctx.timeoutMs ?? 0) / 1000} s (${ctx.what}).`);
  const http = responseError(err);
  if (http) return new OllamaFailure('OLLAMA_HTTP', `Ollama: ${http.message}`, http.status);
  const code = networkCode(err);
  if (code === 'ECONNREFUSED') return new OllamaFailure('OLLAMA_ABSENT', ollamaAbsentText(ctx.url));
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof TypeError && /fetch failed/i.test(message)) {
    return new OllamaFailure('OLLAMA_UNREACHABLE', `Could not reach Ollama at ${ctx.url} (${code ?? 'network error'}).`);
  }
  if (err instanceof SyntaxError) return new OllamaFailure('OLLAMA_BAD_REPLY', `Ollama at ${ctx.url} sent a reply to ${ctx.what} that is not JSON.`);
  if (ctx.stream) return new OllamaFailure('OLLAMA_STREAM', message);
  return new OllamaFailure('OLLAMA_UNREACHABLE', `Ollama at ${ctx.url} failed ${ctx.what}: ${message}`);
}

/** The plain sentence for "nothing listens at the Ollama URL". */
export const ollamaAbsentText = (url: string) => `Ollama is not reachable at ${url}: nothing is listening there (is Ollama running?).`;
