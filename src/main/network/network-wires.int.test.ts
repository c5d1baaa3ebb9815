import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { parseAmount } from '../../shared/domain/decimal';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { verifyReceiptSignature } from '../proofs/receipt-signature';
import { createOllamaBackend, type Miner, startMiner } from '../miner/port';
import type { DevnetWire } from '../devnet/port';
import { createChainClient } from '../wallet/chain-client';
import { createAitbcNetworkBackend } from './aitbc-network-backend';
import type { ReceiptVerdict } from './escrow-payment';
import { startDevnetHarness, type DevnetHarness } from './test-devnet';

// A paid job through ClawGrid's NetworkBackend against the devnet in both wires: the wallet signs (v0.25),
// the coordinator escrows, the miner runs it, the receipt is verified before acceptance, the escrow is released,
// and the chain's balances move by exactly the figure the ledger is given.
const fastPoll = { baseMs: 30, factor: 1.5, maxMs: 200, jitter: 0.2 };
const PAYEE = '0x00000000000000000000000000000000000beef1';

describe.each(['v025', 'c27c654'] as DevnetWire[])('paid network jobs on the %s wire', (wire) => {
  let h: DevnetHarness;
  let ollama: FakeOllama;
  const miners: Miner[] = [];
  beforeAll(async () => {
    h = await startDevnetHarness({ wire, zk: false });
    ollama = await startFakeOllama({ loaded: ['llama3.2:3b'] });
    miners.push(startMiner({ coordinatorUrl: h.devnet.url, apiKey: h.minerKey, minerId: `m-${wire}`, backend: createOllamaBackend({ url: ollama.url }), pricePer1kTokens: '0.01', region: 'eu', pollMs: 50, payoutAddress: PAYEE }));
  });
  afterAll(async () => {
    await Promise.all(miners.map((m) => m.stop()));
    await h.close();
    await ollama.close();
  });

  const setup = async (verdict: ReceiptVerdict | 'signature' = 'signature') => {
    const client = await h.newClient('0'); // the login key holds nothing: the wallet pays
    const wallet = privateKeyToAccount(generatePrivateKey());
    h.devnet.ledger.credit(wallet.address, '10', 'test_fund');
    const verifyReceipt = async (r: unknown): Promise<ReceiptVerdict> => {
      if (verdict !== 'signature') return verdict;
      const c = verifyReceiptSignature(r as never, h.devnet.receiptPublicKey);
      return c.valid ? { ok: true } : { ok: false, reason: c.reason };
    };
    const backend = createAitbcNetworkBackend({ client, intents: h.intents, network: `devnet-${wire}`, poll: fastPoll, listStaleMs: 0, offersTtlMs: 0, signer: async () => wallet, verifyReceipt });
    await expect.poll(async () => (await backend.offers()).length, { timeout: 5000 }).toBeGreaterThan(0);
    return { client, wallet, backend };
  };
  const run = (backend: ReturnType<typeof createAitbcNetworkBackend>, requestId: string, paymentAmountAit: string) =>
    backend.run({ requestId, model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], ttlSeconds: 60, paymentAmountAit }, { signal: new AbortController().signal });

  it('the chain serves its unit scale', async () => {
    const health = (await (await fetch(`${h.devnet.url}/health`)).json()) as { units_per_ait: string; proposer_id: string };
    expect(health.units_per_ait).toBe(wire === 'v025' ? '36000000' : '3600');
    expect(h.devnet.unitsPerAit).toBe(wire === 'v025' ? 36_000_000n : 3_600n);
    expect(health.proposer_id).toMatch(/^0x[0-9a-f]{40}$/);
    // the wallet's chain client reads the same scale (its balances and sends would be 10,000× off otherwise)
    expect(await createChainClient(h.devnet.url).unitsPerAit()).toBe(h.devnet.unitsPerAit);
  });

  it('a paid job: escrowed, run, receipt verified, released — buyer down and payee up by the ledger figure', async () => {
    const { wallet, backend } = await setup();
    const buyerBefore = parseAmount(h.devnet.ledger.balance(wallet.address));
    const payeeBefore = parseAmount(h.devnet.ledger.balance(PAYEE));
    const res = await run(backend, `paid-${wire}`, '0.05');
    expect(res.output).toContain('Hello from llama3.2:3b');
    expect(res.payment).toMatchObject({ wire, state: 'released', lockTx: expect.stringMatching(/^0x/) });
    const amount = parseAmount(res.payment?.amountAit ?? '0');
    expect(res.costAit).toBe(res.payment?.amountAit); // what the ledger books = what the chain moved into escrow
    expect(amount).toBeGreaterThan(0n);
    expect(amount).toBeLessThanOrEqual(parseAmount('0.05'));
    const fee = parseAmount(res.payment?.feeAit ?? '0');
    if (wire === 'v025') {
      expect(fee).toBeGreaterThan(0n); // max(36, units // 100) units, paid by the buyer on top
      expect(res.payment?.releaseTx).toMatch(/^0x/);
    }
    expect(buyerBefore - parseAmount(h.devnet.ledger.balance(wallet.address))).toBe(amount + fee);
    expect(parseAmount(h.devnet.ledger.balance(PAYEE)) - payeeBefore).toBe(amount);
  });

  it('a payment under the 0.01 AIT minimum is refused at once: clean error, job canceled, nothing moved', async () => {
    const { client, wallet, backend } = await setup();
    const before = h.devnet.ledger.balance(wallet.address);
    const err = await run(backend, `small-${wire}`, '0.005').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'rejected', message: expect.stringContaining('at least 0.01 AIT') });
    const jobId = (err as { jobId: string }).jobId;
    expect((await client.getJob(jobId)).state).toBe('CANCELED');
    expect(h.devnet.ledger.balance(wallet.address)).toBe(before);
  });

  it.runIf(wire === 'v025')('a receipt that fails verification is rejected: disputed, the miner not paid', async () => {
    const { client, backend } = await setup({ ok: false, reason: 'signature does not match the pinned key' });
    const payeeBefore = h.devnet.ledger.balance(PAYEE);
    const err = await run(backend, 'bad-receipt', '0.05').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'failed', payment: { state: 'disputed', reason: expect.stringContaining('failed verification') } });
    const jobId = (err as { jobId: string }).jobId;
    expect((await client.getJob(jobId)).payment_status).toBe('disputed');
    expect(h.devnet.ledger.balance(PAYEE)).toBe(payeeBefore);
    // accepting a disputed payment is refused by the coordinator
    await expect(client.v025.accept(jobId)).rejects.toMatchObject({ status: 409 });
  });

  it.runIf(wire === 'v025')('an unsigned priced job waits unpaid and is never dispatched; a wrong key cannot lock it', async () => {
    const { client, wallet } = await setup();
    const job = await client.createJob({ payload: { type: 'inference', model: 'llama3.2:3b', prompt: 'x' }, constraints: { models: ['llama3.2:3b'] }, ttlSeconds: 60, paymentAmount: '0.05', buyerAddress: wallet.address, providerAddress: PAYEE });
    expect(job).toMatchObject({ state: 'QUEUED', payment_id: null, payment_amount: '0.05', node_wallet_address: expect.stringMatching(/^0x/) });
    const other = privateKeyToAccount(generatePrivateKey());
    const sig = await other.sign({ hash: `0x${'11'.repeat(32)}` });
    await expect(client.v025.createPayment({ job_id: job.job_id, amount: '0.05', currency: 'AITBC', payment_method: 'aitbc_token', buyer_address: wallet.address, provider_address: PAYEE, buyer_lock_signature: sig, buyer_lock_nonce: 0, buyer_lock_fee: 18000, escrow_timeout_seconds: 3600 })).rejects.toMatchObject({ status: 400 });
    expect((await client.getJob(job.job_id)).payment_status).toBe('skipped');
    // the matching miner asks for work: the unpaid job is not handed out
    const row = h.devnet.db.prepare('SELECT * FROM miners WHERE miner_id = ?').get(`m-${wire}`) as Parameters<typeof h.devnet.jobs.claim>[0];
    expect(h.devnet.jobs.claim(row)).toBeNull();
    expect((await client.getJob(job.job_id)).state).toBe('QUEUED');
  });

  it.runIf(wire === 'v025')('a miner silent for 300 s is reaped (the clock is the devnet\'s)', async () => {
    const list = async () => (await (await fetch(`${h.devnet.url}/v1/marketplace/gpu/list`)).json()) as { miner_id: string; status: string }[];
    expect((await list()).find((m) => m.miner_id === `m-${wire}`)?.status).toBe('available');
    h.devnet.sweep(Date.now() + 299_000);
    expect(h.devnet.db.prepare("SELECT status FROM miners WHERE miner_id = ?").get(`m-${wire}`)).toEqual({ status: 'ONLINE' });
    h.devnet.sweep(Date.now() + 301_000);
    expect(h.devnet.db.prepare("SELECT status, inflight FROM miners WHERE miner_id = ?").get(`m-${wire}`)).toEqual({ status: 'OFFLINE', inflight: 0 });
  });
});
