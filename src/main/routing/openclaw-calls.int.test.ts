import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FAKE_MODELS, type FakeModel } from '../../../test-support/fake-ollama/fake-models';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { NetworkError, type NetworkBackend } from './network-backend';
import { createRecordingNetwork, type RecordingNetwork } from './testing/recording-network';
import { startEngineHarness, type EngineHarness } from './testing/engine-harness';

// OpenClaw 2026.9.6's current calls through ClawGrid over real HTTP (../shared/reference/openclaw.md §14.2):
// auto-pull + /api/embed for memory search, think levels, context overflow, transport tool aliases, empty replies.
const NOMIC = DEFAULT_FAKE_MODELS.find((m) => m.name.startsWith('nomic-embed-text'))!;
const SILENT: FakeModel = { ...DEFAULT_FAKE_MODELS[0]!, name: 'silent:1b', reply: '' };
const NET_MODEL = 'qwen3:32b';
const offer = { minerId: 'miner-a', model: NET_MODEL, pricePer1kTokensAit: '0.01', region: null, gpu: null, zkProof: false, providerAddress: null };
const ALIAS = 'openclaw_tool_call';

let fake: FakeOllama;
let h: EngineHarness;
let rec: RecordingNetwork;
/** The network answer's tool calls for the next job (the recording network answers text only). */
let netToolCalls: { function: { name: string; arguments: Record<string, unknown> } }[] | undefined;
let key: string;

