import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { requestEnvelopeSchema, type ServerMessage } from '../../shared/contract/envelope';
import type { Container } from '../container';
import { bearerToken, tokenMatches } from './auth';
import { loopbackRefusal } from '../http/loopback-guard';
import { readLimitedBody } from '../http/read-body';
import { serveStatic } from './static-files';

export interface HostServerOptions {
  container: Container;
  token: string;
  /** The renderer build to serve; null = API only (the desktop app's REST API for scripts). */
  rendererDir: string | null;
  /** 0 picks a free port (tests). */
  port: number;
}

/** The headless host: renderer files over HTTP, the contract over WebSocket and REST, on 127.0.0.1 only. */
export interface HostServer {
  readonly port: number;
  /** The URL a person opens: includes the token in the fragment (never sent to the server in requests). */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;
const MAX_WS_MESSAGE = 1 << 20;
/** A client that cannot keep up gets batches dropped rather than unbounded memory growth. */
const MAX_BUFFERED = 4 << 20;

export async function startHostServer(opts: HostServerOptions): Promise<HostServer> {
  const { container, token, rendererDir } = opts;
  let port = opts.port;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE });
  const clients = new Set<WebSocket>();

  const server = http.createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => {
      container.log.error('host.http_failed', { err: String(err) });
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'Internal error' } });
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    // Before anything else, static files included: a rebinding page must not even read the renderer.
    const refusal = loopbackRefusal(req.headers, { ownOrigins: ownOrigins(port) });
    if (refusal) return sendJson(res, 403, err('FORBIDDEN', refusal));
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
      if (rendererDir === null) return sendJson(res, 404, err('NOT_FOUND', 'This host serves the API only (/api/...)'));
      return serveStatic(rendererDir, url.pathname, res, req.method === 'HEAD');
    }
    if (!tokenMatches(token, bearerToken(req.headers.authorization))) {
      return sendJson(res, 401, err('UNAUTHORIZED', 'Missing or wrong token: use the URL printed at start'));
    }
    if (url.pathname === '/api/health' && req.method === 'GET') {
      return sendJson(res, 200, { ok: true, host: container.host });
    }
    if (url.pathname.startsWith('/api/v1/')) return handleRestRoute(req, res, url.pathname);
    const m = /^\/api\/call\/([a-z0-9.]+)$/i.exec(url.pathname);
    if (m && req.method === 'POST') {
      const input = await readJson(req, res);
      if (input === NO_BODY) return;
      const result = await container.router.dispatch(m[1], input, { transport: 'rest' });
      const status = result.ok ? 200 : statusFor(result.error.code);
      return sendJson(res, status, result);
    }
    return sendJson(res, 404, err('NOT_FOUND', `No such endpoint: ${req.method} ${url.pathname}`));
  }

  /** Feature-contributed REST endpoints (container.restRoutes); reached only past the Origin and token checks. */
  async function handleRestRoute(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const candidates = container.restRoutes.filter((r) => r.path === pathname);
    const route = candidates.find((r) => r.method === req.method);
    if (!route) {
      if (candidates.length) return sendJson(res, 405, err('METHOD_NOT_ALLOWED', `Use ${candidates.map((r) => r.method).join(' or ')} for ${pathname}`));
      return sendJson(res, 404, err('NOT_FOUND', `No such endpoint: ${req.method} ${pathname}`));
    }
    let body: unknown = undefined;
    if (req.method !== 'GET') {
      body = await readJson(req, res);
      if (body === NO_BODY) return;
    }
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const reply = await route.handler(body, { log: container.log, signal: abort.signal });
    return sendJson(res, reply.status, reply.body);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
    if (loopbackRefusal(req.headers, { ownOrigins: ownOrigins(port) })) return refuseUpgrade(socket, 403, 'Forbidden');
    const given = url.searchParams.get('token') ?? bearerToken(req.headers.authorization);
    if (!tokenMatches(token, given)) return refuseUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  function onConnection(ws: WebSocket): void {
    clients.add(ws);
    send(ws, { type: 'hello', host: container.host });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'binary not supported');
      void onMessage(ws, data.toString());
    });
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
  }

  async function onMessage(ws: WebSocket, text: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return send(ws, { type: 'result', id: -1, result: { ok: false, error: { code: 'INVALID_INPUT', message: 'Message is not JSON' } } });
    }
    const env = requestEnvelopeSchema.safeParse(json);
    if (!env.success) {
      const id = typeof (json as { id?: unknown })?.id === 'number' ? (json as { id: number }).id : -1;
      return send(ws, { type: 'result', id, result: { ok: false, error: { code: 'INVALID_INPUT', message: 'Malformed request envelope' } } });
    }
    const result = await container.router.dispatch(env.data.call, env.data.input, { transport: 'ws' });
    send(ws, { type: 'result', id: env.data.id, result });
  }

  const unsubscribe = container.hub.subscribe((batch) => {
    if (clients.size === 0) return;
    const text = JSON.stringify({ type: 'events', batch } satisfies ServerMessage);
    for (const ws of clients) if (ws.readyState === ws.OPEN && ws.bufferedAmount < MAX_BUFFERED) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : opts.port;

  return {
    port,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The host's own page, under each loopback name it can be opened by. */
function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}

function send(ws: WebSocket, msg: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}

function err(code: string, message: string) {
  return { ok: false, error: { code, message } };
}

function statusFor(code: string): number {
  switch (code) {
    case 'UNKNOWN_CALL':
    case 'NOT_FOUND':
      return 404;
    case 'INVALID_INPUT':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'UNAVAILABLE':
      return 503;
    default:
      return 500;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

const NO_BODY = Symbol('answered');

/** The JSON body (`{}` when empty), or NO_BODY once 413 (over the limit, before reading it) or 400 went out. */
async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const read = await readLimitedBody(req, MAX_BODY);
  if (!read.ok) {
    sendJson(res, 413, err('PAYLOAD_TOO_LARGE', `The request body is over the limit of ${MAX_BODY} bytes`));
    return NO_BODY;
  }
  try {
    return read.body.length ? (JSON.parse(read.body.toString('utf8')) as unknown) : {};
  } catch (e) {
    sendJson(res, 400, err('INVALID_INPUT', e instanceof Error ? `Invalid JSON body: ${e.message}` : 'Invalid JSON body'));
    return NO_BODY;
  }
}
