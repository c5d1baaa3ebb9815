import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { networkCalls, networkEvents } from '../../shared/contract/network';
import type { EventBatch } from '../../shared/contract/events';
import { startFakeOllama, type FakeOllama } from '../../../test-support/fake-ollama/fake-ollama';
import { createEventHub } from '../events/event-hub';
import { createLogger } from '../log/logger';
import { createOllamaBackend, type Miner, startMiner } from '../miner/port';
import { verifyReceiptSignature } from '../proofs/receipt-signature';
import type { AitbcClient } from '../aitbc/port';
import { createAitbcNetworkBackend } from './aitbc-network-backend';
import type { ReceiptVerdict } from './escrow-payment';
import { createPaymentBook, type PaymentBook } from './payment-book';
import { startDevnetHarness, type DevnetHarness } from './test-devnet';

// #13 item 4's data path on the v0.25 devnet: the network runtime notes every payment in the payment book; a paid
// job is stored released with its lock and release transactions, a rejected receipt is stored disputed, a job left in
// its acceptance window is refreshed to released from the coordinator once the window ends — each read back through
// the `network.payments` contract, with the `network.payments` event announcing the change.
const fastPoll = { baseMs: 30, factor: 1.5, maxMs: 200, jitter: 0.2 };
const PAYEE = '0x00000000000000000000000000000000000beef2';
const NETWORK = 'devnet-payments';

