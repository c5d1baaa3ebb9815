import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from './fake-ollama';

// The fake must satisfy the official client exactly as a real Ollama does, or tests built on it prove nothing.
let fake: FakeOllama;
let client: Ollama;

beforeAll(async () => {
  fake = await startFakeOllama({ loaded: ['llama3.2:3b'] });
  client = new Ollama({ host: fake.url });
});
afterAll(() => fake.close());

describe('fake Ollama speaks the wire the official client expects', () => {
  it('lists, shows and reports loaded models', async () => {
    const list = await client.list();
    expect(list.models.map((m) => m.name)).toContain('llama3.2:3b');
    const show = await client.show({ model: 'llama3.2:3b' });
    expect(show.capabilities).toEqual(expect.arrayContaining(['completion', 'tools']));
    expect((show.model_info as unknown as Record<string, unknown>)['llama.context_length']).toBe(131072);
    const ps = await client.ps();
    expect(ps.models.map((m) => m.name)).toEqual(['llama3.2:3b']);
  });

  it('streams a chat as NDJSON ending with done and token counts', async () => {
    let text = '';
    let last: { done: boolean; eval_count: number; prompt_eval_count: number } | undefined;
    for await (const part of await client.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], stream: true })) {
      text += part.message.content;
      last = part;
    }
    expect(text).toContain('Hello from llama3.2:3b');
    expect(last?.done).toBe(true);
    expect(last?.eval_count).toBeGreaterThan(0);
  });

  it('answers unknown models with 404 in Ollama’s error shape', async () => {
    await expect(client.show({ model: 'nope:1b' })).rejects.toMatchObject({ status_code: 404, error: "model 'nope:1b' not found" });
  });

  it('cuts a stream mid-way when told to, and the client sees it fail', async () => {
    fake.setFault({ kind: 'disconnect', afterLines: 2 });
    const run = async () => {
      for await (const _ of await client.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], stream: true })) void _;
    };
    await expect(run()).rejects.toThrow();
    fake.setFault(null);
  });

  it('pulls a library model with Ollama’s progress sequence, then lists and embeds with it', async () => {
    const lib = await startFakeOllama({ models: [], library: [{ name: 'nomic-embed-text:latest', family: 'nomic-bert', parameterSize: '137M', quantization: 'F16', sizeBytes: 274_302_450, contextLength: 2048, capabilities: ['embedding'], embeddingLength: 768 }] });
    try {
      const c = new Ollama({ host: lib.url });
      const statuses: string[] = [];
      for await (const p of await c.pull({ model: 'nomic-embed-text', stream: true })) statuses.push(p.status);
      expect(statuses[0]).toBe('pulling manifest');
      expect(statuses.slice(-3)).toEqual(['verifying sha256 digest', 'writing manifest', 'success']);
      expect((await c.list()).models.map((m) => m.name)).toEqual(['nomic-embed-text:latest']);
      const e = await c.embed({ model: 'nomic-embed-text', input: ['a', 'b'] });
      expect(e.embeddings.map((v) => Math.hypot(...v))).toEqual([expect.closeTo(1, 6), expect.closeTo(1, 6)]);
      expect((await c.embeddings({ model: 'nomic-embed-text', prompt: 'a' })).embedding).toHaveLength(768);
      await expect(c.pull({ model: 'missing-model', stream: false })).rejects.toMatchObject({ status_code: 500 });
    } finally {
      await lib.close();
    }
  });

  it('fails a prompt over num_ctx when truncate is false, and trims it otherwise', async () => {
    const messages = [{ role: 'user', content: 'word '.repeat(400) }];
    const res = await fetch(fake.url + '/api/chat', { method: 'POST', body: JSON.stringify({ model: 'llama3.2:3b', messages, options: { num_ctx: 64 }, truncate: false, stream: false }) });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/exceeds the model's context length/) });
    const trimmed = await client.chat({ model: 'llama3.2:3b', messages, options: { num_ctx: 64 }, stream: false });
    expect(trimmed.done).toBe(true);
  });
});
