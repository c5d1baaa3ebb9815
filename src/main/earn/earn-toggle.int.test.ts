import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EarnStatus } from '../../shared/contract/earn';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { freePort } from '../../../test-support/free-port';
import { createContainer, type Container } from '../container';
import { silentLogger } from '../log/logger';

// Earn mode is off by default: nothing registers. Turned on from the Earn page (settings.update), it registers and
// offers; turned off again, it withdraws its offer (status inactive) and stops heartbeating.
const MODEL = 'llama3.2:3b';
let dir: string;
let c: Container;
let ollama: FakeOllama;
let devnetUrl: string;

const status = async () => {
  const r = await c.router.dispatch('earn.status', {}, { transport: 'test' });
  if (!r.ok) throw new Error(r.error.message);
  return r.output as EarnStatus;
};
const miners = () => fetch(`${devnetUrl}/v1/marketplace/gpu/list`).then((r) => r.json() as Promise<{ miner_id: string }[]>).then((m) => m.map((x) => x.miner_id));
const offers = () => fetch(`${devnetUrl}/v1/marketplace/offer`).then((r) => r.json() as Promise<{ offers: { node_id?: string; status: string }[] }>).then((o) => o.offers.filter((x) => x.node_id === 'toggle-rig').map((x) => x.status));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-earn-toggle-'));
  ollama = await startFakeOllama({ loaded: [MODEL] });
  const env = { CLAWGRID_NETWORK: 'devnet', CLAWGRID_DEVNET_PORT: '0', CLAWGRID_DEVNET_MINERS: '0', CLAWGRID_PROVIDER_PORT: String(await freePort()), CLAWGRID_OLLAMA_URL: ollama.url, CLAWGRID_MINER_ID: 'toggle-rig' };
  c = createContainer({ host: 'headless', dataDir: dir, log: silentLogger, env, wallet: { scryptN: 1 << 10 }, earn: { pollMs: 200, heartbeatMs: 1_000, settleMs: 500 } });
  await c.start();
  const r = await c.router.dispatch('network.status', {}, { transport: 'test' });
  devnetUrl = r.ok ? (r.output as { coordinatorUrl: string }).coordinatorUrl : '';
}, 60_000);
afterAll(async () => {
  await c?.close();
  await ollama?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('earn mode on and off', () => {
  it('is off by default: not registered, no offer', async () => {
    expect(await status()).toMatchObject({ state: 'off', registered: false, reasons: [{ code: 'off' }] });
    expect(await miners()).toEqual([]);
    expect(await offers()).toEqual([]);
  });

  it('turned on in settings it registers and offers; turned off it withdraws the offer', async () => {
    c.settings.update({ earnEnabled: true, earnModels: [MODEL], earnLimits: { cpuPct: 100, ramPct: 100, gpuMemPct: 100 } });
    await expect.poll(async () => (await status()).registered, { timeout: 15_000 }).toBe(true);
    expect(await miners()).toEqual(['toggle-rig']);
    expect(await offers()).toEqual(['active']);
    c.settings.update({ earnEnabled: false });
    await expect.poll(offers, { timeout: 15_000 }).toEqual(['inactive']);
    expect(await status()).toMatchObject({ state: 'off', registered: false });
  });
});
