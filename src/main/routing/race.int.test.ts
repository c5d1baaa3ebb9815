import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { createRecordingNetwork, type RecordingNetwork } from './testing/recording-network';
import { startEngineHarness, type EngineHarness } from './testing/engine-harness';

// Race = hedged request: local first, the network only when no first token comes in time; the loser is cancelled.
const MODEL = 'llama3.2:3b';
let fake: FakeOllama;
let net: RecordingNetwork;
let h: EngineHarness;
let key: string;

beforeAll(async () => {
  fake = await startFakeOllama();
  net = createRecordingNetwork([{ minerId: 'miner-a', model: MODEL, pricePer1kTokensAit: '0.01', region: null, gpu: 'RTX 4090', zkProof: true, providerAddress: null }]);
  h = await startEngineHarness(fake.url, { network: net });
  key = h.feature.engine.agents.create('research').key;
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});
afterEach(() => {
  net.submitted.length = 0;
  net.canceled.length = 0;
  net.completed.length = 0;
  fake.requests.length = 0;
});

async function chat(model: string) {
  const res = await fetch(h.url + '/api/chat', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], stream: true, options: { num_ctx: 4096 } }),
  });
  const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { message?: { content: string }; done?: boolean; error?: string });
  return { res, lines, text: lines.map((l) => l.message?.content ?? '').join('') };
}

describe('race', () => {
  it('cold local model: the network wins and the local request is aborted', async () => {
    fake.setLoaded(MODEL, false);
    fake.setTiming({ coldLoadMs: 3000 });
    await new Promise((r) => setTimeout(r, 300)); // let the engine see /api/ps: cold
    const { res, text, lines } = await chat(MODEL);
    expect(res.headers.get('x-clawgrid-strategy')).toBe('race');
    expect(res.headers.get('x-clawgrid-backend')).toBe('network:miner-a');
    expect(text).toBe('Hello from the GPU network.');
    expect(lines.at(-1)).toMatchObject({ done: true, eval_count: 6, prompt_eval_count: 12 });
    expect(net.submitted).toHaveLength(1);
    await expect.poll(() => fake.requests.find((r) => r.path === '/api/chat')?.aborted).toBe(true);
    await expect.poll(() => h.rows().at(-1)).toMatchObject({ strategy: 'race', backend: 'network:miner-a', cost_ait: '0.00018', job_id: 'job-1' });
  });

  it('warm local model: answered locally and no network job is ever created', async () => {
    fake.setTiming({ coldLoadMs: 0 });
    fake.setLoaded(MODEL, true, 4096);
    await new Promise((r) => setTimeout(r, 300));
    for (const name of [MODEL, `${MODEL}@race`]) {
      const { res, text } = await chat(name);
      expect(res.headers.get('x-clawgrid-backend')).toBe('local');
      expect(text).toContain('Hello from llama3.2:3b');
    }
    await new Promise((r) => setTimeout(r, 1200)); // past the default hedge delay
    expect(net.submitted).toHaveLength(0);
  });

  it('local wins after the network started: the network job is cancelled, not billed', async () => {
    fake.setLoaded(MODEL, false);
    fake.setTiming({ coldLoadMs: 300 });
    net.latencyMs = 5000;
    await new Promise((r) => setTimeout(r, 300));
    const { res, text } = await chat(`${MODEL}@race`);
    expect(res.headers.get('x-clawgrid-backend')).toBe('local');
    expect(text).toContain('Hello from llama3.2:3b');
    expect(net.submitted).toHaveLength(1);
    await expect.poll(() => net.canceled).toHaveLength(1);
    expect(net.completed).toHaveLength(0);
    await expect.poll(() => h.rows().at(-1)).toMatchObject({ strategy: 'race', backend: 'local', cost_ait: '0', job_id: net.canceled[0] });
    net.latencyMs = 20;
  });

  it('the default agent stays local: a cold model is not raced', async () => {
    fake.setLoaded(MODEL, false);
    fake.setTiming({ coldLoadMs: 200 });
    await new Promise((r) => setTimeout(r, 300));
    const res = await fetch(h.url + '/api/chat', { method: 'POST', body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], stream: false }) });
    expect(res.headers.get('x-clawgrid-strategy')).toBe('local');
    expect(((await res.json()) as { message: { content: string } }).message.content).toContain('Hello from');
    expect(net.submitted).toHaveLength(0);
  });
});
