import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer, type Container } from '../container';
import { silentLogger } from '../log/logger';
import { openDatabase } from '../store/database';
import { createAgentStore } from './agent-store';

// Issue #15 item 2, the whole app over real HTTP (container, provider, wallet, embedded devnet with its simulated
// miners): a model suffix is a request, not a permission, and the built-in agent starts local-only without budget.
const MODEL = 'llama3.1:70b'; // offered by the devnet's simulated miners; not in the (absent) local Ollama

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

let dir: string;
let c: Container;
let provider: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-suffix-'));
  const port = await freePort();
  provider = `http://127.0.0.1:${port}`;
  const env = { CLAWGRID_NETWORK: 'devnet', CLAWGRID_DEVNET_PORT: '0', CLAWGRID_PROVIDER_PORT: String(port), CLAWGRID_OLLAMA_URL: `http://127.0.0.1:${await freePort()}` };
  c = createContainer({ host: 'headless', dataDir: dir, log: silentLogger, env, wallet: { scryptN: 1 << 10 } });
  await c.start();
}, 60_000);
afterAll(async () => {
  await c?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call<T>(name: string, input: unknown): Promise<T> {
  const r = await c.router.dispatch(name, input, { transport: 'test' });
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.output as T;
}
const chat = (model: string, key?: string) =>
  fetch(provider + '/api/chat', { method: 'POST', headers: key ? { authorization: `Bearer ${key}` } : {}, body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], stream: false }) });
const requests = () => call<{ requests: { model: string; httpStatus: number; costAit: string; jobId: string | null; reasons: string[] }[] }>('routing.snapshot', {}).then((s) => s.requests);
const paidEntries = () => c.wallet.ledger.entries({ kinds: ['reserve', 'settle', 'fee'] });
const spendOf = (agentId: string) => call<{ agents: { agentId: string; custom: boolean; policy: { hardLimitAit: string | null } }[] }>('wallet.spendOverview', {}).then((o) => o.agents.find((a) => a.agentId === agentId));
const budget = (hardLimitAit: string) => ({ hardLimitAit, softLimitAit: null, period: { kind: 'daily', timeZone: 'UTC' }, modelCapsAit: {}, maxPricePer1kAit: null, approvalThresholdAit: null, approveOnSoftLimit: false });

describe('a model suffix narrows the policy, never widens it', () => {
  it('a new data dir: the default agent is local-only and has no network budget', async () => {
    const agents = (await call<{ agents: { id: string; policy: { mode: string; allowRace: boolean } }[] }>('routing.snapshot', {})).agents;
    expect(agents.find((a) => a.id === 'default')?.policy).toMatchObject({ mode: 'local', allowRace: false });
    expect(await spendOf('default')).toMatchObject({ custom: true, policy: { hardLimitAit: '0' } });
  });

  it('@network, @<miner> and @race for the local-only default agent: 403 in Ollama\'s shape, nothing reserved, no job', async () => {
    await expect.poll(async () => (await call<{ offers: { model: string; minerId: string }[] }>('network.offers', {})).offers.filter((o) => o.model === MODEL).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const miner = (await call<{ offers: { model: string; minerId: string }[] }>('network.offers', {})).offers.find((o) => o.model === MODEL)!.minerId;
    for (const [model, key] of [[`${MODEL}@network`], [`${MODEL}@${miner}`], [`${MODEL}@race`], [`${MODEL}@network`, 'ollama-local']] as const) {
      const res = await chat(model, key);
      expect(res.status, model).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as { error: string };
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error).toContain(`agent "default" may not use it: its policy runs it on the local Ollama only`);
    }
    expect(paidEntries()).toEqual([]);
    const logged = await requests();
    expect(logged).toHaveLength(4);
    expect(logged.every((r) => r.httpStatus === 403 && r.costAit === '0' && r.jobId === null && r.reasons.includes('suffix_forbidden'))).toBe(true);
  });

  it('@race is refused for an agent whose policy does not allow racing; @network is fine for it', async () => {
    const { key } = await call<{ key: string }>('routing.createAgent', { name: 'no-racer', policy: { mode: 'auto', allowRace: false } });
    const raced = await chat(`${MODEL}@race`, key);
    expect(raced.status).toBe(403);
    expect(((await raced.json()) as { error: string }).error).toContain('its policy does not allow racing');
    const net = await chat(`${MODEL}@network`, key);
    expect(net.status, await net.clone().text()).toBe(200);
    expect(net.headers.get('x-clawgrid-backend')).toMatch(/^network:/);
  });

  it('giving the default agent the network and a budget are the person\'s explicit acts', async () => {
    const entriesBefore = paidEntries().length;
    await call('routing.updatePolicy', { agentId: 'default', policy: { mode: 'auto' } });
    const noBudget = await chat(`${MODEL}@network`);
    expect(noBudget.status).toBe(429);
    expect(((await noBudget.json()) as { error: string }).error).toContain('no network budget left');
    expect(paidEntries()).toHaveLength(entriesBefore); // nothing reserved
    await call('wallet.setPolicy', { agentId: 'default', policy: budget('5') });
    const paid = await chat(`${MODEL}@network`);
    expect(paid.status, await paid.clone().text()).toBe(200);
    expect(paid.headers.get('x-clawgrid-backend')).toMatch(/^network:/);
    await expect.poll(() => paidEntries().filter((e) => e.agentId === 'default').map((e) => e.kind).sort()).toEqual(['fee', 'reserve', 'settle']);
  });
});

describe('an existing data dir keeps what the person set', () => {
  it('a default agent from an earlier ClawGrid gets no budget policy written over its defaults', async () => {
    const old = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-suffix-old-'));
    try {
      // What an earlier ClawGrid left: the built-in agent exists, the person switched it to auto, no own spend policy.
      const db = openDatabase(old);
      createAgentStore(db).updatePolicy('default', { mode: 'auto', allowRace: true });
      db.close();
      const again = createContainer({ host: 'headless', dataDir: old, log: silentLogger, env: { CLAWGRID_NETWORK: 'off' }, wallet: { scryptN: 1 << 10, chainUrl: null } });
      try {
        const r = await again.router.dispatch('wallet.spendOverview', {}, { transport: 'test' });
        if (!r.ok) throw new Error(r.error.message);
        const card = (r.output as { agents: { agentId: string; custom: boolean; policy: { hardLimitAit: string | null } }[] }).agents.find((a) => a.agentId === 'default');
        expect(card).toMatchObject({ custom: false, policy: { hardLimitAit: '10' } });
        const s = await again.router.dispatch('routing.snapshot', {}, { transport: 'test' });
        if (!s.ok) throw new Error(s.error.message);
        expect((s.output as { agents: { id: string; policy: { mode: string } }[] }).agents.find((a) => a.id === 'default')?.policy.mode).toBe('auto');
      } finally {
        await again.close();
      }
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
    }
  });
});