describe('network job payments, stored and kept current (v0.25 devnet)', () => {
  let h: DevnetHarness;
  let ollama: FakeOllama;
  let miner: Miner;
  let client: AitbcClient;
  let book: PaymentBook;
  const batches: EventBatch[] = [];
  const hub = createEventHub({ tickMs: 5 });
  hub.subscribe((b) => batches.push(b));

  beforeAll(async () => {
    // a 60 s acceptance window for jobs that are not accepted at once (the sweeper is driven by hand below)
    h = await startDevnetHarness({ wire: 'v025', zk: false, acceptanceWindowS: 60 });
    ollama = await startFakeOllama({ loaded: ['llama3.2:3b'] });
    miner = startMiner({ coordinatorUrl: h.devnet.url, apiKey: h.minerKey, minerId: 'm-pay', backend: createOllamaBackend({ url: ollama.url }), pricePer1kTokens: '0.01', region: 'eu', pollMs: 50, payoutAddress: PAYEE });
    client = await h.newClient('0');
    book = createPaymentBook({ db: h.appDb, hub, log: createLogger({ level: 'error' }), active: () => ({ network: NETWORK, client }), refreshMs: 60_000 });
  });
  afterAll(async () => {
    book.stop();
    await miner.stop();
    await h.close();
    await ollama.close();
  });

  /** The verdict the app gives a devnet receipt: its signature against the devnet's key. */
  const bySignature = async (r: unknown): Promise<ReceiptVerdict> => {
    const c = verifyReceiptSignature(r as never, h.devnet.receiptPublicKey);
    return c.valid ? { ok: true } : { ok: false, reason: c.reason };
  };
  /** A backend that pays from a freshly funded wallet and notes every payment in the book. */
  const backendWith = async (verifyReceipt: (r: unknown) => Promise<ReceiptVerdict>) => {
    const buyer = privateKeyToAccount(generatePrivateKey());
    h.devnet.ledger.credit(buyer.address, '10', 'test_fund');
    const backend = createAitbcNetworkBackend({ client, intents: h.intents, network: NETWORK, poll: fastPoll, listStaleMs: 0, offersTtlMs: 0, signer: async () => buyer, verifyReceipt, onPayment: (n) => book.note(n) });
    await expect.poll(async () => (await backend.offers()).length, { timeout: 5000 }).toBeGreaterThan(0);
    return backend;
  };
  const run = (backend: Awaited<ReturnType<typeof backendWith>>, requestId: string) =>
    backend.run({ requestId, model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], ttlSeconds: 60, paymentAmountAit: '0.05' }, { signal: new AbortController().signal });
  /** What the renderer gets: the handler's answer as the contract validates it. */
  const viaContract = async (input: unknown) => networkCalls['network.payments'].output.parse(await book.answer(networkCalls['network.payments'].input.parse(input))).payments;
  const lastEvent = () => {
    hub.flush();
    const e = [...batches].reverse().find((b) => b['network.payments']);
    return e ? networkEvents['network.payments'].parse(e['network.payments']) : null;
  };

  it('a paid job is stored released, with its lock and release transactions and the amount the chain moved', async () => {
    const res = await run(await backendWith(bySignature), 'pay-released');
    const [stored] = await viaContract({ jobIds: [res.jobId] });
    expect(stored).toMatchObject({ network: NETWORK, jobId: res.jobId, requestId: 'pay-released', model: 'llama3.2:3b', wire: 'v025', state: 'released', amountAit: res.payment?.amountAit, reason: null });
    expect(stored?.lockTx).toMatch(/^0x[0-9a-f]{64}$/);
    expect(stored?.releaseTx).toMatch(/^0x[0-9a-f]{64}$/);
    expect(stored?.releaseTx).not.toBe(stored?.lockTx);
    expect(stored?.lockTx).toBe(res.payment?.lockTx);
    // the chain's own record agrees with what is stored
    const seen = await client.v025.payment(res.jobId);
    expect({ lock: seen?.lock_tx_hash, release: seen?.release_tx_hash }).toEqual({ lock: stored?.lockTx, release: stored?.releaseTx });
  });

  it('a receipt that fails verification ends disputed, with the reason, and counts in the event', async () => {
    const err = await run(await backendWith(async () => ({ ok: false, reason: 'signature does not match the pinned key' })), 'pay-disputed').catch((e: unknown) => e);
    const jobId = (err as { jobId: string }).jobId;
    expect(jobId).toMatch(/\S/);
    const [stored] = await viaContract({ jobIds: [jobId] });
    expect(stored).toMatchObject({ state: 'disputed', releaseTx: null, reason: expect.stringContaining('signature does not match the pinned key') });
    expect(stored?.lockTx).toMatch(/^0x/);
    expect((await viaContract({ states: ['disputed'] })).map((p) => p.jobId)).toContain(jobId);
    expect(lastEvent()?.disputed).toBe(1);
    // asking the coordinator again changes nothing: a dispute waits for the network's operator
    expect((await viaContract({ jobIds: [jobId], refresh: true }))[0]?.state).toBe('disputed');
  });

  it('a job left awaiting acceptance is refreshed to released when its window ends', async () => {
    const res = await run(await backendWith(async () => ({ ok: null, reason: 'no receipt key is pinned for this network' })), 'pay-window');
    expect(res.payment?.state).toBe('awaiting_acceptance');
    const [open] = await viaContract({ jobIds: [res.jobId] });
    expect(open).toMatchObject({ state: 'awaiting_acceptance', releaseTx: null, checkedAtMs: null, reason: expect.stringContaining('Not accepted yet') });
    hub.flush();
    batches.length = 0;
    // before the window ends the coordinator says the same: stored as asked, no event
    await book.refresh();
    expect((await viaContract({ jobIds: [res.jobId] }))[0]).toMatchObject({ state: 'awaiting_acceptance', checkedAtMs: expect.any(Number) });
    expect(lastEvent()).toBeNull();
    h.devnet.sweep(Date.now() + 61_000);
    // ClawGrid restarted meanwhile: a new book on the same database finds the open payment and its timer asks again
    const restarted = createPaymentBook({ db: h.appDb, hub, log: createLogger({ level: 'error' }), active: () => ({ network: NETWORK, client }), refreshMs: 50 });
    restarted.start();
    try {
      await expect.poll(() => restarted.store.get(NETWORK, res.jobId)?.state, { timeout: 5000 }).toBe('released');
    } finally {
      restarted.stop();
    }
    const [after] = await viaContract({ jobIds: [res.jobId] });
    expect(after).toMatchObject({ state: 'released', lockTx: open?.lockTx, releaseTx: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    expect(lastEvent()).not.toBeNull();
  });
});

describe('on the c27c654 wire (the coordinator escrows by itself)', () => {
  let h: DevnetHarness;
  let ollama: FakeOllama;
  let miner: Miner;
  beforeAll(async () => {
    h = await startDevnetHarness({ wire: 'c27c654', zk: false });
    ollama = await startFakeOllama({ loaded: ['llama3.2:3b'] });
    miner = startMiner({ coordinatorUrl: h.devnet.url, apiKey: h.minerKey, minerId: 'm-old', backend: createOllamaBackend({ url: ollama.url }), pricePer1kTokens: '0.01', region: 'eu', pollMs: 50, payoutAddress: PAYEE });
  });
  afterAll(async () => {
    await miner.stop();
    await h.close();
    await ollama.close();
  });

  it('a paid job is stored released; its release transaction is read from the payment view', async () => {
    const client = await h.newClient('10');
    const book = createPaymentBook({ db: h.appDb, hub: createEventHub(), log: createLogger({ level: 'error' }), active: () => ({ network: 'old', client }) });
    const backend = createAitbcNetworkBackend({ client, intents: h.intents, network: 'old', poll: fastPoll, listStaleMs: 0, offersTtlMs: 0, onPayment: (n) => book.note(n) });
    await expect.poll(async () => (await backend.offers()).length, { timeout: 5000 }).toBeGreaterThan(0);
    const res = await backend.run({ requestId: 'old-paid', model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], ttlSeconds: 60, paymentAmountAit: '0.05' }, { signal: new AbortController().signal });
    expect(res.payment).toMatchObject({ wire: 'c27c654', state: 'released' });
    await expect.poll(() => book.store.get('old', res.jobId)?.releaseTx ?? null, { timeout: 5000 }).toMatch(/^0x/);
    const stored = book.store.get('old', res.jobId);
    expect(stored).toMatchObject({ wire: 'c27c654', state: 'released', feeAit: null, lockTx: res.payment?.lockTx });
    expect(stored?.lockTx).toMatch(/^0x/);
    expect(stored?.releaseTx).not.toBe(stored?.lockTx);
    expect((await client.getPayment(res.jobId))?.transaction_hash).toBe(stored?.releaseTx);
    book.stop();
  });
});
