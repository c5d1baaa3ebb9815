import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { stubAdmission } from './testing/stub-admission';
import { TOOL_LOOP_LIMIT } from './runaway-guard';
import { createRecordingNetwork, type RecordingNetwork } from './testing/recording-network';
import { startEngineHarness, type EngineHarness } from './testing/engine-harness';

// The key selects the agent: its policy, budget and metering. Plain Ollama clients are the default agent.
const MODEL = 'llama3.2:3b';
let fake: FakeOllama;
let h: EngineHarness;
let net: RecordingNetwork;
const budgetLeft = new Map<string, string>();
const admission = stubAdmission({ capped: 'budget for agent capped: 12.0 of 12.0 AIT used today' }, (agentId) => budgetLeft.get(agentId) ?? null);

beforeAll(async () => {
  fake = await startFakeOllama({ loaded: [MODEL] });
  net = createRecordingNetwork([{ minerId: 'miner-a', model: MODEL, pricePer1kTokensAit: '0.01', region: null, gpu: null, zkProof: false, providerAddress: null }]);
  h = await startEngineHarness(fake.url, { network: net, admission });
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const chat = (key: string | null, body: Record<string, unknown> = {}) =>
  fetch(h.url + '/api/chat', {
    method: 'POST',
    headers: key ? { authorization: `Bearer ${key}` } : {},
    body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], stream: false, ...body }),
  });

describe('agent identity', () => {
  it('no key and OpenClaw’s placeholder `ollama-local` are the default agent', async () => {
    for (const key of [null, 'ollama-local']) {
      const res = await chat(key);
      expect(res.status).toBe(200);
      await res.json();
    }
    await expect.poll(() => h.rows().slice(-2).map((r) => r.agent_id)).toEqual(['default', 'default']);
  });

  it('a key ClawGrid did not issue gets 401, and so does a revoked one', async () => {
    expect((await chat('sk-someone-else')).status).toBe(401);
    const { agent, key } = h.feature.engine.agents.create('writer');
    expect((await chat(key)).status).toBe(200);
    h.feature.engine.agents.revokeKey(agent.id, agent.keys[0]!.id);
    const res = await chat(key);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: expect.stringContaining('unauthorized') });
  });

  it('keys are stored only as hashes', () => {
    const { key } = h.feature.engine.agents.create('hashed');
    const dump = JSON.stringify(h.core.db.prepare('SELECT * FROM agent_keys').all());
    expect(dump).not.toContain(key);
    expect(dump).toContain(key.slice(0, 9));
  });

  it('the agent’s policy routes its requests: force network', async () => {
    const { agent, key } = h.feature.engine.agents.create('offloader', { mode: 'network' });
    const res = await chat(key);
    expect(res.headers.get('x-clawgrid-backend')).toBe('network:miner-a');
    await res.json();
    await expect.poll(() => h.rows().at(-1)).toMatchObject({ agent_id: agent.id, strategy: 'network', reasons: '["policy_network"]' });
  });

  it('an agent whose policy requires proofs asks the network for a ZK proof; others do not', async () => {
    const { key: plain } = h.feature.engine.agents.create('no-proof', { mode: 'network' });
    await (await chat(plain)).json();
    expect(net.submitted.at(-1)?.zkProofRequired).toBeUndefined();
    const { key } = h.feature.engine.agents.create('auditor', { mode: 'network', requireProof: true });
    await (await chat(key)).json();
    expect(net.submitted.at(-1)?.zkProofRequired).toBe(true);
  });

  it('budget exhausted: 429 with a message a person understands', async () => {
    const { key } = h.feature.engine.agents.create('capped', { mode: 'network' });
    const res = await chat(key);
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error: 'budget for agent capped: 12.0 of 12.0 AIT used today' });
    budgetLeft.set('capped', '0');
    const again = await chat(key);
    expect(again.status).toBe(429);
    expect(((await again.json()) as { error: string }).error).toMatch(/budget for agent capped/);
  });
});

describe('runaway guard', () => {
  it('too many requests per minute: 429 with the reason', async () => {
    const { key } = h.feature.engine.agents.create('burst', { maxRequestsPerMinute: 2 });
    expect((await chat(key)).status).toBe(200);
    expect((await chat(key)).status).toBe(200);
    const res = await chat(key);
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: string }).error).toBe('rate limit for agent burst: 2 requests per minute');
  });

  it('the same tool call over and over: 429, the loop is stopped', async () => {
    const { key } = h.feature.engine.agents.create('looper');
    const messages: unknown[] = [{ role: 'user', content: 'list files' }];
    for (let i = 0; i < TOOL_LOOP_LIMIT; i++) {
      messages.push({ role: 'assistant', content: '', tool_calls: [{ function: { name: 'ls', arguments: { path: '.' } } }] }, { role: 'tool', content: 'a.txt', tool_name: 'ls' });
    }
    const res = await chat(key, { messages });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: string }).error).toMatch(/repeated the same tool call ls\(\{"path":"\."\}\)/);
    messages.splice(3, 2); // one fewer repetition is a normal agent turn
    expect((await chat(key, { messages })).status).toBe(200);
  });
});
