import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../e2e/support/serve';
import { parsePromText } from '../../../test-support/prom-text';
import { createContainer, type Container } from '../container';
import { silentLogger } from '../log/logger';

// The container wires telemetry and team serving into the provider: /metrics (with the wallet's budgets),
// team.status over the router, and the certificate in the data dir.
const TOKEN = 'container-scrape-token';
let dataDir: string;
let c: Container;
let providerUrl: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-plugins-'));
  const env = {
    CLAWGRID_OLLAMA_URL: `http://127.0.0.1:${await freePort()}`,
    CLAWGRID_NETWORK: 'off',
    CLAWGRID_PROVIDER_PORT: String(await freePort()),
    CLAWGRID_PROVIDER_BIND: '0.0.0.0',
    CLAWGRID_PROVIDER_LAN_PORT: String(await freePort()),
    CLAWGRID_METRICS_TOKEN: TOKEN,
  };
  c = createContainer({ host: 'headless', dataDir, env, log: silentLogger });
  await c.start();
  const snap = await c.router.dispatch('routing.snapshot', {}, { transport: 'test' });
  if (!snap.ok) throw new Error(snap.error.message);
  providerUrl = (snap.output as { provider: { url: string } }).provider.url;
});
afterAll(async () => {
  await c?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the container’s provider plug-ins', () => {
  it('serves /metrics with budget headroom read from the wallet at scrape time', async () => {
    const set = await c.router.dispatch(
      'wallet.setPolicy',
      {
        agentId: 'default',
        policy: { hardLimitAit: '2.5', softLimitAit: null, period: { kind: 'daily', timeZone: 'UTC' }, modelCapsAit: {}, maxPricePer1kAit: null, approvalThresholdAit: null, approveOnSoftLimit: false },
      },
      { transport: 'test' },
    );
    expect(set.ok).toBe(true);
    const res = await fetch(`${providerUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const f = parsePromText(await res.text());
    expect(f.get('clawgrid_budget_remaining_ait')!.samples).toContainEqual({ name: 'clawgrid_budget_remaining_ait', labels: { agent: 'default' }, value: 2.5 });
  });

  it('answers team.status with the TLS listener and the fingerprint of the certificate in the data dir', async () => {
    const r = await c.router.dispatch('team.status', {}, { transport: 'test' });
    if (!r.ok) throw new Error(r.error.message);
    const { listener } = r.output as { listener: { state: string; fingerprint256: string } };
    expect(listener.state).toBe('listening');
    const cert = fs.readFileSync(path.join(dataDir, 'tls', 'provider-cert.pem'), 'utf8');
    expect(listener.fingerprint256).toBe(new crypto.X509Certificate(cert).fingerprint256);
    expect(fs.statSync(path.join(dataDir, 'tls', 'provider-key.pem')).mode & 0o777).toBe(0o600);
  });
});
