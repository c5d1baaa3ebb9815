import type http from 'node:http';
import { loopbackRefusal } from '../http/loopback-guard';
import { hostsAllowedOn } from '../http/socket-hosts';
import { sendError } from './wire-out';

const PREFLIGHT_HEADERS = 'Authorization, Content-Type, User-Agent, Accept, X-Requested-With';

/**
 * The provider's door (DESIGN.md §5), before any route, key lookup or body read: 403 with Ollama's `{"error"}`
 * for a Host that is not a loopback name (DNS rebinding) and for a browser Origin that is neither a loopback
 * page nor on the person's allow-list (`CLAWGRID_ORIGINS` / settings `allowedOrigins`, matched as Ollama
 * matches `OLLAMA_ORIGINS`). So a web page's no-cors "simple" POST never runs as an agent. An allowed Origin gets
 * its own origin echoed (never `*`) and `Vary: Origin`; its preflight is answered here. On the team's TLS LAN socket
 * the listener's own address and host names pass the Host check too (`http/socket-hosts.ts`). Returns true when answered.
 */
export function answeredAtDoor(req: http.IncomingMessage, res: http.ServerResponse, allowedOrigins: readonly string[]): boolean {
  const refusal = loopbackRefusal(req.headers, { ownOrigins: [], anyLoopbackOrigin: true, allowedOrigins, extraHosts: hostsAllowedOn(req.socket) });
  if (refusal) {
    sendError(res, 403, `forbidden: ${refusal}. Allow a web page's origin with CLAWGRID_ORIGINS (comma list, * wildcards) if you really need one.`, { vary: 'Origin' });
    return true;
  }
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST, HEAD, DELETE, OPTIONS',
      'access-control-allow-headers': PREFLIGHT_HEADERS,
      'access-control-max-age': '43200',
    });
    res.end();
    return true;
  }
  return false;
}

/** Who the `Authorization` header says the caller is: none (the default agent), a bearer key, or malformed (401). */
export type BearerOf = { ok: true; bearer: string | undefined } | { ok: false; message: string };

/** Only `Bearer <key>` is a key; anything else in the header is an error, never silently the default agent. */
export function bearerOf(header: string | undefined): BearerOf {
  if (header === undefined) return { ok: true, bearer: undefined };
  const m = /^Bearer +([^\s]+) *$/i.exec(header);
  if (!m) return { ok: false, message: 'unauthorized: malformed Authorization header (expected "Bearer <key>")' };
  return { ok: true, bearer: m[1] };
}
