import type http from 'node:http';
import { UpstreamError, readBody, type OllamaUpstream } from './ollama-upstream';

/** How a local attempt began: its first output arrived, Ollama answered an error, or it could not be reached. */
export type LocalStart =
  | { kind: 'first'; res: http.IncomingMessage; first: Buffer; at: number }
  | { kind: 'http'; status: number; body: string; contentType: string }
  | { kind: 'failed'; message: string; down: boolean };

export interface LocalRun {
  /** Resolves once: first body bytes (the first token, for a stream), an HTTP error, or a failure. */
  readonly started: Promise<LocalStart>;
  /** The moment the request went out (performance.now()). */
  readonly sentAt: number;
  /** Abort the Ollama request for real (closes the connection; Ollama stops generating). */
  abort(): void;
  readonly signal: AbortSignal;
}

/** Sends one inference to the local Ollama; the body is the client's, forwarded as is. */
export function startLocal(upstream: OllamaUpstream, path: string, body: string | Buffer, parent: AbortSignal): LocalRun {
  const ctl = new AbortController();
  const onParent = () => ctl.abort();
  if (parent.aborted) ctl.abort();
  else parent.addEventListener('abort', onParent, { once: true });
  const sentAt = performance.now();
  const started = (async (): Promise<LocalStart> => {
    let res: http.IncomingMessage;
    try {
      res = await upstream.send('POST', path, body, ctl.signal);
    } catch (err) {
      const e = err instanceof UpstreamError ? err : new UpstreamError('broken', String(err));
      return { kind: 'failed', message: e.message, down: e.code === 'down' };
    }
    const status = res.statusCode ?? 0;
    if (status !== 200) {
      const text = await readBody(res).catch(() => '');
      return { kind: 'http', status, body: text, contentType: String(res.headers['content-type'] ?? '') };
    }
    return new Promise<LocalStart>((resolve) => {
      const cleanup = () => {
        res.removeListener('data', onData);
        res.removeListener('end', onEnd);
        res.removeListener('close', onEnd);
        res.removeListener('error', onEnd);
      };
      const onData = (chunk: Buffer) => {
        cleanup();
        res.pause();
        resolve({ kind: 'first', res, first: chunk, at: performance.now() });
      };
      const onEnd = () => {
        cleanup();
        resolve({ kind: 'failed', message: 'Ollama closed the response before sending anything', down: false });
      };
      res.on('data', onData);
      res.once('end', onEnd);
      res.once('close', onEnd);
      res.once('error', onEnd);
    });
  })();
  return { started, sentAt, abort: () => ctl.abort(), signal: ctl.signal };
}
