import type { Readable } from 'node:stream';
import { UpstreamError, readBody, type OllamaUpstream, type UpstreamResponse } from './ollama-upstream';

/**
 * How a local attempt began: its first output arrived (`complete`: the whole body, when asked for), Ollama
 * answered an error, or it could not be reached.
 */
export type LocalStart =
  | { kind: 'first'; res: Readable; first: Buffer; at: number; complete?: boolean }
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

/** How to run it: `abortable` on its own (a race may cancel just this attempt); `whole`: wait for the whole body. */
export interface LocalOptions {
  abortable: boolean;
  whole: boolean;
}

/** Sends one inference to the local Ollama; the body is the client's, forwarded as is. */
export function startLocal(upstream: OllamaUpstream, path: string, body: string | Buffer, parent: AbortSignal, opts: LocalOptions = { abortable: true, whole: false }): LocalRun {
  let ctl: AbortController | null = null;
  if (opts.abortable) {
    const own = (ctl = new AbortController());
    if (parent.aborted) own.abort();
    else parent.addEventListener('abort', () => own.abort(), { once: true });
  }
  const signal = ctl ? ctl.signal : parent;
  const sentAt = performance.now();
  const started = (async (): Promise<LocalStart> => {
    let up: UpstreamResponse;
    try {
      up = await upstream.send('POST', path, body, signal);
    } catch (err) {
      const e = err instanceof UpstreamError ? err : new UpstreamError('broken', String(err));
      return { kind: 'failed', message: e.message, down: e.code === 'down' };
    }
    const { status, body: res } = up;
    if (status !== 200) {
      const text = await readBody(res).catch(() => '');
      return { kind: 'http', status, body: text, contentType: up.contentType };
    }
    return new Promise<LocalStart>((resolve) => {
      const cleanup = () => {
        res.removeListener('data', onData);
        res.removeListener('end', onEnd);
        res.removeListener('close', onEnd);
        res.removeListener('error', onEnd);
      };
      let at = 0;
      const parts: Buffer[] = [];
      const onData = (chunk: Buffer) => {
        if (opts.whole) {
          if (at === 0) at = performance.now();
          parts.push(chunk);
          return;
        }
        cleanup();
        res.pause();
        resolve({ kind: 'first', res, first: chunk, at: performance.now() });
      };
      const onEnd = () => {
        cleanup();
        if (parts.length && res.readableEnded) resolve({ kind: 'first', res, first: parts.length === 1 ? parts[0]! : Buffer.concat(parts), at, complete: true });
        else if (parts.length) resolve({ kind: 'failed', message: 'Ollama dropped the connection before the answer was complete', down: false });
        else resolve({ kind: 'failed', message: 'Ollama closed the response before sending anything', down: false });
      };
      res.on('data', onData);
      res.once('end', onEnd);
      res.once('close', onEnd);
      res.once('error', onEnd);
    });
  })();
  return { started, sentAt, abort: () => ctl?.abort(), signal };
}
