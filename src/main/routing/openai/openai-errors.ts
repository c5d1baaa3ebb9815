import type http from 'node:http';
import type { RunError, RunErrorCode } from '../run-types';
import { errorOf } from '../local-answer';

/** OpenAI's error object (`{"error":{message,type,param,code}}`), what the official clients parse into APIError. */
export interface OpenAiError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** What a refusal tells an OpenAI client beyond its status: its type/code and whether retrying can help. */
export interface OpenAiErrorDetail {
  type?: string;
  code?: string | null;
  param?: string | null;
}

const SPEND: readonly RunErrorCode[] = ['budget_exhausted', 'over_price_cap', 'approval_denied', 'approval_timeout', 'wallet_locked'];

/**
 * OpenAI's type for a status (its documented error codes): 400/404/413 invalid_request_error, 401 with
 * code invalid_api_key, 429 rate limit (`requests`), 5xx server_error.
 */
export function openAiError(status: number, message: string, detail: OpenAiErrorDetail = {}): OpenAiError {
  const type = detail.type ?? (status === 401 ? 'invalid_request_error' : status === 403 ? 'permission_error' : status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error');
  const code = detail.code !== undefined ? detail.code : status === 401 ? 'invalid_api_key' : null;
  return { message, type, param: detail.param ?? null, code };
}

/**
 * Sends one OpenAI-shaped error. `noRetry` adds `x-should-retry: false`, which the official clients obey:
 * a spent budget does not come back by retrying, so they should not hammer it with their default retries.
 */
export function sendOpenAiError(
  res: http.ServerResponse,
  status: number,
  message: string,
  detail: OpenAiErrorDetail = {},
  extra: http.OutgoingHttpHeaders = {},
  opts: { retryAfterMs?: number; noRetry?: boolean } = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify({ error: openAiError(status, message, detail) });
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...extra };
  if (opts.retryAfterMs !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(opts.retryAfterMs / 1000)));
  if (opts.noRetry) headers['x-should-retry'] = 'false';
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * The engine's error value as OpenAI states it. Spend refusals are 429 `insufficient_quota` (what OpenAI
 * answers when an account's quota is used up; the native API answers 429 too); budget exhaustion carries
 * OpenAI's own code `insufficient_quota`, the other refusals ClawGrid's code. The runaway guard is OpenAI's
 * `rate_limit_exceeded`. Ollama's own error bodies are unwrapped to their message.
 */
export function sendRunError(res: http.ServerResponse, a: RunError, headers: http.OutgoingHttpHeaders): void {
  const message = a.ollamaBody !== undefined ? errorOf(a.ollamaBody) : a.message;
  const spend = a.code !== undefined && SPEND.includes(a.code);
  const detail: OpenAiErrorDetail = spend
    ? { type: 'insufficient_quota', code: a.code === 'budget_exhausted' ? 'insufficient_quota' : a.code! }
    : a.code === 'rate_limited'
      ? { type: 'requests', code: 'rate_limit_exceeded' }
      : a.httpStatus === 404
        ? { code: 'model_not_found', param: 'model' }
        : {};
  sendOpenAiError(res, a.httpStatus, message, detail, headers, { ...(a.retryAfterMs !== undefined ? { retryAfterMs: a.retryAfterMs } : {}), noRetry: spend });
}
