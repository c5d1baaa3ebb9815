import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AitbcError } from '../aitbc/port';
import { submitJobOnce } from './submit-job';
import { startDevnetHarness, type DevnetHarness } from './test-devnet';

let h: DevnetHarness;
beforeAll(async () => {
  h = await startDevnetHarness({ wire: 'c27c654' }); // c27c654 semantics: the server escrows at submit
});
afterAll(() => h.close());

/** A TCP proxy that forwards to the devnet but, once armed, hangs up on the client when the reply starts. */
async function startCuttingProxy(target: number) {
  let armed = false;
  let cuts = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    client.pipe(upstream);
    upstream.on('data', (chunk) => {
      if (armed) {
        armed = false;
        cuts++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    arm: () => (armed = true),
    cuts: () => cuts,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('no double submit', () => {
  it('a connection killed after the POST was sent leaves exactly one job, found again by reconciliation', async () => {
    const proxy = await startCuttingProxy(h.devnet.port);
    const client = await h.newClient('10', proxy.url);
    await client.login();
    const input = { payload: { type: 'inference', model: 'llama3.2:3b', prompt: 'once' }, constraints: { models: ['llama3.2:3b'] }, ttlSeconds: 600, paymentAmount: '1' };
    proxy.arm();
    const job = await submitJobOnce(client, h.intents, input, { network: 'dbl', requestId: 'req-once', listStaleMs: 200, reconcileEveryMs: 50 });
    expect(proxy.cuts()).toBe(1);
    const all = await client.listJobs({ limit: 100 });
    expect(all.filter((j) => j.payload?.clawgrid_request_id === 'req-once')).toHaveLength(1);
    expect(all[0]?.job_id).toBe(job.job_id);
    expect(h.intents.get('dbl', 'req-once')).toMatchObject({ state: 'created', jobId: job.job_id });
    // the same request id again (e.g. a retry by the engine) returns the same job, never a second one
    const again = await submitJobOnce(client, h.intents, input, { network: 'dbl', requestId: 'req-once' });
    expect(again.job_id).toBe(job.job_id);
    expect((await client.listJobs({ limit: 100 })).length).toBe(1);
    expect((await client.balance()).balance).toBe('9'); // charged once
    await proxy.close();
  });

  it('a refused connection is certain: the intent says not_created and nothing exists', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const client = await h.newClient('10', `http://127.0.0.1:${closedPort}`);
    const err = await submitJobOnce(client, h.intents, { payload: { type: 'inference' }, constraints: { models: ['m'] }, ttlSeconds: 10 }, { network: 'refused', requestId: 'r1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AitbcError);
    expect(h.intents.get('refused', 'r1')?.state).toBe('not_created');
  });
});

describe('rate limits', () => {
  it('429 carries Retry-After, and the client waits it out on safe calls', async () => {
    const limited = await startDevnetHarness({ rateLimits: 0.02, wire: 'c27c654' }); // every AITBC limit × 0.02
    try {
      const client = await limited.newClient('1');
      await client.login();
      // GET /v1/jobs: 200/min × 0.02 = 4 per minute
      for (let i = 0; i < 4; i++) await client.listJobs({}, { retry429: false });
      const err = await client.listJobs({}, { retry429: false }).catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 429, message: 'Rate limit exceeded', retryAfterMs: 60_000, shape: 'detail' });
      // with a retry budget shorter than Retry-After the client gives up instead of hanging
      await expect(client.listJobs({}, { retry429: true, maxRetryWaitMs: 10 })).rejects.toMatchObject({ status: 429 });
    } finally {
      await limited.close();
    }
  });
});

describe('bad input to the devnet → the real error shape and status, nothing changed', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${h.devnet.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

  it('malformed JSON, wrong types and huge bodies are refused; no job is created', async () => {
    const client = await h.newClient('5');
    const s = await client.login();
    const auth = { Authorization: `Bearer ${s.token}` };
    const before = (await client.listJobs()).length;
    const bad = await post('/v1/jobs', '{"payload": ', auth);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { code: 'VALIDATION_ERROR', status: 422 }, request_id: null });
    const wrong = await post('/v1/jobs', JSON.stringify({ payload: [], ttl_seconds: 'soon' }), auth);
    expect(wrong.status).toBe(422);
    const fields = ((await wrong.json()) as { error: { details: { field: string }[] } }).error.details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.payload', 'body.ttl_seconds']));
    const huge = await post('/v1/jobs', ' '.repeat(11 * 1024 * 1024), auth);
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ detail: 'Request entity too large' });
    expect((await client.listJobs()).length).toBe(before);
    expect((await client.balance()).balance).toBe('5');
  });

  it('bad signatures and bad tokens are 401 in the auth shapes', async () => {
    const addr = '0x' + '1'.repeat(40);
    const n = await (await post('/v1/auth/nonce', JSON.stringify({ wallet_address: addr }))).json();
    const r = await post('/v1/login', JSON.stringify({ wallet_address: addr, nonce: n.nonce, signature: '0x' + 'ab'.repeat(65) }));
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ detail: 'Invalid wallet signature' });
    // the nonce was burned by the failed login
    const again = await post('/v1/login', JSON.stringify({ wallet_address: addr, nonce: n.nonce, signature: '0x' + 'ab'.repeat(65) }));
    expect(await again.json()).toEqual({ detail: 'Invalid or expired nonce' });
    expect((await post('/v1/auth/nonce', JSON.stringify({ wallet_address: 'ait1xyz' }))).status).toBe(400);
    const tok = await fetch(`${h.devnet.url}/v1/jobs`, { headers: { Authorization: 'Bearer nope' } });
    expect([tok.status, await tok.json()]).toEqual([401, { detail: 'Invalid token' }]);
    const key = await post('/v1/miners/poll', '{}', { 'X-Api-Key': 'wrong', 'X-Miner-ID': 'x' });
    expect([key.status, await key.json()]).toEqual([401, { detail: 'Invalid API key' }]);
    const deny = await fetch(`${h.devnet.url}/metrics`);
    expect([deny.status, await deny.json()]).toEqual([403, { detail: 'Forbidden' }]);
  });

  it("a miner cannot complete another miner's job; the job is untouched", async () => {
    const client = await h.newClient('5');
    const job = await client.createJob({ payload: { type: 'inference', model: 'own:1b', prompt: 'x' }, constraints: { models: ['own:1b'] }, ttlSeconds: 600, paymentAmount: '1' });
    const hdr = (id: string) => ({ 'X-Api-Key': h.minerKey, 'X-Miner-ID': id });
    await post('/v1/miners/register', JSON.stringify({ capabilities: { models: ['own:1b'] } }), hdr('owner'));
    await post('/v1/miners/register', JSON.stringify({ capabilities: { models: [] } }), hdr('thief'));
    expect((await (await post('/v1/miners/poll', '{}', hdr('owner'))).json()).job_id).toBe(job.job_id);
    const steal = await post(`/v1/miners/${job.job_id}/result`, JSON.stringify({ result: { status: 'completed', output: 'mine' } }), hdr('thief'));
    expect(steal.status).toBe(403);
    const failSteal = await post(`/v1/miners/${job.job_id}/fail`, JSON.stringify({ error_code: 'x', error_message: 'y' }), hdr('thief'));
    expect(failSteal.status).toBe(403);
    expect(await client.getJob(job.job_id)).toMatchObject({ state: 'RUNNING', assigned_miner_id: 'owner', payment_status: 'escrowed' });
    // a client token on a miner route, and a miner key on a client route: 403/401
    const s = await client.login();
    expect((await post('/v1/miners/poll', '{}', { Authorization: `Bearer ${s.token}` })).status).toBe(403);
    expect((await fetch(`${h.devnet.url}/v1/jobs`, { headers: hdr('owner') })).status).toBe(403);
  });
});
