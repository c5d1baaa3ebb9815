import type { Message, Tool } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { startEngineHarness, type EngineHarness } from './testing/engine-harness';

// The official `ollama` npm client, pointed at ClawGrid instead of Ollama, must not notice the difference.
let fake: FakeOllama;
let h: EngineHarness;

beforeAll(async () => {
  fake = await startFakeOllama({ loaded: ['llama3.2:3b'] });
  h = await startEngineHarness(fake.url);
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const lsTool: Tool = {
  type: 'function',
  function: { name: 'ls', description: 'List files', parameters: { type: 'object', required: ['path'], properties: { path: { type: 'string', description: 'dir' } } } },
};

describe('ClawGrid speaks Ollama to the official client', () => {
  it('answers the liveness probe and version', async () => {
    const res = await fetch(h.url + '/');
    expect(await res.text()).toBe('Ollama is running');
    expect((await h.client().version()).version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('lists the local models with their details and where they run', async () => {
    const { models } = await h.client().list();
    const m = models.find((x) => x.name === 'llama3.2:3b');
    expect(m?.details.parameter_size).toBe('3.2B');
    expect((m as unknown as { clawgrid: { runs: string } }).clawgrid.runs).toBe('local');
  });

  it('shows capabilities and the context length OpenClaw reads', async () => {
    const show = await h.client().show({ model: 'llama3.2:3b' });
    expect(show.capabilities).toEqual(expect.arrayContaining(['completion', 'tools']));
    expect((show.model_info as unknown as Record<string, unknown>)['llama.context_length']).toBe(131072);
    expect(show.parameters).toContain('num_ctx');
  });

  it('answers an unknown model with 404 in Ollama’s error shape', async () => {
    await expect(h.client().show({ model: 'nope:1b' })).rejects.toMatchObject({ status_code: 404, error: "model 'nope:1b' not found" });
    await expect(h.client().chat({ model: 'nope:1b', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status_code: 404 });
  });

  it('streams a chat with a tool call round trip', async () => {
    const client = h.client();
    const messages: Message[] = [{ role: 'user', content: 'What is in this folder?' }];
    const calls: Message['tool_calls'] = [];
    let last;
    for await (const part of await client.chat({ model: 'llama3.2:3b', messages, tools: [lsTool], stream: true, options: { num_ctx: 4096 } })) {
      calls.push(...(part.message.tool_calls ?? []));
      last = part;
    }
    expect(calls).toEqual([expect.objectContaining({ function: expect.objectContaining({ name: 'ls', arguments: { path: '.' } }) })]);
    expect(last?.done).toBe(true);
    messages.push({ role: 'assistant', content: '', tool_calls: calls }, { role: 'tool', content: 'a.txt b.txt', tool_name: 'ls' });
    let text = '';
    for await (const part of await client.chat({ model: 'llama3.2:3b', messages, tools: [lsTool], stream: true, options: { num_ctx: 4096 } })) {
      text += part.message.content;
      last = part;
    }
    expect(text).toContain('The tool ls returned: a.txt b.txt');
    expect(last).toMatchObject({ done: true, done_reason: 'stop' });
    expect(last!.eval_count).toBeGreaterThan(0);
    expect(last!.prompt_eval_count).toBeGreaterThan(0);
  });

  it('answers a non-streamed chat and generate', async () => {
    const chat = await h.client().chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], stream: false });
    expect(chat.message.content).toContain('Hello from llama3.2:3b');
    const gen = await h.client().generate({ model: 'llama3.2:3b', prompt: 'Say hi', stream: false });
    expect(gen.response).toContain('Hello from llama3.2:3b');
    expect(gen.done).toBe(true);
  });

  it('streams generate with thinking on a thinking model', async () => {
    let thinking = '';
    let response = '';
    for await (const part of await h.client().generate({ model: 'qwen3:8b', prompt: 'hi', stream: true, think: true })) {
      thinking += part.thinking ?? '';
      response += part.response;
    }
    expect(thinking).toContain('greet back');
    expect(response).toContain('Hello from qwen3:8b');
  });

  it('embeds a batch of inputs', async () => {
    const r = await h.client().embed({ model: 'nomic-embed-text', input: ['first', 'second'] });
    expect(r.embeddings).toHaveLength(2);
    expect(r.embeddings[0]).toHaveLength(768);
  });

  it('reports loaded models via /api/ps', async () => {
    const ps = await h.client().ps();
    expect(ps.models.map((m) => m.name)).toContain('llama3.2:3b');
  });

  it('rejects malformed bodies with 400 and Ollama’s shape', async () => {
    const res = await fetch(h.url + '/api/chat', { method: 'POST', body: '{not json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.any(String) });
    const noModel = await fetch(h.url + '/api/chat', { method: 'POST', body: JSON.stringify({ messages: [] }) });
    expect(noModel.status).toBe(400);
    expect(await noModel.json()).toEqual({ error: 'model is required' });
  });

  it('sends the overhead header and meters every request in SQLite', async () => {
    const res = await fetch(h.url + '/api/chat', { method: 'POST', body: JSON.stringify({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], stream: false }) });
    // A missing header must fail: Number(null) is 0, so check the text itself (milliseconds, three decimals).
    const overhead = res.headers.get('x-clawgrid-overhead-ms');
    expect(overhead).toMatch(/^\d+\.\d{3}$/);
    expect(Number(overhead)).toBeLessThan(60_000);
    const id = res.headers.get('x-clawgrid-request-id');
    await res.json();
    await expect.poll(() => h.rows().find((r) => r.id === id)).toMatchObject({ agent_id: 'default', strategy: 'local', backend: 'local', status: 'ok', cost_ait: '0' });
    const row = h.rows().find((r) => r.id === id)!;
    expect(row.eval_tokens).toBeGreaterThan(0);
    expect(row.ttft_ms).not.toBeNull();
  });
});
