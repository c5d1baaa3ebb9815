import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer, type Container } from '../container';
import { silentLogger } from '../log/logger';
import { freePort } from '../../../e2e/support/serve';
import { startDesktopApi, type DesktopApi } from './desktop-api';
import { startHostServer } from './host-server';
import { rawRequest } from '../http/raw-http';

// The desktop app's REST API over real HTTP: same rules as the headless host, token in a 0600 file.
let dataDir: string;
let container: Container;
let api: DesktopApi;
let blocker: Awaited<ReturnType<typeof startHostServer>>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-desktop-api-'));
  container = createContainer({ host: 'electron', dataDir, env: { CLAWGRID_OLLAMA_URL: `http://127.0.0.1:${await freePort()}` }, log: silentLogger });
  await container.start();
  // Something already holds the wanted port: the API falls back to a free one.
  blocker = await startHostServer({ container, token: 'x'.repeat(32), rendererDir: null, port: 0 });
  api = await startDesktopApi(container, { port: blocker.port });
});

afterAll(async () => {
  await api?.close();
  await blocker?.close();
  await container?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('desktop REST API', () => {
  it('writes its URL and token to a 0600 file in the data dir and removes it on close', () => {
    const st = fs.statSync(api.file);
    if (process.platform !== 'win32') expect(st.mode & 0o777).toBe(0o600);
    const info = JSON.parse(fs.readFileSync(api.file, 'utf8')) as { url: string; token: string };
    expect(info.url).toBe(`http://127.0.0.1:${api.server.port}/api/`);
    expect(api.server.port).not.toBe(blocker.port);
    expect(info.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers with the token, refuses without it, a foreign Origin and a rebinding Host; serves no files', async () => {
    const { url, token } = JSON.parse(fs.readFileSync(api.file, 'utf8')) as { url: string; token: string };
    const auth = { authorization: `Bearer ${token}` };
    const ok = await fetch(url + 'call/app.info', { method: 'POST', headers: auth, body: '{}' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, output: { host: 'electron' } });
    expect((await fetch(url + 'health')).status).toBe(401);
    expect((await fetch(url + 'health', { headers: { ...auth, origin: 'https://evil.example' } })).status).toBe(403);
    expect((await rawRequest(api.server.port, '/api/health', { ...auth, host: 'evil.example' })).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${api.server.port}/`)).status).toBe(404);
  });

  it('removes the file on close', async () => {
    const extra = await startDesktopApi(container, { port: 0 });
    await extra.close();
    expect(fs.existsSync(extra.file)).toBe(false);
  });
});
