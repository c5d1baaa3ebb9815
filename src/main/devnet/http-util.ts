import type http from 'node:http';
import { z } from 'zod';
import { isJsonObject, parseJsonLossless, type JsonObject } from '../../shared/domain/canonical-json';
import { loopbackRefusal } from '../http/loopback-guard';
import { readLimitedBody } from '../http/read-body';

/** Bodies over this are refused like the coordinator does (413). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** An HTTP answer the devnet gives; thrown inside handlers, written by the server. */
export class HttpReply extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** Error shape 1/2: `{"detail": …}`. */
export const detail = (status: number, text: string, headers: Record<string, string> = {}) => new HttpReply(status, { detail: text }, headers);

/** Error shape 3: the envelope, with the `+00:00Z` timestamp quirk (§2). */
export function envelope(status: number, code: string, message: string, requestId: string | null, details: Record<string, unknown>[] = [], headers: Record<string, string> = {}): HttpReply {
  const timestamp = new Date().toISOString().replace('Z', '000+00:00Z');
  return new HttpReply(status, { error: { code, message, status, details }, timestamp, request_id: requestId }, headers);
}

/** 422 VALIDATION_ERROR from zod issues, `field` = dotted location like `body.payload`. */
export function validationError(issues: z.core.$ZodIssue[], requestId: string | null): HttpReply {
  const details = issues.map((i) => ({ field: ['body', ...i.path.map(String)].join('.'), message: i.message, code: i.code }));
  return envelope(422, 'VALIDATION_ERROR', 'Request validation failed', requestId, details);
}

/** Reads a JSON body (≤ 10 MiB); malformed JSON → 422 like FastAPI's json_invalid. */
export async function readBody(req: http.IncomingMessage, requestId: string | null): Promise<string> {
  // Declared or chunked, over the limit is a 413 the client receives (the rest is drained, not reset).
  const read = await readLimitedBody(req, MAX_BODY_BYTES);
  if (!read.ok) throw detail(413, 'Request entity too large');
  void requestId;
  return read.body.toString('utf8');
}

export function parseJsonBody(text: string, requestId: string | null): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw envelope(422, 'VALIDATION_ERROR', 'Request validation failed', requestId, [{ field: 'body', message: `JSON decode error: ${err instanceof Error ? err.message : 'invalid'}`, code: 'json_invalid' }]);
  }
}

/** The body as a lossless JSON object (Python int/float kept); `{}` when it is not an object. */
export function losslessObject(text: string): JsonObject {
  const raw = parseJsonLossless(text);
  return raw.ok && isJsonObject(raw.value) ? raw.value : {};
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, requestId: string | null): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(r.error.issues, requestId);
  return r.data;
}

/** Token bucket per (route, peer), like aitbc/rate_limiting.py: 429 `Rate limit exceeded` + Retry-After. */
export function createRateLimiter(periodS = 60) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key: string, limit: number, now = Date.now()): void {
      const b = buckets.get(key) ?? { tokens: limit, at: now };
      b.tokens = Math.min(limit, b.tokens + ((now - b.at) / 1000) * (limit / periodS));
      b.at = now;
      if (b.tokens < 1) {
        buckets.set(key, b);
        throw detail(429, 'Rate limit exceeded', { 'Retry-After': String(periodS) });
      }
      b.tokens -= 1;
      buckets.set(key, b);
    },
    reset() {
      buckets.clear();
    },
  };
}

/**
 * DESIGN.md §5 for the devnet: 403 for a `Host` that is not a loopback name (DNS rebinding) and for a browser
 * `Origin` that is not a loopback page. Bound to an explicit address, that address is a valid Host too; bound
 * to a wildcard (0.0.0.0, ::) the Host check is off — the person asked for every name — the Origin check stays.
 */
export function refuseForeign(req: http.IncomingMessage, bindHost: string): void {
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '';
  const refusal = loopbackRefusal(req.headers, { ownOrigins: [], anyLoopbackOrigin: true, extraHosts: [bindHost], checkHost: !wildcard });
  if (refusal) throw detail(403, refusal);
}
