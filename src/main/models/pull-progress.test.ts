import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPullTracker, createThrottle, type PullLine } from '../../shared/domain/pull-progress';
import { createOllamaApi } from '../ollama/ollama-api';

// A /api/pull stream of llama3.2:3b in the shape ollama-api.md §10 documents (layer sizes are the model's real
// ones; digests past the printed 12-hex prefix are placeholders). Served through fetch as NDJSON chunks cut at
// arbitrary byte boundaries, the way TCP delivers them.
const FIXTURE = fs.readFileSync(path.join(__dirname, 'fixtures', 'pull-llama3.2-3b.ndjson'), 'utf8');

function recordedFetch(text: string, chunkSize = 97): typeof fetch {
  return async () => {
    const bytes = new TextEncoder().encode(text);
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += chunkSize) c.enqueue(bytes.slice(i, i + chunkSize));
        c.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
  };
}

async function collect(text: string): Promise<PullLine[]> {
  const client = createOllamaApi('http://127.0.0.1:1', { fetch: recordedFetch(text) });
  const out: PullLine[] = [];
  for await (const l of client.pull('llama3.2:3b', new AbortController().signal)) out.push(l);
  return out;
}

describe('pull progress from a recorded /api/pull stream', () => {
  it('parses every line and ends at success with the bytes /api/tags will report', async () => {
    const lines = await collect(FIXTURE);
    expect(lines).toHaveLength(56);
    const tracker = createPullTracker();
    let t = 0;
    let last = tracker.snapshot();
    const seen: number[] = [];
    for (const l of lines) {
      last = tracker.push(l, (t += 100));
      seen.push(last.completedBytes);
    }
    expect(last).toMatchObject({ status: 'success', done: true, completedBytes: 2_019_393_189, totalBytes: 2_019_393_189, etaSec: 0 });
    // The bar only moves forward.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('mid-download: speed and ETA from the bytes that arrived', () => {
    const tracker = createPullTracker();
    const digest = 'sha256:' + 'a'.repeat(64);
    tracker.push({ status: 'pulling manifest' }, 0);
    tracker.push({ status: 'pulling aaaaaaaaaaaa', digest, total: 1000_000_000 }, 0);
    tracker.push({ status: 'pulling aaaaaaaaaaaa', digest, total: 1000_000_000, completed: 100_000_000 }, 1000);
    const s = tracker.push({ status: 'pulling aaaaaaaaaaaa', digest, total: 1000_000_000, completed: 200_000_000 }, 2000);
    expect(s.bytesPerSec).toBe(100_000_000);
    expect(s.etaSec).toBe(8);
    expect(s.completedBytes).toBe(200_000_000);
  });

  it('a resumed pull counts bytes already on disk as done, not as speed', () => {
    const tracker = createPullTracker();
    const digest = 'sha256:' + 'b'.repeat(64);
    tracker.push({ status: 'pulling bbbbbbbbbbbb', digest, total: 1000, completed: 600 }, 0);
    const s = tracker.push({ status: 'pulling bbbbbbbbbbbb', digest, total: 1000, completed: 700 }, 1000);
    expect(s.completedBytes).toBe(700);
    expect(s.bytesPerSec).toBe(100);
  });

  it('an {"error"} line mid-stream fails the pull with Ollama\'s message', async () => {
    const broken = FIXTURE.split('\n').slice(0, 10).join('\n') + '\n{"error":"max retries exceeded: connection reset by peer"}\n';
    await expect(collect(broken)).rejects.toThrow('Pull failed: max retries exceeded: connection reset by peer');
  });

  it('a stream that ends without success is a failure, not a finished download', async () => {
    await expect(collect(FIXTURE.split('\n').slice(0, 20).join('\n'))).rejects.toThrow(/stopped before Ollama reported success/);
  });
});

describe('progress throttle (≤ 10 UI updates a second)', () => {
  it('delivers the first at once, then at most one per interval, and always the last', () => {
    let now = 0;
    const timers: { at: number; fn: () => void }[] = [];
    const got: number[] = [];
    const th = createThrottle<number>(100, (v) => got.push(v), {
      now: () => now,
      setTimeout: (fn, ms) => timers.push({ at: now + ms, fn }),
      clearTimeout: () => undefined,
    });
    for (let i = 0; i < 1000; i++) {
      now = i; // one line per millisecond for one second
      th.push(i);
      for (const t of timers.filter((x) => x.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    }
    th.flush();
    expect(got.length).toBeLessThanOrEqual(11);
    expect(got[0]).toBe(0);
    expect(got.at(-1)).toBe(999);
  });
});
