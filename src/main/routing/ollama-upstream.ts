import http from 'node:http';

/**
 * The real client path to the local Ollama (used in production and by every test): plain node:http over
 * a keep-alive agent, so a proxied request costs one pooled loopback connection and no re-encoding.
 */
export interface OllamaUpstream {
  readonly url: string;
  /** Sends a request; resolves with the response head (body unread) or rejects with an UpstreamError. */
  send(method: string, path: string, body: string | Buffer | null, signal: AbortSignal): Promise<http.IncomingMessage>;
  /** GET/POST returning parsed JSON, with a timeout; rejects with an UpstreamError. */
  json(method: string, path: string, body: unknown, timeoutMs: number): Promise<{ status: number; body: unknown }>;
  close(): void;
}

/** Why the local Ollama could not answer: `down` (nothing listens), `timeout`, `aborted` or `broken`. */
export class UpstreamError extends Error {
  constructor(
    readonly code: 'down' | 'timeout' | 'aborted' | 'broken',
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

export function createOllamaUpstream(baseUrl: string): OllamaUpstream {
  const url = baseUrl.replace(/\/+$/, '');
  const u = new URL(url);
  const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 256, maxFreeSockets: 64 });
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || 80);
  const prefix = u.pathname.replace(/\/+$/, '');

  const send: OllamaUpstream['send'] = (method, path, body, signal) =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new UpstreamError('aborted', 'The request was canceled.'));
      const headers: http.OutgoingHttpHeaders = { accept: 'application/json, application/x-ndjson' };
      if (body !== null) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = http.request({ host, port, method, path: prefix + path, agent, headers });
      const onAbort = () => req.destroy(new UpstreamError('aborted', 'The request was canceled.'));
      signal.addEventListener('abort', onAbort, { once: true });
      req.once('response', (res) => {
        res.once('close', () => signal.removeEventListener('abort', onAbort));
        resolve(res);
      });
      req.once('error', (err: NodeJS.ErrnoException) => {
        signal.removeEventListener('abort', onAbort);
        if (err instanceof UpstreamError) return reject(err);
        if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'EHOSTUNREACH') {
          return reject(new UpstreamError('down', `Ollama is not running at ${url}.`));
        }
        reject(new UpstreamError('broken', `Ollama at ${url} dropped the connection (${err.code ?? err.message}).`));
      });
      req.end(body ?? undefined);
    });

  return {
    url,
    send,
    async json(method, path, body, timeoutMs) {
      const signal = AbortSignal.timeout(timeoutMs);
      let res: http.IncomingMessage;
      try {
        res = await send(method, path, body === undefined ? null : JSON.stringify(body), signal);
      } catch (err) {
        if (signal.aborted) throw new UpstreamError('timeout', `Ollama at ${url} did not answer ${path} within ${timeoutMs} ms.`);
        throw err;
      }
      const text = await readBody(res).catch(() => {
        throw new UpstreamError(signal.aborted ? 'timeout' : 'broken', `Ollama at ${url} broke off its answer to ${path}.`);
      });
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // plain-text errors (proxies) stay text
      }
      return { status: res.statusCode ?? 0, body: parsed };
    },
    close: () => agent.destroy(),
  };
}

/** Reads a whole response body as UTF-8; rejects if the connection breaks before the end. */
export function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.once('aborted', () => reject(new Error('aborted')));
    res.once('error', reject);
    res.once('close', () => {
      if (!res.complete) reject(new Error('incomplete'));
    });
  });
}
