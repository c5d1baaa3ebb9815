import { z } from 'zod';
import type { MonitorStatus, OllamaLoadedModel, SourceState } from '../../shared/contract/monitor';
import type { Logger } from '../log/logger';

/**
 * Ollama's GET /api/ps. Ollama omits zero-valued fields, so `size_vram` (0 = CPU only) and
 * `context_length` (absent before 0.10.0) may be missing; `models` is tolerated as null.
 */
export const ollamaPsResponseSchema = z.object({
  models: z
    .array(
      z.object({
        name: z.string(),
        model: z.string().optional(),
        size: z.number().nonnegative().optional(),
        digest: z.string().optional(),
        details: z.record(z.string(), z.unknown()).optional(),
        expires_at: z.string().optional(),
        size_vram: z.number().nonnegative().optional(),
        context_length: z.number().int().nonnegative().optional(),
      }),
    )
    .nullable(),
});
export type OllamaPsResponse = z.infer<typeof ollamaPsResponseSchema>;

/** Maps the wire shape to the contract's, keeping Ollama's order (latest expiry first). */
export function toLoadedModels(res: OllamaPsResponse): OllamaLoadedModel[] {
  return (res.models ?? []).map((m) => ({
    name: m.name,
    sizeBytes: m.size ?? 0,
    sizeVramBytes: m.size_vram ?? 0,
    expiresAt: m.expires_at ?? null,
    contextLength: m.context_length ?? null,
  }));
}

/** What the monitor shows for Ollama. */
export type OllamaStatus = MonitorStatus['ollama'];

/** Shown when nothing listens at the Ollama URL: a normal state, not an error. */
export const ollamaAbsentMessage = (url: string) => `Ollama is not running at ${url} — local models appear here when it is.`;

/** The errno behind undici's generic "fetch failed" (ECONNREFUSED…), or its own reason ("bad port"). */
function networkCode(err: unknown): string | undefined {
  const cause = (err as { cause?: unknown }).cause as { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } | undefined;
  if (typeof cause?.code === 'string') return cause.code;
  const inner = cause?.errors?.find((e) => typeof e.code === 'string');
  if (typeof inner?.code === 'string') return inner.code;
  return typeof cause?.message === 'string' ? cause.message : undefined;
}

/** One /api/ps call turned into a status; never throws. */
export async function fetchOllamaPs(url: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<OllamaStatus> {
  const timeoutMs = opts.timeoutMs ?? 1500;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  const result = (state: SourceState, message: string, models: OllamaLoadedModel[] = []): OllamaStatus => ({
    state,
    url,
    message,
    models,
  });
  let res: Response;
  try {
    res = await fetch(`${url}/api/ps`, { signal, headers: { accept: 'application/json' } });
  } catch (err) {
    if (timeout.aborted) return result('error', `Ollama at ${url} did not answer within ${timeoutMs / 1000} s.`);
    const code = networkCode(err);
    if (code === 'ECONNREFUSED') return result('absent', ollamaAbsentMessage(url));
    return result('error', `Could not reach Ollama at ${url} (${code ?? (err instanceof Error ? err.message : 'network error')}).`);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (!res.ok) return result('error', `Ollama at ${url} answered HTTP ${res.status} to /api/ps.`);
  const parsed = ollamaPsResponseSchema.safeParse(body);
  if (!parsed.success) return result('error', `Ollama at ${url} sent an /api/ps response ClawGrid does not understand.`);
  const models = toLoadedModels(parsed.data);
  const what = models.length === 0 ? 'no model loaded' : `${models.length} model${models.length === 1 ? '' : 's'} loaded`;
  return result('ok', `Ollama is running: ${what}.`, models);
}

/** Polls /api/ps every 5 s; the latest status is always available without waiting. */
export interface OllamaPsPoller {
  start(): void;
  stop(): void;
  status(): OllamaStatus;
}

/** Creates the poller; one request at a time, cancelled on stop(). */
export function createOllamaPsPoller(opts: { url: string; log: Logger; intervalMs?: number; timeoutMs?: number }): OllamaPsPoller {
  const url = opts.url.replace(/\/+$/, '');
  let status: OllamaStatus = { state: 'starting', url, message: `Checking Ollama at ${url}…`, models: [] };
  let timer: NodeJS.Timeout | undefined;
  let stopper: AbortController | undefined;
  let inFlight = false;

  const poll = async () => {
    if (inFlight || !stopper) return;
    inFlight = true;
    const signal = stopper.signal;
    const next = await fetchOllamaPs(url, { timeoutMs: opts.timeoutMs, signal });
    inFlight = false;
    if (signal.aborted) return;
    if (next.state !== status.state || next.message !== status.message) {
      opts.log[next.state === 'error' ? 'warn' : 'info']('ollama.state', { state: next.state, message: next.message });
    }
    status = next;
  };

  return {
    start() {
      if (timer) return;
      stopper = new AbortController();
      timer = setInterval(() => void poll(), opts.intervalMs ?? 5000);
      timer.unref();
      void poll();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      stopper?.abort();
      stopper = undefined;
      inFlight = false;
    },
    status: () => status,
  };
}
