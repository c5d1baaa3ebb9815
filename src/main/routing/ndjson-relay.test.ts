import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_NDJSON_LINE, relayNdjson } from './ndjson-relay';
import type { AnswerChunk } from './run-types';

/** An upstream response body stand-in: a byte stream ('end' only when it arrived whole). */
const upstream = () => new PassThrough();
const line = (i: number) => `{"model":"m","message":{"role":"assistant","content":"${'x'.repeat(200)}${i}"},"done":false}\n`;
const FINAL = '{"model":"m","done":true,"prompt_eval_count":3,"eval_count":7,"done_reason":"stop"}\n';

describe('relayNdjson', () => {
  it('pauses Ollama while the consumer does not read, and resumes when it does', async () => {
    const up = upstream();
    const { chunks, done } = relayNdjson(up, null, new AbortController().signal);
    for (let i = 0; i < 200; i++) up.write(line(i));
    await new Promise((r) => setTimeout(r, 20));
    // The relay buffered at most its high-water mark and stopped pulling: the rest waits upstream.
    expect(chunks.readableLength).toBeLessThanOrEqual(chunks.readableHighWaterMark);
    expect(up.isPaused()).toBe(true);
    up.end(FINAL);
    const got: AnswerChunk[] = [];
    for await (const c of chunks) got.push(c as AnswerChunk);
    const text = Buffer.concat(got.filter(Buffer.isBuffer)).toString('utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(201);
    expect(await done).toEqual({ ok: true, metrics: { promptTokens: 3, evalTokens: 7, doneReason: 'stop' } });
  });

  it('ends a malformed stream with a typed error chunk, never the garbage', async () => {
    const up = upstream();
    const { chunks, done } = relayNdjson(up, Buffer.from(line(0)), new AbortController().signal);
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
    const { chunks, done } = relayNdjson(up, Buffer.from(line(0)), new AbortController().signal);
    chunks.destroy();
    expect(await done).toEqual({ ok: false, message: 'canceled', canceled: true });
    expect(up.destroyed).toBe(true);
  });

  it('joins a long line arriving in many pieces once, byte for byte', async () => {
    const up = upstream();
    const { chunks, done } = relayNdjson(up, null, new AbortController().signal);
    const big = `{"model":"m","message":{"role":"assistant","content":"${'y'.repeat(4 * 1024 * 1024)}"},"done":false}\n`;
    const got: Buffer[] = [];
    const reading = (async () => {
      for await (const c of chunks) got.push(c as Buffer);
    })();
    for (let i = 0; i < big.length; i += 64 * 1024) up.write(big.slice(i, i + 64 * 1024));
    up.end(FINAL);
    await reading;
    expect(Buffer.concat(got).toString('utf8')).toBe(big + FINAL);
    expect(await done).toMatchObject({ ok: true });
  });

  it('refuses a line over 16 MiB with a clear error instead of buffering it', async () => {
    const up = upstream();
    const { chunks, done } = relayNdjson(up, Buffer.from(line(0)), new AbortController().signal);
    const piece = Buffer.alloc(1024 * 1024, 0x7a);
    const got: AnswerChunk[] = [];
    const reading = (async () => {
      for await (const c of chunks) got.push(c as AnswerChunk);
    })();
    up.write('{"model":"m","message":{"role":"assistant","content":"');
    for (let i = 0; i <= MAX_NDJSON_LINE / piece.length && !up.destroyed; i++) up.write(piece);
    await reading;
    expect(got.at(-1)).toEqual({ type: 'error', message: expect.stringMatching(/over 16 MiB/) });
    expect(await done).toMatchObject({ ok: false, message: expect.stringMatching(/over 16 MiB/) });
    expect(up.destroyed).toBe(true);
  });

  it('refuses an over-long line that came in one chunk with its newline', async () => {
    const up = upstream();
    const huge = Buffer.concat([Buffer.from('{"a":"'), Buffer.alloc(MAX_NDJSON_LINE, 0x7a), Buffer.from('"}\n')]);
    const { chunks, done } = relayNdjson(up, huge, new AbortController().signal);
    const got: AnswerChunk[] = [];
    for await (const c of chunks) got.push(c as AnswerChunk);
    expect(got).toEqual([{ type: 'error', message: expect.stringMatching(/over 16 MiB/) }]);
    expect(await done).toMatchObject({ ok: false });
  });
});
