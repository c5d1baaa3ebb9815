import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createContainer, type Container } from '../container';
import { silentLogger } from '../log/logger';
import { FAKE_NVIDIA_SMI } from '../../../test-support/fake-nvidia-smi/path';
import { startHostServer, type HostServer } from './host-server';
import { freePort } from '../../../e2e/support/serve';
import { monitorStatusSchema } from '../../shared/contract/monitor';
import { rawRequest } from '../http/raw-http';

// The headless host over real HTTP and WebSocket on loopback, with the fake nvidia-smi replaying
// recorded output, and a real container (SQLite in a temp dir).
let dataDir: string;
let rendererDir: string;
let container: Container;
let host: HostServer;
const TOKEN = 'test-token-0123456789abcdef';

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-host-'));
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ClawGrid</title>');
  container = createContainer({
    host: 'headless',
    dataDir,
    env: { CLAWGRID_OLLAMA_URL: `http://127.0.0.1:${await freePort()}` },
    log: silentLogger,
    monitor: { nvidiaSmi: FAKE_NVIDIA_SMI, intervalMs: 200 },
  });
  await container.start();
  host = await startHostServer({ container, token: TOKEN, rendererDir, port: 0 });
});

afterAll(async () => {
  await host?.close();
  await container?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${host.port}`;
const wsUrl = (token?: string) => `ws://127.0.0.1:${host.port}/ws${token === undefined ? '' : `?token=${token}`}`;

function openWs(url: string, origin?: string): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ status: -1 }));
  });
}

function call(ws: WebSocket, id: number, name: string, input: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMsg = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown };
      if (msg.type === 'result' && msg.id === id) {
        ws.off('message', onMsg);
        resolve(msg.result);
      }
    };
    ws.on('message', onMsg);
    ws.send(JSON.stringify({ id, call: name, input }));
  });
}

describe('headless host', () => {
  it('binds 127.0.0.1 and prints a URL with the token in the fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${TOKEN}`);
  });

  it('serves the renderer files without a token, with a CSP header', async () => {
    const res = await fetch(base() + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('ClawGrid');
    const traversal = await fetch(base() + '/..%2f..%2fetc%2fpasswd');
    expect(await traversal.text()).not.toContain('root:');
  });

  it('REST refuses a missing or wrong token (401) and a foreign origin (403)', async () => {
    expect((await fetch(base() + '/api/health')).status).toBe(401);
    expect((await fetch(base() + '/api/health', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const foreign = await fetch(base() + '/api/health', { headers: { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const ok = await fetch(base() + '/api/health', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    const call = await fetch(base() + '/api/call/monitor.snapshot', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '{}' });
    expect(call.status).toBe(200);
    expect(((await call.json()) as { ok: boolean }).ok).toBe(true);
    const noTokenCall = await fetch(base() + '/api/call/monitor.snapshot', { method: 'POST', body: '{}' });
    expect(noTokenCall.status).toBe(401);
  });

  it('refuses (403) a non-loopback Host — DNS rebinding — on static files, REST and WebSocket, even with the token', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await rawRequest(host.port, '/', { host: 'evil.example' })).status).toBe(403);
    expect((await rawRequest(host.port, '/api/health', { ...auth, host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await rawRequest(host.port, '/api/health', { ...auth, host: `127.0.0.1.evil.example:${host.port}` })).status).toBe(403);
    expect((await rawRequest(host.port, '/api/health', { ...auth, host: `localhost:${host.port}` })).status).toBe(200);
    expect((await rawRequest(host.port, '/api/health', { ...auth, host: `[::1]:${host.port}` })).status).toBe(200);
    const upgrade = await rawRequest(host.port, `/ws?token=${TOKEN}`, { host: 'evil.example', connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' }).catch(() => ({ status: -1 }));
    expect(upgrade.status).toBe(403);
  });

  it('refuses a foreign Origin on static files too, and another loopback port or Origin null on the API', async () => {
    expect((await fetch(base() + '/', { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await fetch(base() + '/api/health', { headers: { ...auth, origin: 'http://127.0.0.1:1' } })).status).toBe(403);
    expect((await fetch(base() + '/api/health', { headers: { ...auth, origin: 'null' } })).status).toBe(403);
    expect((await fetch(base() + '/api/health', { headers: { ...auth, origin: base() } })).status).toBe(200);
  });

  it('REST answers bad input with 400 and unknown calls with 404, as error values', async () => {
    const h = { authorization: `Bearer ${TOKEN}` };
    const bad = await fetch(base() + '/api/call/settings.update', { method: 'POST', headers: h, body: '{"hostPort":"x"}' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const notJson = await fetch(base() + '/api/call/settings.update', { method: 'POST', headers: h, body: '{oops' });
    expect(notJson.status).toBe(400);
    const unknown = await fetch(base() + '/api/call/wallet.drain', { method: 'POST', headers: h, body: '{}' });
    expect(unknown.status).toBe(404);
  });

  it('WebSocket refuses no token, a wrong token and a foreign origin', async () => {
    expect(await openWs(wsUrl())).toEqual({ status: 401 });
    expect(await openWs(wsUrl('nope'))).toEqual({ status: 401 });
    expect(await openWs(wsUrl(TOKEN), 'http://evil.example')).toEqual({ status: 403 });
  });

  it('WebSocket contract calls work and invalid payloads get typed errors, not a crash', async () => {
    const r = await openWs(wsUrl(TOKEN), base());
    if (!('ws' in r)) throw new Error(`refused: ${r.status}`);
    const { ws } = r;
    const info = (await call(ws, 1, 'app.info', {})) as { ok: boolean; output: { host: string; schemaVersion: number } };
    expect(info.ok).toBe(true);
    expect(info.output.host).toBe('headless');
    expect(info.output.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(await call(ws, 2, 'settings.update', { hostPort: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call(ws, 3, 'nope.nope', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    ws.send('{this is not json');
    ws.send(JSON.stringify({ id: 'x', call: 5 }));
    const after = (await call(ws, 4, 'settings.get', {})) as { ok: boolean };
    expect(after.ok).toBe(true); // the connection survived garbage
    ws.close();
  });

  it('pushes batched monitor ticks with live GPU values from the fake nvidia-smi', async () => {
    const r = await openWs(wsUrl(TOKEN), base());
    if (!('ws' in r)) throw new Error('refused');
    const ticks: { sample: { gpus: { name: string; utilGpuPct: number | null }[] }; status: unknown }[] = [];
    await new Promise<void>((resolve) => {
      r.ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as { type: string; batch?: Record<string, never> };
        const tick = msg.type === 'events' ? msg.batch?.['monitor.tick'] : undefined;
        if (tick) ticks.push(tick);
        const withGpu = ticks.filter((t) => t.sample.gpus.length > 0);
        if (withGpu.length >= 2) resolve();
      });
    });
    r.ws.close();
    const last = ticks[ticks.length - 1]!;
    expect(monitorStatusSchema.safeParse(last.status).success).toBe(true);
    expect(last.sample.gpus[0]?.name).toMatch(/NVIDIA/);
  });
});
