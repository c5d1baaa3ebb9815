import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { verifyReceiptSignature } from '../proofs/receipt-signature';
import { createOllamaBackend, createSimulatedBackend, type Miner, startMiner } from '../miner/port';
import { AitbcError } from '../aitbc/port';
import { createAitbcNetworkBackend } from './aitbc-network-backend';
import { startDevnetHarness, type DevnetHarness } from './test-devnet';

let h: DevnetHarness;
let ollama: FakeOllama;
const miners: Miner[] = [];
const fastPoll = { baseMs: 30, factor: 1.5, maxMs: 200, jitter: 0.2 };

beforeAll(async () => {
  h = await startDevnetHarness({ wire: 'c27c654' }); // the c27c654 coordinator: the server escrows on its own word
  ollama = await startFakeOllama({ loaded: ['llama3.2:3b'] });
});
afterEach(async () => {
  await Promise.all(miners.splice(0).map((m) => m.stop()));
});
afterAll(async () => {
  await h.close();
  await ollama.close();
});

const miner = (id: string, price: string, extra: Partial<Parameters<typeof startMiner>[0]> = {}) => {
  const m = startMiner({ coordinatorUrl: h.devnet.url, apiKey: h.minerKey, minerId: id, backend: createOllamaBackend({ url: ollama.url }), pricePer1kTokens: price, region: 'local', pollMs: 50, payoutAddress: `0x${id.padStart(40, '0').slice(-40).replace(/[^0-9a-f]/g, 'a')}`, ...extra });
  miners.push(m);
  return m;
};

