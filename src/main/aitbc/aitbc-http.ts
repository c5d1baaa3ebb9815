import { randomUUID } from 'node:crypto';
import createClient from 'openapi-fetch';
import type { z } from 'zod';
import type { paths } from './aitbc-types';
import { AitbcError, errorFromResponse, errorFromThrown } from './aitbc-errors';
import { sleep } from './sleep';

export type CoordinatorFetch = ReturnType<typeof createClient<paths>>;

/** What an openapi-fetch call resolves to, with the typed parts erased (we validate with zod instead). */
export interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export interface CallOptions {
  /** Caller's cancel signal (combined with the per-call timeout). */
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Retry 429 after Retry-After (only for calls that are safe to repeat). */
  retry429?: boolean;
  /** Give up waiting on Retry-After beyond this (ms); the 429 is then returned as the error. */
  maxRetryWaitMs?: number;
}

export interface HttpOptions {
  /** Coordinator base URL without `/v1` (e.g. http://127.0.0.1:8203 or http://hub.aitbc.bubuit.net/c). */
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  userAgent?: string;
}

/** The typed openapi-fetch client plus one disciplined way to run a call: timeout, errors, 429, zod. */
export interface CoordinatorHttp {
  readonly api: CoordinatorFetch;
  readonly baseUrl: string;
  run<S extends z.ZodType>(schema: S | null, call: (init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<RawResult>, opts?: CallOptions & { headers?: Record<string, string> }): Promise<z.output<S>>;
}

export function normalizeBaseUrl(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export function createCoordinatorHttp(opts: HttpOptions): CoordinatorHttp {
  const baseUrl = normalizeBaseUrl(opts.baseUrl);
  const doFetch = opts.fetch ?? globalThis.fetch;
  const api = createClient<paths>({ baseUrl, fetch: (req: Request) => doFetch(req) });
  const defaultTimeout = opts.timeoutMs ?? 15_000;
  const userAgent = opts.userAgent ?? 'ClawGrid';

  async function once<S extends z.ZodType>(
    schema: S | null,
    call: (init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<RawResult>,
    o: CallOptions & { headers?: Record<string, string> },
  ): Promise<z.output<S>> {
    const timeout = AbortSignal.timeout(o.timeoutMs ?? defaultTimeout);
    const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
    const headers = { 'User-Agent': userAgent, 'X-Request-ID': randomUUID(), ...o.headers };
    let res: RawResult;
    try {
      res = await call({ signal, headers });
    } catch (err) {
      throw errorFromThrown(err, timeout.aborted, o.signal?.aborted ?? false);
    }
    if (!res.response.ok) throw errorFromResponse(res.response.status, res.error, res.response.headers);
    if (!schema) return undefined as z.output<S>;
    const parsed = schema.safeParse(res.data ?? null);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new AitbcError('invalid_response', `Unexpected coordinator reply (${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'})`, res.response.status);
    }
    return parsed.data;
  }

  return {
    api,
    baseUrl,
    async run(schema, call, o = {}) {
      const maxWait = o.maxRetryWaitMs ?? 60_000;
      for (let attempt = 0; ; attempt++) {
        try {
          return await once(schema, call, o);
        } catch (err) {
          const retryable = o.retry429 && err instanceof AitbcError && err.status === 429 && attempt < 3;
          const wait = err instanceof AitbcError ? (err.retryAfterMs ?? 1000) : 0;
          if (!retryable || wait > maxWait) throw err;
          await sleep(wait, o.signal);
        }
      }
    },
  };
}
