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

/** Makes the engine see the fake's loaded set now (its /api/ps), instead of sleeping past a poll. */
async function setLoaded(loaded: boolean) {
  fake.setLoaded(MODEL, loaded, 4096);
  await h.ollama.refresh();
  expect(h.ollama.isLoaded(MODEL, 4096)).toBe(loaded);
}

// No fixed sleeps: a cold load lasts exactly until the test releases it (fake.holdLoads), the network hangs
// until cancelled (net.hang), and the engine's view of Ollama is refreshed on demand.
describe('race', () => {
  it('cold local model: the network wins and the local request is aborted', async () => {
    const release = fake.holdLoads();
    try {
      await setLoaded(false);
      const { res, text, lines } = await chat(MODEL);
      expect(res.headers.get('x-clawgrid-strategy')).toBe('race');
      expect(res.headers.get('x-clawgrid-backend')).toBe('network:miner-a');
      expect(text).toBe('Hello from the GPU network.');
      expect(lines.at(-1)).toMatchObject({ done: true, eval_count: 6, prompt_eval_count: 12 });
      expect(net.submitted).toHaveLength(1);
      await expect.poll(() => fake.requests.find((r) => r.path === '/api/chat')?.aborted).toBe(true);
      await expect.poll(() => h.rows().at(-1)).toMatchObject({ strategy: 'race', backend: 'network:miner-a', cost_ait: '0.00018', job_id: 'job-1' });
    } finally {
      release();
    }
  });

  it('warm local model: answered locally and no network job is ever created', async () => {
    await setLoaded(true);
    const plain = await chat(MODEL);
    expect(plain.res.headers.get('x-clawgrid-strategy')).toBe('local'); // warm: no hedge at all
    const raced = await chat(`${MODEL}@race`);
    expect(raced.res.headers.get('x-clawgrid-strategy')).toBe('race');
    for (const { res, text } of [plain, raced]) {
      expect(res.headers.get('x-clawgrid-backend')).toBe('local');
      expect(text).toContain('Hello from llama3.2:3b');
    }
    // Once the race is decided its hedge timer is gone (race.test.ts proves it with fake timers): nothing was sent.
    await expect.poll(() => h.rows().at(-1)).toMatchObject({ id: raced.res.headers.get('x-clawgrid-request-id'), strategy: 'race', backend: 'local', job_id: null });
    expect(net.submitted).toHaveLength(0);
  });

  it('local wins after the network started: the network job is cancelled, not billed', async () => {
    const release = fake.holdLoads();
    net.hang = true;
    try {
      await setLoaded(false);
      const answer = chat(`${MODEL}@race`);
      await expect.poll(() => net.submitted.length).toBe(1); // the network job exists, local is still loading
      release();
      const { res, text } = await answer;
      expect(res.headers.get('x-clawgrid-backend')).toBe('local');
      expect(text).toContain('Hello from llama3.2:3b');
      expect(net.submitted).toHaveLength(1);
      await expect.poll(() => net.canceled).toHaveLength(1);
      expect(net.completed).toHaveLength(0);
      await expect.poll(() => h.rows().at(-1)).toMatchObject({ strategy: 'race', backend: 'local', cost_ait: '0', job_id: net.canceled[0] });
    } finally {
      release();
      net.hang = false;
    }
  });

  it('the default agent stays local: a cold model is not raced', async () => {
    await setLoaded(false);
    const res = await fetch(h.url + '/api/chat', { method: 'POST', body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], stream: false }) });
    expect(res.headers.get('x-clawgrid-strategy')).toBe('local');
    expect(((await res.json()) as { message: { content: string } }).message.content).toContain('Hello from');
    expect(net.submitted).toHaveLength(0);
  });
});
