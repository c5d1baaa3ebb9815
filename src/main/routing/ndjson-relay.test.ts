import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { relayNdjson } from './ndjson-relay';
import type { AnswerChunk } from './run-types';

/** An upstream response stand-in: a byte stream with IncomingMessage's `complete` flag. */
function upstream() {
  const up = new PassThrough() as PassThrough & { complete: boolean };
  up.complete = false;
  return up;
}
const line = (i: number) => `{"model":"m","message":{"role":"assistant","content":"${'x'.repeat(200)}${i}"},"done":false}\n`;
const FINAL = '{"model":"m","done":true,"prompt_eval_count":3,"eval_count":7,"done_reason":"stop"}\n';

describe('relayNdjson', () => {
  it('pauses Ollama while the consumer does not read, and resumes when it does', async () => {
    const up = upstream();
    const { chunks, done } = relayNdjson(up as unknown as IncomingMessage, null, new AbortController().signal);
    for (let i = 0; i < 200; i++) up.write(line(i));
    await new Promise((r) => setTimeout(r, 20));
    // The relay buffered at most its high-water mark and stopped pulling: the rest waits upstream.
    expect(chunks.readableLength).toBeLessThanOrEqual(chunks.readableHighWaterMark);
    expect(up.isPaused()).toBe(true);
    up.complete = true;
    up.end(FINAL);
    const got: AnswerChunk[] = [];
    for await (const c of chunks) got.push(c as AnswerChunk);
    const text = Buffer.concat(got.filter(Buffer.isBuffer)).toString('utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(201);
    expect(await done).toEqual({ ok: true, metrics: { promptTokens: 3, evalTokens: 7, doneReason: 'stop' } });
  });

  it('ends a malformed stream with a typed error chunk, never the garbage', async () => {
    const up = upstream();
    const { chunks, done } = relayNdjson(up as unknown as IncomingMessage, Buffer.from(line(0)), new AbortController().signal);
    up.write('not json\n');
    const got: AnswerChunk[] = [];
    for await (const c of chunks) got.push(c as AnswerChunk);
    expect(got).toHaveLength(2);
    expect(got[1]).toEqual({ type: 'error', message: 'Ollama sent a malformed stream line' });
    expect(await done).toMatchObject({ ok: false });
    expect(up.destroyed).toBe(true);
  });

  it('a consumer that goes away cancels the relay and closes Ollama\'s response', async () => {
    const up = upstream();
    const { chunks, done } = relayNdjson(up as unknown as IncomingMessage, Buffer.from(line(0)), new AbortController().signal);
    chunks.destroy();
    expect(await done).toEqual({ ok: false, message: 'canceled', canceled: true });
    expect(up.destroyed).toBe(true);
  });
});
