import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../../test-support/fake-ollama/fake-ollama';
import type { ExecutedRequest } from '../execution-port';
import { stubAdmission } from '../testing/stub-admission';
import { createRecordingNetwork, type RecordingNetwork } from '../testing/recording-network';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness';

// The official `openai` npm client, pointed at ClawGrid's /v1, against the same engine as the native API.
const MODEL = 'llama3.2:3b';
let fake: FakeOllama;
let h: EngineHarness;
let net: RecordingNetwork;
const executed: ExecutedRequest[] = [];
const admission = stubAdmission({ broke: 'budget for agent broke: 5.0 of 5.0 AIT used today' });

beforeAll(async () => {
  fake = await startFakeOllama({ loaded: [MODEL] });
  net = createRecordingNetwork([{ minerId: 'miner-a', model: 'llama3.3:70b', pricePer1kTokensAit: '0.02', region: null, gpu: null, zkProof: false, providerAddress: null }]);
  h = await startEngineHarness(fake.url, { network: net, admission, onExecuted: (e) => void executed.push(e) });
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const client = (apiKey = 'ollama-local') => new OpenAI({ baseURL: `${h.url}/v1`, apiKey, maxRetries: 0 });
const lastRow = () => h.rows().at(-1);
/** The last request Ollama got on `path` (its poller's /api/ps and /api/tags come in between). */
const lastSent = (path = '/api/chat') => fake.requests.filter((r) => r.path === path).at(-1);

const lsTool: ChatCompletionTool = {
  type: 'function',
  function: { name: 'ls', description: 'List files', parameters: { type: 'object', required: ['path'], properties: { path: { type: 'string' } } } },
};

describe('ClawGrid speaks OpenAI to the official client', () => {
  it('lists local and network models', async () => {
    const ids: string[] = [];
    for await (const m of client().models.list()) ids.push(m.id);
    expect(ids).toEqual(expect.arrayContaining([MODEL, 'nomic-embed-text:latest', 'llama3.3:70b', 'llama3.3:70b@miner-a']));
    expect(await client().models.retrieve(MODEL)).toMatchObject({ id: MODEL, object: 'model', owned_by: 'library' });
    await expect(client().models.retrieve('nope:1b')).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('answers a non-streamed chat, metered for the agent that holds the key', async () => {
    const { agent, key } = h.feature.engine.agents.create('editor');
    const r = await client(key).chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], max_tokens: 64, temperature: 0.2 });
    expect(r.object).toBe('chat.completion');
    expect(r.choices[0]!.message.content).toContain('Hello from llama3.2:3b');
    expect(r.choices[0]!.finish_reason).toBe('stop');
    expect(r.usage!.completion_tokens).toBeGreaterThan(0);
    expect(r.usage!.total_tokens).toBe(r.usage!.prompt_tokens + r.usage!.completion_tokens);
    // What Ollama was asked: its own options, from OpenAI's names.
    expect(lastSent()).toMatchObject({ body: { model: MODEL, stream: false, options: { num_predict: 64, temperature: 0.2 } } });
    await expect.poll(lastRow).toMatchObject({ id: r.id.replace('chatcmpl-', ''), agent_id: agent.id, endpoint: 'chat', strategy: 'local', status: 'ok', eval_tokens: r.usage!.completion_tokens });
    // …and chained as a proof record like a native request (the engine's Ollama-wire request and answer).
    expect(executed.find((e) => e.requestId === r.id.replace('chatcmpl-', ''))).toMatchObject({ agentId: agent.id, backend: 'local', model: MODEL });
  });

  it('streams a chat as SSE, with usage last when include_usage is set', async () => {
    const stream = await client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true }, max_completion_tokens: 32 });
    let text = '';
    const finishes: (string | null)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    let chunks = 0;
    for await (const c of stream) {
      chunks++;
      expect(c.object).toBe('chat.completion.chunk');
      text += c.choices[0]?.delta.content ?? '';
      if (c.choices[0]?.finish_reason) finishes.push(c.choices[0].finish_reason);
      if (c.usage) usage = c.usage;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toBe('Hello from llama3.2:3b, a fake model on the Ollama wire.');
    expect(finishes).toEqual(['stop']);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(lastSent()?.body).toMatchObject({ stream: true, options: { num_predict: 32 } });
    await expect.poll(lastRow).toMatchObject({ agent_id: 'default', status: 'ok', eval_tokens: usage!.completion_tokens });
  });

  it('a client that stops reading the stream cancels Ollama’s generation, metered as canceled', async () => {
    fake.setTiming({ tokenDelayMs: 30 });
    try {
      const ctl = new AbortController();
      const stream = await client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], stream: true }, { signal: ctl.signal });
      for await (const c of stream) {
        if (c.choices[0]?.delta.content) break; // breaking out of the iterator aborts the response
      }
      await expect.poll(() => lastSent()?.aborted).toBe(true);
      await expect.poll(lastRow).toMatchObject({ status: 'canceled' });
    } finally {
      fake.setTiming({ tokenDelayMs: 0 });
    }
  });

  it('a tool round trip: tool_calls out, the tool message back (streamed and not)', async () => {
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is in this folder?' }];
    const first = await client().chat.completions.create({ model: MODEL, messages, tools: [lsTool] });
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call).toMatchObject({ type: 'function', id: expect.any(String), function: { name: 'ls' } });
    expect(JSON.parse((call as { function: { arguments: string } }).function.arguments)).toEqual({ path: '.' });

    // The same turn streamed: the call arrives as a delta with an index.
    const streamed = await client().chat.completions.create({ model: MODEL, messages, tools: [lsTool], stream: true });
    const deltas: unknown[] = [];
    for await (const c of streamed) deltas.push(...(c.choices[0]?.delta.tool_calls ?? []));
    expect(deltas).toEqual([expect.objectContaining({ index: 0, type: 'function', function: { name: 'ls', arguments: '{"path":"."}' } })]);

    messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: 'a.txt b.txt' });
    const second = await client().chat.completions.create({ model: MODEL, messages, tools: [lsTool] });
    expect(second.choices[0]!.message.content).toBe('The tool ls returned: a.txt b.txt');
    // Ollama got its own shapes: arguments as an object, the tool result named after the call it answers.
    const sent = (lastSent()!.body as { messages: Record<string, unknown>[] }).messages;
    expect(sent[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: call.id, function: { name: 'ls', arguments: { path: '.' } } }] });
    expect(sent[2]).toMatchObject({ role: 'tool', tool_call_id: call.id, tool_name: 'ls', content: 'a.txt b.txt' });
  });

  it('answers legacy completions, streamed and not', async () => {
    const r = await client().completions.create({ model: MODEL, prompt: 'Say hi', max_tokens: 16, stop: ['\n'] });
    expect(r).toMatchObject({ object: 'text_completion', choices: [{ index: 0, finish_reason: 'stop' }] });
    expect(r.choices[0]!.text).toContain('Hello from llama3.2:3b');
    expect(lastSent('/api/generate')).toMatchObject({ body: { prompt: 'Say hi', options: { num_predict: 16, stop: ['\n'] } } });
    let text = '';
    for await (const c of await client().completions.create({ model: MODEL, prompt: 'Say hi', stream: true })) text += c.choices[0]?.text ?? '';
    expect(text).toBe(r.choices[0]!.text);
    await expect.poll(lastRow).toMatchObject({ endpoint: 'generate', status: 'ok' });
  });

  it('embeds on the local Ollama, float and the client’s default base64 alike, metered', async () => {
    const { agent, key } = h.feature.engine.agents.create('indexer');
    const b64 = await client(key).embeddings.create({ model: 'nomic-embed-text', input: ['one', 'two'] });
    const floats = await client(key).embeddings.create({ model: 'nomic-embed-text', input: ['one', 'two'], encoding_format: 'float' });
    expect(b64.data).toHaveLength(2);
    expect(floats.data[1]!.embedding).toHaveLength(768);
    // The client decoded our base64 float32s into the same vectors (to float32 precision).
    b64.data[0]!.embedding.forEach((x, i) => expect(x).toBeCloseTo(floats.data[0]!.embedding[i]!, 6));
    expect(floats.usage.prompt_tokens).toBeGreaterThan(0);
    expect(lastSent('/api/embed')).toMatchObject({ body: { model: 'nomic-embed-text', input: ['one', 'two'] } });
    await expect.poll(lastRow).toMatchObject({ agent_id: agent.id, endpoint: 'embed', status: 'ok', prompt_tokens: floats.usage.prompt_tokens });
  });

  it('routes by `@` suffix and policy onto the network, metered with its cost', async () => {
    // A suffix narrows a policy, never widens it (#15): the keyless default agent is local-only, so it is refused
    // in OpenAI's shape without a job, and an agent whose policy allows the network gets there.
    const before = net.submitted.length;
    await expect(client().chat.completions.create({ model: 'llama3.3:70b@miner-a', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 403 });
    expect(net.submitted.length).toBe(before);
    const { agent, key } = h.feature.engine.agents.create('offloader');
    const r = await client(key).chat.completions.create({ model: 'llama3.3:70b@miner-a', messages: [{ role: 'user', content: 'hi' }] });
    expect(r.choices[0]!.message.content).toBe('Hello from the GPU network.');
    expect(r.model).toBe('llama3.3:70b@miner-a');
    expect(net.submitted.at(-1)).toMatchObject({ model: 'llama3.3:70b', minerId: 'miner-a' });
    await expect.poll(lastRow).toMatchObject({ agent_id: agent.id, strategy: 'network', backend: 'network:miner-a', status: 'ok' });
  });

  it('a budget-exhausted agent gets 429 insufficient_quota, once (no client retries)', async () => {
    const { key } = h.feature.engine.agents.create('broke', { mode: 'network' });
    const before = net.submitted.length;
    const retrying = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: key, maxRetries: 2 });
    const err = await retrying.chat.completions.create({ model: 'llama3.3:70b', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'insufficient_quota', error: { message: 'budget for agent broke: 5.0 of 5.0 AIT used today', param: null } });
    expect(net.submitted.length).toBe(before);
    await expect.poll(() => h.rows().filter((r) => r.agent_id === 'broke').map((r) => [r.status, r.http_status])).toEqual([['error', 429]]);
  });

  it('refuses a key ClawGrid did not issue, a bad body and an unknown model in OpenAI’s error shape', async () => {
    await expect(client('sk-not-ours').models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });
    await expect(client().chat.completions.create({ model: MODEL, messages: [] })).rejects.toMatchObject({ status: 400, type: 'invalid_request_error' });
    await expect(client().chat.completions.create({ model: 'nope:1b', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', body: '{nope' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { message: 'invalid JSON in request body', type: 'invalid_request_error', param: null, code: null } });
  });
});
