import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { parseAmount } from '../../shared/domain/decimal';
import type { DevnetWire } from '../devnet/port';
import { createAitbcClient } from '../aitbc/port';
import { createAitbcNetworkBackend } from '../network/aitbc-network-backend';
import type { ReceiptVerdict } from '../network/escrow-payment';
import { useDevnetWithOllama } from '../network/test-devnet';
import { verifyReceiptSignature } from '../proofs/receipt-signature';
import { openDatabase, type Db } from '../store/database';
import { createLedger } from '../wallet/ledger';
import { reconcile } from '../wallet/reconcile';
import { networkPaymentSource } from './network-payment-source';

// Reconciliation against the real devnet in both wires: the adapter reads the coordinator's payment view and the
// chain's escrow legs; a paid job the ledger booked matches, one it never booked (found in the coordinator's job
// list) is appended with its evidence, and one only the ledger has is reported.
const PAYEE = '0x00000000000000000000000000000000000a11ce';
const fastPoll = { baseMs: 30, factor: 1.5, maxMs: 200, jitter: 0.2 };
const scopes = [{ scope: 'agent:default', label: 'budget', periodKey: 'lifetime', limit: null, soft: null }];

describe.each(['v025', 'c27c654'] as DevnetWire[])('the network payment source on the %s wire', (wire) => {
  const env = useDevnetWithOllama({ wire, zk: false });
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-recon-src-'));
    db = openDatabase(dir);
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('matches a booked payment, appends one the ledger missed, reports one the coordinator never saw — with chain legs', async () => {
    const { h } = env;
    env.miner(`m-recon-${wire}`, '0.5', PAYEE);
    const account = privateKeyToAccount(generatePrivateKey());
    if (wire !== 'v025') h.devnet.ledger.credit(account.address, '100', 'test_fund');
    const client = createAitbcClient({ baseUrl: h.devnet.url, account, timeoutMs: 5_000 });
    const wallet = privateKeyToAccount(generatePrivateKey());
    h.devnet.ledger.credit(wallet.address, '10', 'test_fund');
    const verifyReceipt = async (r: unknown): Promise<ReceiptVerdict> => (verifyReceiptSignature(r as never, h.devnet.receiptPublicKey).valid ? { ok: true } : { ok: false, reason: 'bad signature' });
    const backend = createAitbcNetworkBackend({ client, intents: h.intents, network: `devnet-recon-${wire}`, poll: fastPoll, listStaleMs: 0, offersTtlMs: 0, signer: async () => wallet, verifyReceipt });
    await expect.poll(async () => (await backend.offers()).length, { timeout: 5_000 }).toBeGreaterThan(0);
    const run = (requestId: string) => backend.run({ requestId, model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], ttlSeconds: 60, paymentAmountAit: '0.05' }, { signal: new AbortController().signal });
    const booked = await run(`recon-booked-${wire}`);
    const missed = await run(`recon-missed-${wire}`); // paid on the network; this ledger never hears of it
    const ledger = createLedger(db);
    const r = ledger.reserve({ requestId: 'booked', agentId: 'default', model: 'm', minerId: null, payment: parseAmount('0.05'), fee: 0n, scopes, ttlMs: 60_000 });
    if (!r.ok) throw new Error(r.message);
    ledger.settle(r.id, parseAmount(booked.costAit ?? '0'), { jobId: booked.jobId });
    ledger.recordExternalSettle({ jobId: 'job-nobody-ran', receiptId: null, payment: parseAmount('0.02'), agentId: 'default', note: 'test' });

    const source = networkPaymentSource({ coordinator: () => ({ network: `devnet-${wire}`, client }) });
    expect(source.connected()).toBe(`devnet-${wire}`);
    const report = await reconcile(db, ledger, source, { graceMs: 0 });
    expect(report).toMatchObject({ network: `devnet-${wire}`, checked: 3, matched: 1, appended: 1, unchecked: 0 });
    const appended = ledger.entries({ limit: 50 }).find((e) => e.kind === 'settle' && e.jobId === missed.jobId);
    expect(appended?.amount).toBe(missed.costAit);
    const rows = db.prepare<[], { job_id: string; kind: string; status: string; evidence: string }>('SELECT job_id, kind, status, evidence FROM reconcile_issues ORDER BY id').all();
    expect(rows.map((x) => [x.job_id, x.kind, x.status])).toEqual([[missed.jobId, 'missing_locally', 'resolved'], ['job-nobody-ran', 'unknown_to_coordinator', 'open']]);
    const ev = JSON.parse(rows[0]?.evidence ?? '{}') as { coordinator: { status: string; amountAit: string }; chain: { state: string; payee: string; releaseTx: string | null; lockTx: string | null } };
    expect(ev.coordinator).toMatchObject({ status: 'released' });
    expect(parseAmount(ev.coordinator.amountAit)).toBe(parseAmount(missed.costAit ?? '0'));
    expect(ev.chain).toMatchObject({ state: 'released', payee: PAYEE });
    expect(ev.chain.releaseTx).toMatch(/^0x/);
    if (wire === 'v025') expect(ev.chain.lockTx).toBe(missed.payment?.lockTx);
    // a second run looks up only what is not settled on every side, and appends nothing again
    const again = await reconcile(db, ledger, source, { graceMs: 0 });
    expect(again).toMatchObject({ appended: 0, checked: 3, matched: 2 }); // the booked one agreed before: counted, not asked again
    expect(ledger.verify()).toEqual([]);

    // a chain URL that is no chain node (here a path the devnet does not serve): its 404s are not "no escrow"
    const db2 = openDatabase(path.join(dir, 'second'));
    const ledger2 = createLedger(db2);
    ledger2.recordExternalSettle({ jobId: booked.jobId, receiptId: null, payment: parseAmount(booked.costAit ?? '0'), agentId: 'default', note: 'test' });
    const noChain = createAitbcClient({ baseUrl: h.devnet.url, account, chainUrl: `${h.devnet.url}/not-a-chain`, timeoutMs: 5_000 });
    const blind = await reconcile(db2, ledger2, networkPaymentSource({ coordinator: () => ({ network: 'devnet', client: noChain }) }), { graceMs: 0 });
    expect(blind).toMatchObject({ matched: 1, appended: 1 });
    expect(blind.issues).toEqual([]);
    expect(db2.prepare<[], { evidence: string }>('SELECT evidence FROM reconcile_issues').all().map((x) => (JSON.parse(x.evidence) as { chain: unknown }).chain)).toEqual(['unavailable']);
    db2.close();
  });
});
