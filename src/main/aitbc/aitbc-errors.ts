import { detailErrorSchema, envelopeErrorSchema, marketErrorSchema } from './wire-schemas';

/** What kind of failure a coordinator call ended in; `uncertain` = the request may have been processed. */
export type AitbcErrorKind = 'http' | 'unreachable' | 'uncertain' | 'timeout' | 'invalid_response' | 'aborted';

/**
 * A failed coordinator call as a value-like error: HTTP status, the body's message (whichever of the three
 * error shapes it came in, §2), the envelope code when there is one, and Retry-After for 429.
 */
export class AitbcError extends Error {
  constructor(
    readonly kind: AitbcErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
    readonly retryAfterMs: number | null = null,
    readonly shape: 'detail' | 'envelope' | 'market' | 'none' = 'none',
  ) {
    super(message);
    this.name = 'AitbcError';
  }
}

/** Retry-After as delta-seconds or an HTTP date → ms; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function detailText(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    // FastAPI's own validation list: [{loc, msg, type}]
    return detail
      .map((d) => (d && typeof d === 'object' && 'msg' in d ? String((d as { msg: unknown }).msg) : JSON.stringify(d)))
      .join('; ')
      .slice(0, 500);
  }
  return JSON.stringify(detail).slice(0, 500);
}

/** Builds the error for a non-2xx answer from the parsed (or raw text) body and the response headers. */
export function errorFromResponse(status: number, body: unknown, headers: Headers): AitbcError {
  let retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  const env = envelopeErrorSchema.safeParse(body);
  if (env.success) {
    const e = env.data.error;
    const detailRetry = e.details?.find((d) => typeof d.retry_after === 'number')?.retry_after;
    if (retryAfterMs === null && detailRetry !== undefined) retryAfterMs = detailRetry * 1000;
    const fields = e.details?.map((d) => (d.field ? `${d.field}: ${d.message ?? ''}` : (d.message ?? ''))).filter(Boolean) ?? [];
    const message = fields.length ? `${e.message} (${fields.join('; ')})` : e.message;
    return new AitbcError('http', message, status, e.code, retryAfterMs, 'envelope');
  }
  const det = detailErrorSchema.safeParse(body);
  if (det.success) return new AitbcError('http', detailText(det.data.detail), status, null, retryAfterMs, 'detail');
  const market = marketErrorSchema.safeParse(body);
  if (market.success) return new AitbcError('http', market.data.error, status, null, retryAfterMs, 'market');
  const text = typeof body === 'string' && body ? body.slice(0, 200) : `HTTP ${status}`;
  return new AitbcError('http', text, status, null, retryAfterMs, 'none');
}

const CERTAINLY_NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL']);

/** Classifies a thrown fetch error: refused/unresolvable = never sent; anything after connecting = uncertain. */
export function errorFromThrown(err: unknown, timedOut: boolean, aborted: boolean): AitbcError {
  if (aborted) return new AitbcError('aborted', 'The request was canceled');
  if (timedOut) return new AitbcError('timeout', 'The coordinator did not answer in time');
  const cause = (err as { cause?: { code?: string; message?: string } } | null)?.cause;
  const code = cause?.code ?? (err as { code?: string } | null)?.code ?? '';
  const msg = cause?.message ?? (err instanceof Error ? err.message : String(err));
  if (CERTAINLY_NOT_SENT.has(code)) return new AitbcError('unreachable', `Coordinator unreachable: ${msg}`, null, code);
  return new AitbcError('uncertain', `Connection to the coordinator failed: ${msg}`, null, code || null);
}
