import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer, type Container } from '../container';
import { silentLogger } from '../log/logger';
import { freePort } from '../../../e2e/support/serve';
import { rawRequest } from '../http/raw-http';
import { startHostServer, type HostServer } from './host-server';

// The host's REST answers for bad input, over real HTTP against a real container on the embedded devnet: a body
// over the limit is a 413 (not a reset), an unauthorized call a 401/403 (not a 500), a bad faucet amount a 400
// that changes nothing, and a web page cannot reach the ledger at all.
let dataDir: string;
let container: Container;
let host: HostServer;
const TOKEN = 'answers-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-host-answers-'));
  container = createContainer({
    host: 'headless',
    dataDir,
    env: { CLAWGRID_OLLAMA_URL: `http://127.0.0.1:${await freePort()}`, CLAWGRID_NETWORK: 'devnet', CLAWGRID_DEVNET_PORT: String(await freePort()), CLAWGRID_DEVNET_MINERS: '1' },
    log: silentLogger,
  });
  await container.start();
  host = await startHostServer({ container, token: TOKEN, rendererDir: null, port: 0 });
});

afterAll(async () => {
  await host?.close();
  await container?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const url = (p: string) => `http://127.0.0.1:${host.port}${p}`;
const callRest = (name: string, input: unknown, headers: Record<string, string> = {}) =>
  fetch(url(`/api/call/${name}`), { method: 'POST', headers: { ...auth, 'content-type': 'application/json', ...headers }, body: JSON.stringify(input) });
type Result = { ok: boolean; output?: { balanceAit: string | null }; error?: { code: string; message: string } };
async function balance(): Promise<string | null> {
  await expect.poll(async () => ((await (await callRest('network.status', {})).json()) as Result).output?.balanceAit ?? null, { timeout: 20_000 }).not.toBeNull();
  return ((await (await callRest('network.status', {})).json()) as Result).output!.balanceAit;
}

describe('host answers', () => {
  it('a body over the limit is 413 before it is read, with Content-Length and chunked, never a reset', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) });
    const declared = await fetch(url('/api/call/app.info'), { method: 'POST', headers: auth, body: big });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    const piece = new TextEncoder().encode('x'.repeat(256 * 1024));
    let sent = 0;
    const chunked = new ReadableStream<Uint8Array>({
      pull(ctl) {
        if (sent++ < 8) ctl.enqueue(piece);
        else ctl.close();
      },
    });
    const res = await fetch(url('/api/v1/openclaw/jobs/route'), { method: 'POST', headers: auth, body: chunked, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    // A lying Content-Length far over the limit: answered at once, the rest never needed.
    const lying = await rawRequest(host.port, '/api/call/app.info', { ...auth, 'content-length': String(1 << 30) }, 'POST', '{');
    expect(lying.status).toBe(413);
    // The connection is still good for the next request.
    expect((await fetch(url('/api/health'), { headers: auth })).status).toBe(200);
  });

  it('negative, zero, malformed or too large faucet amounts are 400 with a clear message and change nothing', async () => {
    const before = await balance();
    for (const amountAit of ['-102', '0', '0.0', '-0.000001', 'abc', '1001']) {
      const res = await callRest('network.faucet', { amountAit });
      expect(res.status, amountAit).toBe(400);
      const body = (await res.json()) as Result;
      expect(body.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/amountAit (must be more than 0|must be a decimal|at most 1000)/) });
    }
    // The other amount a host call takes: wallet.send refuses zero and negative amounts the same way.
    for (const amountAit of ['0', '-1']) {
      const res = await callRest('wallet.send', { to: '0x' + '12'.repeat(20), amountAit });
      expect(res.status, `send ${amountAit}`).toBe(400);
      expect(((await res.json()) as Result).error?.code).toBe('INVALID_INPUT');
    }
    expect(await balance()).toBe(before);
    const ok = (await (await callRest('network.faucet', { amountAit: '5' })).json()) as Result;
    expect(ok.ok).toBe(true);
    expect(Number(await balance())).toBeCloseTo(Number(before) + 5, 6);
  });

  it('a web page or a rebinding Host cannot reach the ledger', async () => {
    const before = await balance();
    expect((await callRest('network.faucet', { amountAit: '7' }, { origin: 'https://evil.example' })).status).toBe(403);
    const r = await rawRequest(host.port, '/api/call/network.faucet', { ...auth, host: 'evil.example', 'content-type': 'application/json' }, 'POST', '{"amountAit":"7"}');
    expect(r.status).toBe(403);
    expect(await balance()).toBe(before);
  });

  it('unauthorized and forbidden calls are 401 and 403, not 500', async () => {
    const pass = 'correct horse battery';
    expect((await callRest('wallet.create', { passphrase: pass })).status).toBe(200);
    const again = await callRest('wallet.create', { passphrase: pass });
    expect(again.status).toBe(403);
    expect(((await again.json()) as Result).error?.code).toBe('FORBIDDEN');
    await callRest('wallet.lock', {});
    const wrong = await callRest('wallet.unlock', { passphrase: 'not the passphrase' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as Result).error?.code).toBe('UNAUTHORIZED');
  });

  it('with a wallet, the devnet faucet funds the wallet (who pays on v0.25) and the header shows its balance', async () => {
    expect((await callRest('wallet.unlock', { passphrase: 'correct horse battery' })).status).toBe(200);
    const out = async <T>(name: string) => ((await (await callRest(name, {})).json()) as { output: T }).output;
    const { address } = await out<{ address: string }>('wallet.status');
    const { coordinatorUrl } = await out<{ coordinatorUrl: string }>('network.status');
    const chain = async () => Number(((await (await fetch(`${coordinatorUrl}/rpc/account/${address}`)).json()) as { balance_ait: string }).balance_ait);
    expect((await callRest('network.faucet', { amountAit: '3' })).status).toBe(200);
    const funded = await chain();
    expect(funded).toBeGreaterThanOrEqual(3); // play money credited once when it first pays, plus the 3
    await expect.poll(async () => Number((await out<{ balanceAit: string | null }>('network.status')).balanceAit), { timeout: 20_000 }).toBeCloseTo(funded, 6);
    expect((await callRest('network.faucet', { amountAit: '2' })).status).toBe(200);
    expect(await chain()).toBeCloseTo(funded + 2, 6);
  });
});
