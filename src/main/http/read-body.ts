import type http from 'node:http';

/** A request body read whole, or why not: over the limit (answer 413). */
export type BodyRead = { ok: true; body: Buffer } | { ok: false; tooLarge: true; message: string };

/** After a 413, at most this much of the rest is read and dropped before the socket is closed. */
const DRAIN_CAP = 16 * 1024 * 1024;

/**
 * Reads a request body of at most `limit` bytes. A declared `Content-Length` over the limit is refused before
 * a byte is read; a chunked body is cut at the limit. Either way the rest is read and dropped (never
 * buffered; up to 16 MiB, then the connection is closed), so the client gets its 413 instead of a connection
 * reset while it is still sending. Rejects when the client breaks off the body.
 */
export function readLimitedBody(req: http.IncomingMessage, limit: number): Promise<BodyRead> {
  const tooLarge: BodyRead = { ok: false, tooLarge: true, message: `request body too large (limit ${limit} bytes)` };
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    discard(req);
    return Promise.resolve(tooLarge);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= limit) return void chunks.push(c);
      cleanup();
      chunks.length = 0;
      discard(req);
      resolve(tooLarge);
    };
    const onEnd = () => {
      cleanup();
      resolve({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
    };
    const onBroken = () => {
      cleanup();
      reject(new Error('the client broke off the request body'));
    };
    const cleanup = () => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('aborted', onBroken);
      req.removeListener('error', onBroken);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('aborted', onBroken);
    req.once('error', onBroken);
  });
}

/** Reads and drops what is left of a refused body; a client that keeps sending past the cap is cut off. */
function discard(req: http.IncomingMessage): void {
  let dropped = 0;
  req.on('data', (c: Buffer) => {
    dropped += c.length;
    if (dropped > DRAIN_CAP) req.socket.destroy();
  });
  req.on('error', () => undefined);
  req.resume();
}
