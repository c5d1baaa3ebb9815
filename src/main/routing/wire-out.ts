import type http from 'node:http';

/** ClawGrid's own response headers (the overhead header mirrors LiteLLM's x-litellm-overhead-duration-ms). */
export interface ClawgridHeaders {
  requestId: string;
  strategy: string;
  backend: string | null;
  overheadMs: number;
}

const NDJSON = 'application/x-ndjson';
const JSON_TYPE = 'application/json; charset=utf-8';

export function clawgridHeaders(h: ClawgridHeaders): http.OutgoingHttpHeaders {
  return {
    'x-clawgrid-request-id': h.requestId,
    'x-clawgrid-strategy': h.strategy,
    'x-clawgrid-backend': h.backend ?? 'none',
    'x-clawgrid-overhead-ms': h.overheadMs.toFixed(3),
  };
}

/** An Ollama-shaped error answer: `{"error": "…"}`, application/json, optional Retry-After (seconds). */
export function sendError(res: http.ServerResponse, status: number, message: string, extra: http.OutgoingHttpHeaders = {}, retryAfterMs?: number): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify({ error: message });
  const headers: http.OutgoingHttpHeaders = { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body), ...extra };
  if (retryAfterMs !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  res.writeHead(status, headers);
  res.end(body);
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: http.OutgoingHttpHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

export function startNdjson(res: http.ServerResponse, extra: http.OutgoingHttpHeaders): void {
  // No flushHeaders(): the head goes out with the first line, one write instead of two.
  res.writeHead(200, { 'content-type': NDJSON, ...extra });
}
