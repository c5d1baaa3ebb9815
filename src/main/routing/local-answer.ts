import type { Readable } from 'node:stream';
import type { LocalStart } from './local-run';

/** One line on why the local attempt could not answer (for a 503 message). */
export function describeLocal(s: LocalStart): string {
  return s.kind === 'failed' ? s.message : s.kind === 'http' ? `HTTP ${s.status} ${errorOf(s.body)}` : 'answered';
}

/** The `error` of an Ollama error body, or the body's start. */
export function errorOf(body: string): string {
  try {
    const e = (JSON.parse(body) as { error?: unknown }).error;
    return typeof e === 'string' ? e : body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

/** The whole rest of a response after its first chunk; rejects if the connection breaks first. */
export function collect(res: Readable, first: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks = [first];
    if (res.readableEnded) return resolve(first);
    res.on('data', (c: Buffer) => chunks.push(c));
    res.once('end', () => resolve(Buffer.concat(chunks)));
    res.once('error', reject);
    res.once('close', () => {
      if (!res.readableEnded) reject(new Error('incomplete'));
    });
    res.resume();
  });
}
