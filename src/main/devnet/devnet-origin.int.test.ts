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

  it('a refused request never reaches the ledger (faucet), and an over-limit body is a 413, not a reset', async () => {
    const address = '0x' + 'ab'.repeat(20);
    const body = JSON.stringify({ address, amount: '5' });
    const foreign = await fetch(`${devnet.url}/rpc/faucet`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'text/plain' }, body });
    expect(foreign.status).toBe(403);
    expect((await rawRequest(devnet.port, '/rpc/faucet', { host: 'evil.example', 'content-type': 'application/json' }, 'POST', body)).status).toBe(403);
    expect(devnet.ledger.balance(address)).toBe('0');
    const big = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let i = 0; i < 12; i++) ctl.enqueue(new Uint8Array(1024 * 1024).fill(0x20)); // 12 MiB, over the 10 MiB limit
        ctl.close();
      },
    });
    const tooLarge = await fetch(`${devnet.url}/rpc/faucet`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big, duplex: 'half' } as RequestInit);
    expect(tooLarge.status).toBe(413);
    expect(devnet.ledger.balance(address)).toBe('0');
    const ok = await fetch(`${devnet.url}/rpc/faucet`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:5173' }, body });
    expect(ok.status).toBe(200);
    expect(devnet.ledger.balance(address)).toBe('5');
  });
});