beforeAll(async () => {
  fake = await startFakeOllama({ models: [...DEFAULT_FAKE_MODELS.filter((m) => m !== NOMIC), SILENT], library: [NOMIC], loaded: ['llama3.2:3b'] });
  rec = createRecordingNetwork([offer], 5);
  const network: NetworkBackend = { ...rec, run: async (req, hooks) => ({ ...(await rec.run(req, hooks)), ...(netToolCalls ? { toolCalls: netToolCalls } : {}) }) };
  h = await startEngineHarness(fake.url, { network });
  key = h.feature.engine.agents.create('openclaw-main').key;
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) => fetch(h.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
const lines = async (res: Response) => (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const seen = (path: string) => fake.requests.filter((r) => r.path === path).at(-1)?.body as Record<string, unknown> | undefined;
const asAgent = () => ({ authorization: `Bearer ${key}` });

describe('memory search: auto-pull and embeddings', () => {
  it('pulls nomic-embed-text through ClawGrid with Ollama’s progress stream, then embeds a batch, metered as local', async () => {
    const before = await post('/api/embed', { model: 'nomic-embed-text', input: ['a'] });
    expect(before.status).toBe(404);
    const pull = await post('/api/pull', { model: 'nomic-embed-text' });
    expect(pull.status).toBe(200);
    expect(pull.headers.get('content-type')).toContain('application/x-ndjson');
    const progress = await lines(pull);
    expect(progress[0]).toEqual({ status: 'pulling manifest' });
    expect(progress.find((l) => typeof l.completed === 'number')).toMatchObject({ digest: expect.stringMatching(/^sha256:/), total: expect.any(Number) });
    expect(progress.at(-1)).toEqual({ status: 'success' });
    expect(seen('/api/pull')).toEqual({ model: 'nomic-embed-text' });
    await expect.poll(async () => (await h.client().list()).models.map((m) => m.name)).toContain('nomic-embed-text:latest');

    const res = await post('/api/embed', { model: 'nomic-embed-text', input: ['first memory', 'second memory'] });
    expect(res.status).toBe(200);
    const e = (await res.json()) as { model: string; embeddings: number[][]; prompt_eval_count: number };
    expect(e.embeddings).toHaveLength(2);
    expect(Math.hypot(...e.embeddings[0]!)).toBeCloseTo(1, 6);
    expect(e.prompt_eval_count).toBeGreaterThan(0);
    await expect.poll(() => h.rows().filter((r) => r.endpoint === 'embed' && r.status === 'ok').at(-1)).toMatchObject({ backend: 'local', strategy: 'local', cost_ait: '0', prompt_tokens: e.prompt_eval_count });
  });

  it('the official client pulls through ClawGrid too (stream and stream:false); an unknown name ends in an error line', async () => {
    const parts = [];
    for await (const p of await h.client().pull({ model: 'nomic-embed-text', stream: true })) parts.push(p.status);
    expect(parts.at(-1)).toBe('success');
    expect((await h.client().pull({ model: 'nomic-embed-text', stream: false })).status).toBe('success');
    const missing = await lines(await post('/api/pull', { name: 'no-such-model' }));
    expect(missing.at(-1)).toEqual({ error: expect.stringMatching(/file does not exist/) });
  });

  it('answers legacy /api/embeddings and refuses a network suffix on embeddings with 400', async () => {
    const res = await post('/api/embeddings', { model: 'nomic-embed-text', prompt: 'remember this' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { embedding: number[] }).embedding).toHaveLength(768);
    const local = await post('/api/embed', { model: 'nomic-embed-text@local', input: 'x' });
    expect(local.status).toBe(200);
    expect(seen('/api/embed')).toMatchObject({ model: 'nomic-embed-text' });
    const net = await post('/api/embed', { model: 'nomic-embed-text@network', input: 'x' });
    expect(net.status).toBe(400);
    expect(await net.json()).toEqual({ error: expect.stringMatching(/local Ollama only/) });
  });
});

describe('think, tools and overflow pass as OpenClaw sends them', () => {
  it('any think value reaches Ollama and the network unchanged', async () => {
    for (const think of [false, true, 'low', 'medium', 'high']) {
      for (const model of ['qwen3:8b', 'qwen3:8b@local']) {
        const res = await post('/api/chat', { model, messages: [{ role: 'user', content: 'hi' }], think, stream: false });
        expect(res.status, `${model} ${String(think)}`).toBe(200);
        expect(seen('/api/chat')?.think).toStrictEqual(think);
      }
      const net = await post('/api/chat', { model: NET_MODEL, messages: [{ role: 'user', content: 'hi' }], think, stream: false }, asAgent());
      expect(net.status).toBe(200);
      expect(rec.submitted.at(-1)?.think).toStrictEqual(think);
    }
  });

  it('tool names go byte for byte, both ways, local and network', async () => {
    const tools = [{ type: 'function', function: { name: ALIAS, description: 'Tool search transport alias', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } }];
    const local = await lines(await post('/api/chat', { model: 'llama3.2:3b', messages: [{ role: 'user', content: 'find a tool' }], tools }));
    expect((seen('/api/chat')?.tools as typeof tools)[0]!.function.name).toBe(ALIAS);
    const calls = local.flatMap((l) => ((l.message as { tool_calls?: { function: { name: string } }[] }).tool_calls ?? []).map((c) => c.function.name));
    expect(calls).toEqual([ALIAS]);
    netToolCalls = [{ function: { name: ALIAS, arguments: { q: 'x' } } }];
    try {
      const net = await lines(await post('/api/chat', { model: NET_MODEL, messages: [{ role: 'user', content: 'find a tool' }], tools }, asAgent()));
      expect((rec.submitted.at(-1)?.tools as typeof tools)[0]!.function.name).toBe(ALIAS);
      expect(net.flatMap((l) => ((l.message as { tool_calls?: { function: { name: string } }[] }).tool_calls ?? []).map((c) => c.function.name))).toEqual([ALIAS]);
    } finally {
      netToolCalls = undefined;
    }
  });

  it('a context overflow is a clean 400 in Ollama’s shape (streamed or not, local or network), so OpenClaw compacts', async () => {
    const long = { role: 'user', content: 'word '.repeat(400) };
    for (const stream of [true, false]) {
      const res = await post('/api/chat', { model: 'llama3.2:3b', messages: [long], options: { num_ctx: 64 }, truncate: false, shift: false, stream });
      expect(res.status, `stream ${stream}`).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toEqual({ error: expect.stringMatching(/^context length exceeded: .*exceeds the model's context length/) });
    }
    rec.failWith = new NetworkError('failed', 'miner miner-a: input length exceeds the context length (32768 tokens)');
    try {
      const res = await post('/api/chat', { model: NET_MODEL, messages: [long], stream: true }, asAgent());
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: expect.stringMatching(/^context length exceeded/) });
    } finally {
      rec.failWith = null;
    }
  });
});

describe('never an empty final message', () => {
  it('an empty local reply ends in an explicit error line, not done:true with nothing in it', async () => {
    const out = await lines(await post('/api/chat', { model: 'silent:1b', messages: [{ role: 'user', content: 'hi' }] }));
    expect(out.some((l) => l.done === true)).toBe(false);
    expect(out.at(-1)).toEqual({ error: expect.stringMatching(/silent:1b returned an empty reply/) });
    const whole = await post('/api/chat', { model: 'silent:1b', messages: [{ role: 'user', content: 'hi' }], stream: false });
    expect(whole.status).toBe(502);
    expect(await whole.json()).toEqual({ error: expect.stringMatching(/empty reply/) });
    // A load request (no messages) is empty on purpose and answered as Ollama does.
    const load = await post('/api/chat', { model: 'silent:1b', messages: [], stream: false });
    expect(await load.json()).toMatchObject({ done: true, done_reason: 'load' });
  });

  it('an empty network reply is an explicit error, its cost still on the metering row', async () => {
    rec.output = '';
    try {
      const res = await post('/api/chat', { model: NET_MODEL, messages: [{ role: 'user', content: 'hi' }] }, asAgent());
      expect(res.status).toBe(502);
      expect(await res.json()).toEqual({ error: expect.stringMatching(/empty reply/) });
      const id = res.headers.get('x-clawgrid-request-id');
      await expect.poll(() => h.rows().find((r) => r.id === id)).toMatchObject({ status: 'error', backend: 'network', cost_ait: '0.00018' });
    } finally {
      rec.output = 'Hello from the GPU network.';
    }
  });
});
