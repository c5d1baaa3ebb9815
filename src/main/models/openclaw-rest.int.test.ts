import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllamaPull, type FakeOllamaPull } from '../../../test-support/fake-ollama-pull/fake-ollama-pull';
import { createContainer, type Container } from '../container';
import { startHostServer, type HostServer } from '../host/host-server';
import { silentLogger } from '../log/logger';
import { createModelsFeature, type ModelsFeature } from './models-feature';

// The plan's REST API on the real headless host (HTTP on loopback, real token check), backed by the
// catalog feature with the pull fake as Ollama, a fixed offer list, and stand-ins for the engine and OpenClaw.
const TOKEN = 'rest-token-0123456789abcdef';
let dataDir: string;
let container: Container;
let feature: ModelsFeature;
let host: HostServer;
let ollama: FakeOllamaPull;
const routed: unknown[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-rest-'));
  ollama = await startFakeOllamaPull({
    library: [{ name: 'llama3.2:3b', family: 'llama', parameterSize: '3.2B', quantization: 'Q4_K_M', sizeBytes: 2_019_393_189, contextLength: 131072, capabilities: ['completion', 'tools'] }],
  });
  container = createContainer({ host: 'headless', dataDir, env: { CLAWGRID_OLLAMA_URL: ollama.url }, log: silentLogger });
  const core = { host: container.host, dataDir, env: {}, log: silentLogger, settings: container.settings, db: container.db, hub: container.hub };
  feature = createModelsFeature(core, {
    ollama: container.ollama,
    offers: { offers: async () => [{ minerId: 'miner-7', model: 'llama3.1:70b', pricePer1kTokensAit: '0.002', region: 'eu', gpu: 'A100', zkProof: false, providerAddress: null }] },
    registry: undefined,
    jobs: () => ({ route: async (req) => (routed.push(req), { decision: { target: 'local', reason: 'fits' }, result: { output: 'hi' } }) }),
    agentDirectory: () => ({ list: async () => [], register: async (id, models) => ({ id, models: [...models] }) }),
  });
  host = await startHostServer({ container: { ...container, restRoutes: feature.restRoutes }, token: TOKEN, rendererDir: dataDir, port: 0 });
});

afterAll(async () => {
  await host?.close();
  await feature?.close?.();
  await container?.close();
  await ollama?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function call(method: string, p: string, body?: unknown, token: string | null = TOKEN) {
  const res = await fetch(`http://127.0.0.1:${host.port}${p}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

describe('REST API /api/v1/openclaw', () => {
  it('every endpoint refuses a request without the host token (401)', async () => {
    for (const [m, p] of [['POST', '/api/v1/openclaw/models/deploy'], ['POST', '/api/v1/openclaw/agents/register'], ['POST', '/api/v1/openclaw/jobs/route'], ['GET', '/api/v1/openclaw/status']] as const) {
      expect((await call(m, p, m === 'POST' ? {} : undefined, null)).status).toBe(401);
      expect((await call(m, p, m === 'POST' ? {} : undefined, 'wrong-token')).status).toBe(401);
    }
  });

  it('models/deploy: local deploy pulls and registers (wait: true); a network deploy pins the miner', async () => {
    const local = await call('POST', '/api/v1/openclaw/models/deploy', { model_id: 'llama3.2:3b', target: 'local', wait: true });
    expect(local.status).toBe(200);
    expect(local.body.deployment).toMatchObject({ status: 'ready', registeredName: 'llama3.2:3b' });
    const net = await call('POST', '/api/v1/openclaw/models/deploy', { model_id: 'llama3.1:70b', target: 'network', miner_id: 'miner-7' });
    expect(net.status).toBe(202);
    expect(net.body.deployment).toMatchObject({ registeredName: 'llama3.1:70b@miner-7' });
    await feature.deploys.settled((net.body.deployment as { id: string }).id);
    expect(feature.registry.list().map((m) => m.name).sort()).toEqual(['llama3.1:70b@miner-7', 'llama3.2:3b']);
  });

  it('models/deploy: a bad body is a 400 naming the field; bad JSON is a 400', async () => {
    const r = await call('POST', '/api/v1/openclaw/models/deploy', { model_id: 'x', target: 'moon' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('target') });
    expect((await call('POST', '/api/v1/openclaw/models/deploy', { model_id: 'x', target: 'local', miner_id: 'm' })).status).toBe(400);
    expect((await call('POST', '/api/v1/openclaw/models/deploy', '{not json')).status).toBe(400);
  });

  it('models/deploy with wait: a model no miner offers answers 503 with the reason', async () => {
    const r = await call('POST', '/api/v1/openclaw/models/deploy', { model_id: 'qwen3:235b', target: 'network', wait: true });
    expect(r.status).toBe(503);
    expect(r.body.error).toMatchObject({ code: 'NO_OFFER' });
  });

  it('agents/register: happy path and bad body', async () => {
    const ok = await call('POST', '/api/v1/openclaw/agents/register', { agent_id: 'main', models: ['llama3.2:3b'] });
    expect(ok).toMatchObject({ status: 200, body: { ok: true, agent: { id: 'main', models: ['llama3.2:3b'] } } });
    const bad = await call('POST', '/api/v1/openclaw/agents/register', { agent_id: 'main', models: [] });
    expect(bad.status).toBe(400);
  });

  it('jobs/route: happy path returns the decision and result; prompt and messages together is a 400', async () => {
    const ok = await call('POST', '/api/v1/openclaw/jobs/route', { model: 'llama3.2:3b', prompt: 'hello', agent_id: 'main' });
    expect(ok).toMatchObject({ status: 200, body: { ok: true, decision: { target: 'local' }, result: { output: 'hi' } } });
    expect(routed).toEqual([{ model: 'llama3.2:3b', prompt: 'hello', messages: undefined, agentId: 'main' }]);
    const bad = await call('POST', '/api/v1/openclaw/jobs/route', { model: 'llama3.2:3b', prompt: 'a', messages: [{ role: 'user', content: 'b' }] });
    expect(bad.status).toBe(400);
  });

  it('status: sources, deployments and the provider list; the wrong method is a 405', async () => {
    const s = await call('GET', '/api/v1/openclaw/status');
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ ok: true, engine: 'available', openclaw: 'available', sources: { local: { state: 'ok' }, network: { state: 'ok', count: 1 } } });
    expect((s.body.deployments as unknown[]).length).toBeGreaterThanOrEqual(2);
    expect((await call('POST', '/api/v1/openclaw/status', {})).status).toBe(405);
  });
});

describe('REST API without the engine and OpenClaw wired (this build today)', () => {
  it('jobs/route and agents/register answer 503 with a clear message rather than pretending', async () => {
    const bare = createModelsFeature({ host: 'headless', dataDir, env: {}, log: silentLogger, settings: container.settings, db: container.db, hub: container.hub }, { ollama: container.ollama });
    const byPath = (p: string) => bare.restRoutes.find((r) => r.path === p)!;
    const signal = new AbortController().signal;
    const r1 = await byPath('/api/v1/openclaw/jobs/route').handler({ model: 'x', prompt: 'y' }, { log: silentLogger, signal });
    expect(r1).toMatchObject({ status: 503, body: { error: { code: 'UNAVAILABLE', message: expect.stringMatching(/engine/) } } });
    const r2 = await byPath('/api/v1/openclaw/agents/register').handler({ agent_id: 'a', models: ['m'] }, { log: silentLogger, signal });
    expect(r2).toMatchObject({ status: 503, body: { error: { message: expect.stringMatching(/OpenClaw/) } } });
    await bare.close?.();
  });
});
