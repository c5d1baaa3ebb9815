import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../http/raw-http';
import { startDevnet, type Devnet } from './devnet-server';

// The devnet over real HTTP: a DNS-rebinding Host and a foreign browser Origin get 403 before any route runs.
let dir: string;
let devnet: Devnet;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-devnet-origin-'));
  devnet = await startDevnet({ dataDir: dir, port: 0, rateLimits: false, zk: false });
});

afterAll(async () => {
  await devnet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('devnet Origin/Host guard', () => {
  it('serves loopback clients: no Origin, loopback Host names, loopback page origins', async () => {
    expect((await fetch(`${devnet.url}/health`)).status).toBe(200);
    expect((await rawRequest(devnet.port, '/health', { host: `localhost:${devnet.port}` })).status).toBe(200);
    expect((await fetch(`${devnet.url}/health`, { headers: { origin: 'http://localhost:5173' } })).status).toBe(200);
  });

  it('refuses a non-loopback Host (DNS rebinding) with 403', async () => {
    const r = await rawRequest(devnet.port, '/health', { host: `evil.example:${devnet.port}` });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toEqual({ detail: expect.stringMatching(/Host/) });
    expect((await rawRequest(devnet.port, '/v1/auth/nonce', { host: 'evil.example', 'content-type': 'application/json' }, 'POST')).status).toBe(403);
  });

  it('refuses a foreign or null Origin with 403, even on open routes', async () => {
    const r = await fetch(`${devnet.url}/health`, { headers: { origin: 'https://evil.example' } });
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ detail: expect.stringMatching(/Origin/) });
    expect((await fetch(`${devnet.url}/health`, { headers: { origin: 'null' } })).status).toBe(403);
  });
});
