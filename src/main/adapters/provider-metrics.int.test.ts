import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { parsePromText, sumOf } from '../../../test-support/prom-text';
import { startPluggedProvider } from './testing/plugged-provider';

// GET /metrics on the provider port, over real HTTP, after requests of known kinds through the same provider.
const TOKEN = 'scrape-secret-1';
let fake: FakeOllama;
let h: Awaited<ReturnType<typeof startPluggedProvider>>;
let off: Awaited<ReturnType<typeof startPluggedProvider>>;

beforeAll(async () => {
  fake = await startFakeOllama({ loaded: ['llama3.2:3b'] });
  h = await startPluggedProvider(fake.url, { CLAWGRID_METRICS_TOKEN: TOKEN });
  off = await startPluggedProvider(fake.url);
});
afterAll(async () => {
  await h?.close();
  await off?.close();
  await fake?.close();
});

const scrape = (url: string, auth?: string) => fetch(`${url}/metrics`, auth ? { headers: { authorization: auth } } : {});

describe('Prometheus metrics on the provider port', () => {
  it('is absent (404) until a metrics token is configured, and refuses a wrong or missing token (401)', async () => {
    expect((await scrape(off.url)).status).toBe(404);
    expect((await scrape(off.url, 'Bearer anything')).status).toBe(404);
    expect((await scrape(h.url)).status).toBe(401);
    const wrong = await scrape(h.url, 'Bearer scrape-secret-2');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain(TOKEN);
  });

  it('counts the requests made, by agent, backend, decision and status, with their tokens and TTFTs', async () => {
    const { key } = h.feature.engine.agents.create('ci-bot', { mode: 'local' });
    const anon = h.client();
    const keyed = h.client(key);
    await anon.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'one' }] });
    for await (const _ of await anon.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'two' }], stream: true })) void _;
    await anon.chat({ model: 'llama3.2:3b@local', messages: [{ role: 'user', content: 'three' }] });
    await keyed.generate({ model: 'llama3.2:3b', prompt: 'four' });
    await keyed.generate({ model: 'llama3.2:3b', prompt: 'five' });
    await keyed.embed({ model: 'nomic-embed-text', input: ['six'] });
    await expect(anon.chat({ model: 'nope:1b', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status_code: 404 });

    const res = await scrape(h.url, `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const f = parsePromText(await res.text());
    const agentId = h.feature.engine.agents.list().find((a) => a.name === 'ci-bot')!.id;

    expect(f.get('clawgrid_requests_total')!.type).toBe('counter');
    expect(sumOf(f, 'clawgrid_requests_total')).toBe(7);
    expect(sumOf(f, 'clawgrid_requests_total', { agent: 'default', backend: 'local', decision: 'local', status: 'ok' })).toBe(3);
    expect(sumOf(f, 'clawgrid_requests_total', { agent: agentId, backend: 'local', decision: 'local', status: 'ok' })).toBe(3);
    expect(sumOf(f, 'clawgrid_requests_total', { agent: 'default', backend: 'none', status: 'error' })).toBe(1);

    // Tokens match what the meter recorded for the same requests (fake Ollama's own counts).
    const rows = h.rows() as { agent_id: string; prompt_tokens: number; eval_tokens: number }[];
    expect(rows).toHaveLength(7);
    for (const agent of ['default', agentId]) {
      const mine = rows.filter((r) => r.agent_id === agent);
      expect(sumOf(f, 'clawgrid_tokens_total', { agent, direction: 'input' })).toBe(mine.reduce((a, r) => a + r.prompt_tokens, 0));
      expect(sumOf(f, 'clawgrid_tokens_total', { agent, direction: 'output' })).toBe(mine.reduce((a, r) => a + r.eval_tokens, 0));
    }
    expect(sumOf(f, 'clawgrid_tokens_total', { agent: agentId, direction: 'input' })).toBeGreaterThan(0);

    // The five answered chats and generates had a first token on the local backend (embeddings have none).
    expect(f.get('clawgrid_ttft_seconds')!.type).toBe('histogram');
    expect(sumOf(f, 'clawgrid_ttft_seconds', { backend: 'local' }, 'clawgrid_ttft_seconds_count')).toBe(5);
    // Local runs cost nothing: no spend series yet, but every family is declared.
    for (const name of ['clawgrid_spend_ait_total', 'clawgrid_budget_remaining_ait', 'clawgrid_gpu_utilization_ratio', 'clawgrid_gpu_memory_used_bytes']) expect(f.has(name), name).toBe(true);
    expect(sumOf(f, 'clawgrid_spend_ait_total')).toBe(0);
  });
});
