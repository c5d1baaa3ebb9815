import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { createRecordingNetwork } from '../routing/testing/recording-network';
import { startEngineHarness, type EngineHarness } from '../routing/testing/engine-harness';
import type { RegisteredModel } from './catalog-ports';
import { deploymentMetrics } from './deployment-metrics';
import { engineJobRouter } from '../adapters/models-jobs';
import { engineMetering } from '../adapters/models-metering';

// The catalog's engine ports against the real engine (its provider on loopback, its meter in SQLite) with
// the fake Ollama as the local backend and a recording network with one miner.
const MODEL = 'llama3.2:3b';
const BIG = 'qwen3:32b';
let fake: FakeOllama;
let h: EngineHarness;
const registered: RegisteredModel[] = [];

beforeAll(async () => {
  fake = await startFakeOllama({ loaded: [MODEL] });
  const net = createRecordingNetwork([{ minerId: 'miner-a', model: BIG, pricePer1kTokensAit: '0.01', region: null, gpu: null, zkProof: false, providerAddress: null }]);
  h = await startEngineHarness(fake.url, { network: net, extraModels: () => registered });
  // jobs/route runs as the built-in agent, which starts local-only: the person lets it use the network.
  h.feature.engine.agents.updatePolicy('default', { mode: 'auto' });
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const signal = () => new AbortController().signal;

describe('catalog ↔ engine', () => {
  it('jobs/route runs a request through the engine and returns its decision and answer, metered like any other', async () => {
    const jobs = engineJobRouter(() => h.feature.engine);
    const r = await jobs.route({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }, signal());
    expect(r.decision).toMatchObject({ strategy: 'local', backend: 'local' });
    expect((r.result as { message: { content: string } }).message.content).toContain(`Hello from ${MODEL}`);
    const g = await jobs.route({ model: `${BIG}@miner-a`, prompt: 'write' }, signal());
    expect(g.decision).toMatchObject({ strategy: 'network', backend: 'network:miner-a' });
    expect(typeof (g.result as { response: string }).response).toBe('string');
    // The same rows the Routing page shows.
    expect(h.rows().map((r) => r.model)).toEqual([MODEL, `${BIG}@miner-a`]);
  });

  it('jobs/route answers an unknown model or agent with a clear error', async () => {
    const jobs = engineJobRouter(() => h.feature.engine);
    await expect(jobs.route({ model: 'nope:1b', prompt: 'x' }, signal())).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining("model 'nope:1b' not found") });
    await expect(jobs.route({ model: MODEL, prompt: 'x', agentId: 'ghost' }, signal())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('metering reads every request the engine recorded, flushed or not, with who served it', async () => {
    const before = Date.now();
    const client = h.client();
    await client.chat({ model: MODEL, messages: [{ role: 'user', content: 'again' }], stream: false });
    const all = engineMetering(() => h.feature.engine.meter).requests(0);
    const local = all.filter((r) => r.requestedModel === MODEL);
    expect(local.length).toBeGreaterThanOrEqual(2);
    expect(local.every((r) => r.servedBy === 'local' && r.minerId === null && r.ok && r.evalTokens > 0 && r.latencyMs > 0)).toBe(true);
    const net = all.find((r) => r.requestedModel === `${BIG}@miner-a` && r.ok);
    expect(net).toMatchObject({ servedBy: 'network', minerId: 'miner-a' });
    // Newer than `before`: only the last chat.
    expect(engineMetering(() => h.feature.engine.meter).requests(before).map((r) => r.requestedModel)).toEqual([MODEL]);
    // Deployment metrics over it: the pinned network deployment sees its own request only.
    const m = deploymentMetrics(
      { id: 'd', target: 'network', model: BIG, minerId: 'miner-a', registeredName: `${BIG}@miner-a`, agents: [], status: 'ready', step: 'done', progress: null, error: null, createdAt: 0, updatedAt: 0 },
      all,
    );
    expect(m).toMatchObject({ requests: 1, localShare: 0, errorRate: 0 });
  });

  it('/api/tags lists registered network deployments, marked deployed, even when no offer lists them now', async () => {
    registered.push({ name: `${BIG}@miner-a`, model: BIG, target: 'network', minerId: 'miner-a' }, { name: `${BIG}@miner-gone`, model: BIG, target: 'network', minerId: 'miner-gone' });
    const { models } = await h.client().list();
    const byName = new Map(models.map((m) => [m.name, m as unknown as { clawgrid: { deployed: boolean; miner_id: string | null } }]));
    expect(byName.get(`${BIG}@miner-a`)?.clawgrid).toMatchObject({ deployed: true, miner_id: 'miner-a' });
    expect(byName.get(`${BIG}@miner-gone`)?.clawgrid).toMatchObject({ deployed: true, miner_id: 'miner-gone' });
    expect(byName.get(MODEL)?.clawgrid.deployed).toBe(false);
    expect(models.filter((m) => m.name === `${BIG}@miner-a`)).toHaveLength(1);
  });
});