describe('client ↔ devnet over real HTTP', () => {
  it('login → submit → a miner runs it → result → receipt verifies → escrow released → balances moved', async () => {
    const m = miner('m-fast', '0.5');
    const client = await h.newClient('100');
    const backend = createAitbcNetworkBackend({ client, intents: h.intents, network: 'devnet-test', poll: fastPoll, listStaleMs: 0, offersTtlMs: 0 });
    await expect.poll(async () => (await backend.offers()).length, { timeout: 5000 }).toBeGreaterThan(0);
    const offers = await backend.offers();
    expect(offers).toContainEqual(expect.objectContaining({ minerId: 'm-fast', model: 'llama3.2:3b', pricePer1kTokensAit: '0.5' }));

    let created = '';
    const res = await backend.run(
      { requestId: 'req-happy', model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], ttlSeconds: 60, paymentAmountAit: '2' },
      { signal: new AbortController().signal, onJobCreated: (id) => (created = id) },
    );
    expect(res.jobId).toBe(created);
    expect(res.output).toContain('Hello from llama3.2:3b');
    expect(res.minerId).toBe('m-fast');
    expect(res.promptTokens + res.evalTokens).toBeGreaterThan(0);
    const check = verifyReceiptSignature(res.receipt as never, h.devnet.receiptPublicKey);
    expect(check).toEqual({ valid: true, keyId: expect.any(String) });

    // escrow: 2 AIT locked at submit, price (tokens/1000 × 0.5) released to the miner, the rest back to the buyer
    const payment = await client.getPayment(res.jobId);
    expect(payment?.status).toBe('released');
    expect(res.costAit).not.toBeNull();
    const miner0 = h.devnet.ledger.balance(`0x${'m-fast'.padStart(40, '0').slice(-40).replace(/[^0-9a-f]/g, 'a')}`);
    expect(miner0).toBe(res.costAit);
    const bal = await client.balance();
    expect(Number(bal.balance)).toBeCloseTo(100 - Number(res.costAit), 6);
    expect(m.stats().completed).toBe(1);
  });

  it('result answers 425 before the job finishes, and the job is cancelable with a refund', async () => {
    const client = await h.newClient('10');
    const job = await client.createJob({ payload: { type: 'inference', model: 'llama3.2:3b', prompt: 'x' }, constraints: { models: ['llama3.2:3b'] }, ttlSeconds: 60, paymentAmount: '3' });
    expect(job.state).toBe('QUEUED');
    expect(job.payment_status).toBe('escrowed');
    expect((await client.balance()).balance).toBe('7');
    expect(await client.getResult(job.job_id)).toBeNull(); // 425
    const canceled = await client.cancelJob(job.job_id);
    expect(canceled).toMatchObject({ state: 'CANCELED', error: 'canceled by client', payment_status: 'refunded' });
    expect((await client.balance()).balance).toBe('10');
    await expect(client.cancelJob(job.job_id)).rejects.toMatchObject({ status: 409, message: 'job not cancelable', shape: 'detail' });
  });

  it('a job nobody can run expires, refunds, and the backend says no_miner', async () => {
    const client = await h.newClient('10');
    const backend = createAitbcNetworkBackend({ client, intents: h.intents, network: 'devnet-test', poll: fastPoll, listStaleMs: 0 });
    await expect(backend.run({ requestId: 'req-expire', model: 'nobody:1b', prompt: 'x', ttlSeconds: 1, paymentAmountAit: '1' }, { signal: new AbortController().signal })).rejects.toMatchObject({ code: 'no_miner' });
    expect((await client.balance()).balance).toBe('10');
  });

  it('a miner failure ends FAILED with the error, and the escrow is refunded', async () => {
    miner('m-fail', '0.1', { backend: { kind: 'ollama', models: async () => ['broken:1b'], run: async () => { throw new Error('GPU fell off'); } } });
    const client = await h.newClient('10');
    const backend = createAitbcNetworkBackend({ client, intents: h.intents, network: 'devnet-test', poll: fastPoll, listStaleMs: 0 });
    const err = await backend.run({ requestId: 'req-fail', model: 'broken:1b', prompt: 'x', ttlSeconds: 30, paymentAmountAit: '1' }, { signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'failed', message: 'GPU fell off' });
    expect((await client.balance()).balance).toBe('10');
  });

  it('a dead miner is marked offline and its job re-queued for another miner', async () => {
    const client = await h.newClient('10');
    const job = await client.createJob({ payload: { type: 'inference', model: 'llama3.2:3b', prompt: 'x' }, constraints: { models: ['llama3.2:3b'], region: 'requeue' }, ttlSeconds: 600 });
    // a miner claims it and goes silent
    const hdr = { 'X-Api-Key': h.minerKey, 'X-Miner-ID': 'm-dead', 'Content-Type': 'application/json' };
    await fetch(`${h.devnet.url}/v1/miners/register`, { method: 'POST', headers: hdr, body: JSON.stringify({ capabilities: { models: ['llama3.2:3b'] }, region: 'requeue' }) });
    const polled = await (await fetch(`${h.devnet.url}/v1/miners/poll`, { method: 'POST', headers: hdr, body: '{}' })).json();
    expect(polled.job_id).toBe(job.job_id);
    expect((await client.getJob(job.job_id)).state).toBe('RUNNING');
    h.devnet.sweep(Date.now() + 60_000);
    expect(await client.getJob(job.job_id)).toMatchObject({ state: 'QUEUED', assigned_miner_id: null });
    // the dead miner's late result is refused; a live one completes it
    const late = await fetch(`${h.devnet.url}/v1/miners/${job.job_id}/result`, { method: 'POST', headers: hdr, body: JSON.stringify({ result: { output: 'late' } }) });
    expect(late.status).toBe(403);
    miner('m-alive', '0.1', { region: 'requeue' });
    await expect.poll(async () => (await client.getJob(job.job_id)).state, { timeout: 5000 }).toBe('COMPLETED');
    expect((await client.getJob(job.job_id)).assigned_miner_id).toBe('m-alive');
  });

  it('aborting a run cancels the job on the network', async () => {
    const client = await h.newClient('10');
    const backend = createAitbcNetworkBackend({ client, intents: h.intents, network: 'devnet-test', poll: fastPoll, listStaleMs: 0 });
    const ac = new AbortController();
    let jobId = '';
    const p = backend.run({ requestId: 'req-abort', model: 'nobody:1b', prompt: 'x', ttlSeconds: 60, paymentAmountAit: '1' }, { signal: ac.signal, onJobCreated: (id) => { jobId = id; ac.abort(); } });
    await expect(p).rejects.toMatchObject({ code: 'canceled' });
    expect((await client.getJob(jobId)).state).toBe('CANCELED');
    expect((await client.balance()).balance).toBe('10');
  });

  it('simulated devnet backend answers when there is no Ollama, labelled as simulated', async () => {
    miner('m-sim', '0.01', { backend: createSimulatedBackend({ models: ['sim:1b'] }) });
    const client = await h.newClient('10');
    const backend = createAitbcNetworkBackend({ client, intents: h.intents, network: 'devnet-test', poll: fastPoll, listStaleMs: 0 });
    const res = await backend.run({ requestId: 'req-sim', model: 'sim:1b', prompt: 'ping', ttlSeconds: 30 }, { signal: new AbortController().signal });
    expect(res.output).toMatch(/^\[DEVNET SIMULATED INFERENCE — no model ran\] echo: ping/);
  });

  it('re-logs in after the token is rejected (401)', async () => {
    const client = await h.newClient('1');
    await client.login();
    const s = await client.session.token();
    // corrupt the cached token: the next call gets 401 Invalid token and logs in again
    (s as { token: string }).token = `${s.token}x`;
    await expect(client.listJobs()).resolves.toEqual([]);
  });

  it('errors: a detail-shaped 404, a 401 and the 422 envelope', async () => {
    const client = await h.newClient('1');
    await expect(client.getJob('0'.repeat(32))).rejects.toMatchObject({ status: 404, message: 'job not found', shape: 'detail' });
    const anon = await fetch(`${h.devnet.url}/v1/jobs`);
    expect(anon.status).toBe(401);
    expect(await anon.json()).toEqual({ detail: 'Authentication required' });
    const e = await client.createJob({ payload: 'nope' as unknown as Record<string, unknown>, constraints: { models: ['x'] }, ttlSeconds: 1 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AitbcError);
    expect(e).toMatchObject({ status: 422, code: 'VALIDATION_ERROR', shape: 'envelope' });
  });
});
