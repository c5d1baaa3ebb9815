import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../e2e/support/serve';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { NetworkError } from './network-backend';
import { createRecordingNetwork, type RecordingNetwork } from './testing/recording-network';
import { startEngineHarness, type EngineHarness } from './testing/engine-harness';

// Every failure ends cleanly: an Ollama-style error (503 before streaming, an error line after), within the
// deadline, and no network job is left running.
const MODEL = 'llama3.2:3b';
const DEADLINE = 1500;
const offer = { minerId: 'miner-a', model: MODEL, pricePer1kTokensAit: '0.01', region: null, gpu: null, zkProof: false, providerAddress: null };

type Line = { message?: { content: string }; done?: boolean; error?: string };
async function post(h: EngineHarness, body: unknown, key?: string) {
  const res = await fetch(h.url + '/api/chat', { method: 'POST', headers: key ? { authorization: `Bearer ${key}` } : {}, body: JSON.stringify(body) });
  const text = await res.text();
  const lines = text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  return { res, lines, last: lines.at(-1) };
}
const ask = (model: string, stream = true) => ({ model, messages: [{ role: 'user', content: 'hi' }], stream });
const noLeak = (net: RecordingNetwork) => expect(net.submitted.length).toBe(net.canceled.length + net.completed.length + net.failed.length);

describe('faults with Ollama down from the start', () => {
  let h: EngineHarness;
  let net: RecordingNetwork;
  let key: string;
  beforeAll(async () => {
    net = createRecordingNetwork([offer]);
    h = await startEngineHarness(`http://127.0.0.1:${await freePort()}`, { network: net, deadlineMs: DEADLINE });
    key = h.feature.engine.agents.create('research').key;
  });
  afterAll(() => h?.close());

  it('the local-only default agent gets 503 in Ollama’s shape', async () => {
    const { res, last } = await post(h, ask(MODEL));
    expect(res.status).toBe(503);
    expect(last?.error).toMatch(/local Ollama is not reachable|Ollama is not running/);
  });

  it('an agent allowed on the network is served there instead', async () => {
    const { res, lines, last } = await post(h, ask(MODEL), key);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-clawgrid-backend')).toBe('network:miner-a');
    expect(lines.map((l) => l.message?.content ?? '').join('')).toBe('Hello from the GPU network.');
    expect(last?.done).toBe(true);
    noLeak(net);
  });
});

describe('faults with a running Ollama and network', () => {
  let fake: FakeOllama;
  let net: RecordingNetwork;
  let h: EngineHarness;
  let key: string;
  beforeAll(async () => {
    fake = await startFakeOllama({ loaded: [MODEL], tokenDelayMs: 2 });
    net = createRecordingNetwork([offer]);
    h = await startEngineHarness(fake.url, { network: net, deadlineMs: DEADLINE });
    key = h.feature.engine.agents.create('research').key;
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });
  afterEach(() => {
    fake.setFault(null);
    net.failWith = null;
    net.hang = false;
    noLeak(net);
  });

  it('Ollama dies mid-stream: the stream ends with an error line', async () => {
    fake.setFault({ kind: 'disconnect', afterLines: 3 });
    const { res, lines, last } = await post(h, ask(MODEL));
    expect(res.status).toBe(200);
    expect(lines.length).toBe(4);
    expect(last?.error).toMatch(/dropped the connection mid-stream/);
  });

  it('Ollama sends a malformed NDJSON line: an error line, not garbage', async () => {
    fake.setFault({ kind: 'malformed', afterLines: 2 });
    const { last, lines } = await post(h, ask(MODEL));
    expect(lines.every((l) => typeof l === 'object')).toBe(true);
    expect(last?.error).toMatch(/malformed/);
  });

  it('Ollama accepts and never answers: 503 at the deadline', async () => {
    fake.setFault({ kind: 'stall' });
    const { res, last } = await post(h, ask(MODEL));
    expect(res.status).toBe(503);
    expect(last?.error).toMatch(/deadline exceeded/);
  });

  it('Ollama stalls mid-stream: an error line at the deadline', async () => {
    fake.setTiming({ tokenDelayMs: 5000 });
    const { res, lines, last } = await post(h, ask(MODEL));
    expect(res.status).toBe(200);
    expect(lines[0]?.message).toBeDefined();
    expect(last?.error).toMatch(/deadline exceeded/);
    fake.setTiming({ tokenDelayMs: 2 });
    await expect.poll(() => fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.aborted).toBe(true);
  });

  it('Ollama’s own errors pass through unchanged (500 in JSON)', async () => {
    fake.setFault({ kind: 'http-error', status: 500, message: 'llama runner process has terminated' });
    const { res, last } = await post(h, ask(MODEL));
    expect(res.status).toBe(500);
    expect(last).toEqual({ error: 'llama runner process has terminated' });
  });

  it('network 5xx: 503 with the network’s reason', async () => {
    net.failWith = new NetworkError('unavailable', 'coordinator answered HTTP 502');
    const { res, last } = await post(h, ask(`${MODEL}@network`), key);
    expect(res.status).toBe(503);
    expect(last?.error).toContain('coordinator answered HTTP 502');
  });

  it('network times out: 503 at the deadline and the job is cancelled', async () => {
    net.hang = true;
    const { res, last } = await post(h, ask(`${MODEL}@network`), key);
    expect(res.status).toBe(503);
    expect(last?.error).toMatch(/deadline exceeded/);
    await expect.poll(() => net.canceled.length + net.failed.length + net.completed.length).toBe(net.submitted.length);
    expect(net.canceled).toHaveLength(1);
  });

  it('network 429 with Retry-After: 503 with Retry-After, then the breaker keeps it off the network', async () => {
    net.failWith = new NetworkError('rate_limited', 'too many jobs', 30_000);
    const first = await post(h, ask(`${MODEL}@network`), key);
    expect(first.res.status).toBe(503);
    expect(first.res.headers.get('retry-after')).toBe('30');
    const before = net.submitted.length;
    const second = await post(h, ask(`${MODEL}@network`), key);
    expect(second.res.status).toBe(503);
    expect(second.last?.error).toMatch(/unreachable or failing/);
    expect(net.submitted.length).toBe(before);
  });

  it('the client hangs up mid-stream: Ollama’s request is aborted too', async () => {
    // Held after the first line until someone hangs up: no race between the abort and the stream's end.
    fake.setFault({ kind: 'pause', afterLines: 1 });
    try {
      const ctl = new AbortController();
      const res = await fetch(h.url + '/api/chat', { method: 'POST', body: JSON.stringify(ask(MODEL)), signal: ctl.signal });
      const reader = res.body!.getReader();
      await reader.read();
      ctl.abort();
      await expect.poll(() => fake.requests.filter((r) => r.path === '/api/chat').at(-1)?.aborted).toBe(true);
      await expect.poll(() => h.rows().at(-1)?.status).toBe('canceled');
    } finally {
      fake.setFault(null);
    }
  });
});
