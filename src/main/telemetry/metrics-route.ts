import crypto from 'node:crypto';
import type http from 'node:http';
import type { ClawgridMetrics } from './metrics';

const digest = (s: string) => crypto.createHash('sha256').update(s).digest();

function answer(res: http.ServerResponse, status: number, body: string, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/**
 * `GET /metrics` on the provider port: 404 (as if absent) until a metrics token is configured, then only
 * with `Authorization: Bearer <token>` (401 otherwise, compared in constant time). Returns true when it answered.
 */
export function metricsRoute(metrics: ClawgridMetrics, token: () => string | undefined) {
  return (req: http.IncomingMessage, res: http.ServerResponse, path: string): boolean => {
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const want = token();
    if (!want) {
      answer(res, 404, '404 page not found');
      return true;
    }
    const auth = req.headers.authorization ?? '';
    const given = /^bearer /i.test(auth) ? auth.slice(7).trim() : '';
    if (!crypto.timingSafeEqual(digest(given), digest(want))) {
      answer(res, 401, 'unauthorized: /metrics needs Authorization: Bearer <CLAWGRID_METRICS_TOKEN>', { 'www-authenticate': 'Bearer realm="clawgrid-metrics"' });
      return true;
    }
    metrics.scrape().then(
      (text) => answer(res, 200, req.method === 'HEAD' ? '' : text, { 'content-type': metrics.registry.contentType }),
      (err: unknown) => answer(res, 500, `metrics failed: ${err instanceof Error ? err.message : String(err)}`),
    );
    return true;
  };
}
