import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { costOf } from '../../shared/domain/budget';
import { parseAmount, type Amount } from '../../shared/domain/decimal';
import { openDatabase, type Db } from '../store/database';
import { createGroupCommit } from './group-commit';
import { createLedger } from './ledger';
import type { Ledger } from './ledger-types';
import { reconcile, resolveIssue } from './reconcile';
import type { ChainLegs, EarningsBook, PaymentSource, RemotePayment } from './reconcile-types';

let dir: string;
let db: Db;
let ledger: Ledger;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-recon-'));
  db = openDatabase(dir);
  ledger = createLedger(db);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const legs = (state: string, amountAit: string, extra: Partial<ChainLegs> = {}): ChainLegs => ({ state, payee: '0xpayee', amountAit, releasedAit: state === 'released' ? amountAit : '0', refundedAit: state === 'refunded' ? amountAit : '0', lockTx: '0xlock', releaseTx: state === 'released' ? '0xrelease' : null, refundTx: state === 'refunded' ? '0xrefund' : null, ...extra });
/** A coordinator payment as the adapter reports it; the chain agrees unless told otherwise. */
const remote = (jobId: string, amountAit: string, state: RemotePayment['state'], extra: Partial<RemotePayment> = {}): RemotePayment => ({
  jobId, role: 'spend', amountAit, state, status: state, receiptId: null, changedAtMs: 0, lockTx: '0xlock', releaseTx: state === 'released' ? '0xrelease' : null, refundTx: null,
  chain: legs(state, amountAit), ...extra,
});
/** The coordinator knows exactly these payments; any other job asked about is a 404. */
const source = (payments: RemotePayment[]): PaymentSource & { asked: string[][] } => {
  const asked: string[][] = [];
  return {
    asked,
    connected: () => 'test',
    lookup: async (q) => {
      asked.push([...q.spend]);
      const all = new Map(payments.map((p) => [p.jobId, p]));
      return { network: 'test', payments: [...all.values()].filter((p) => !q.known?.has(p.jobId)), notFound: q.spend.filter((j) => !all.has(j)).map((jobId) => ({ jobId, role: 'spend' as const })), failed: [] };
    },
  };
};
const scopes = [{ scope: 'agent:default', label: 'budget', periodKey: 'lifetime', limit: null, soft: null }];
function settled(jobId: string, amount: string) {
  const r = ledger.reserve({ requestId: jobId, agentId: 'default', model: 'm', minerId: null, payment: parseAmount(amount), fee: costOf(parseAmount(amount)).fee, scopes, ttlMs: 60_000 });
  if (!r.ok) throw new Error(r.message);
  ledger.settle(r.id, parseAmount(amount), { jobId });
}

describe('reconciliation', () => {
  it('a payment the coordinator has but the ledger missed is appended (settle + fee), once, with its evidence', async () => {
    settled('job-a', '0.5');
    const payments = [remote('job-a', '0.50000000', 'released'), remote('job-b', '0.25', 'released')];
    const r = await reconcile(db, ledger, source(payments), { graceMs: 0 });
    expect(r).toMatchObject({ checked: 2, matched: 1, appended: 1, issues: [] });
    const b = ledger.entries().filter((e) => e.jobId === 'job-b');
    expect(b.map((e) => [e.kind, e.amount])).toEqual([['fee', '0.00625'], ['settle', '0.25']]);
    const again = await reconcile(db, ledger, source(payments), { graceMs: 0 });
    expect(again.appended).toBe(0); // no doubles
    expect(ledger.entries({ limit: 100 }).filter((e) => e.jobId === 'job-b')).toHaveLength(2);
    const appended = db.prepare<[], { kind: string; evidence: string }>("SELECT kind, evidence FROM reconcile_issues WHERE job_id = 'job-b'").get();
    expect(appended?.kind).toBe('missing_locally');
    expect(JSON.parse(appended?.evidence ?? '{}')).toMatchObject({ role: 'spend', coordinator: { status: 'released', amountAit: '0.25', releaseTx: '0xrelease' }, chain: { state: 'released', lockTx: '0xlock' }, ledger: [] });
    expect(ledger.verify()).toEqual([]);
  });

  it('a payment the coordinator closed a moment ago is left for the next run (its request may still book it)', async () => {
    const r = await reconcile(db, ledger, source([remote('job-new', '0.25', 'released', { changedAtMs: 1_000 })]), { now: () => 30_000, graceMs: 60_000 });
    expect(r).toMatchObject({ checked: 1, pending: 1, appended: 0 });
    expect(ledger.entries().filter((e) => e.jobId === 'job-new')).toEqual([]);
  });

  it('jobs that agree everywhere on a final state are not looked up again', async () => {
    settled('job-a', '0.5');
    settled('job-c', '0.1');
    const s = source([remote('job-a', '0.5', 'released'), remote('job-c', '0.1', 'escrowed')]);
    expect(await reconcile(db, ledger, s)).toMatchObject({ matched: 1, pending: 1 });
    expect(await reconcile(db, ledger, s)).toMatchObject({ checked: 2, matched: 1, pending: 1 }); // job-a still counts as matching
    expect(s.asked).toEqual([['job-a', 'job-c'], ['job-c']]);
  });

  it('a settle still queued for the next batch is committed before comparing, so it is not appended twice', async () => {
    const commits = createGroupCommit(ledger);
    const r = await commits.reserve({ requestId: 'job-q', agentId: 'default', model: 'm', minerId: null, payment: parseAmount('0.5'), fee: 0n, scopes, ttlMs: 60_000 });
    if (!r.ok) throw new Error(r.message);
    void commits.settle(r.id, parseAmount('0.5'), { jobId: 'job-q' }); // queued, not yet committed
    const report = await reconcile(db, ledger, source([remote('job-q', '0.5', 'released')]), { graceMs: 0, drain: () => commits.flush() });
    expect(report).toMatchObject({ appended: 0, issues: [] });
    expect(ledger.entries({ limit: 100 }).filter((e) => e.kind === 'settle')).toHaveLength(1);
    expect(ledger.verify()).toEqual([]);
  });

  it('a payment only the ledger has is reported, not dropped; the person resolves it', async () => {
    settled('job-a', '0.5');
    settled('job-c', '0.1');
    const s = source([remote('job-a', '0.5', 'released')]);
    const r = await reconcile(db, ledger, s);
    expect(r.appended).toBe(0);
    expect(r.issues).toMatchObject([{ jobId: 'job-c', kind: 'unknown_to_coordinator', localAit: '0.1', status: 'open', evidence: { coordinator: null, ledger: [{ kind: 'settle', amountAit: '0.1' }] } }]);
    const entriesBefore = ledger.entries({ limit: 100 }).length;
    resolveIssue(db, ledger, r.issues[0]!.id, 'refund');
    const after = ledger.entries({ limit: 100 });
    expect(after.length).toBe(entriesBefore + 1);
    expect(after[0]).toMatchObject({ kind: 'refund', jobId: 'job-c', amount: '0.1025' });
    expect((await reconcile(db, ledger, s)).issues).toEqual([]);
    expect(ledger.usage('agent:default', 'lifetime').spent).toBe(parseAmount('0.5') + parseAmount('0.0125'));
    expect(ledger.verify()).toEqual([]);
  });

  it('a refund the ledger missed is appended; an amount mismatch is reported', async () => {
    settled('job-r', '1');
    settled('job-m', '1');
    const r = await reconcile(db, ledger, source([remote('job-r', '1', 'refunded'), remote('job-m', '0.9', 'released')]), { graceMs: 0 });
    expect(r.appended).toBe(1);
    expect(r.issues).toMatchObject([{ jobId: 'job-m', kind: 'amount_mismatch', localAit: '1', remoteAit: '0.9' }]);
    expect(ledger.entries()[0]).toMatchObject({ kind: 'refund', jobId: 'job-r', amount: '1.025' });
    expect(ledger.verify()).toEqual([]);
  });

  it('a chain that contradicts the coordinator is reported with both sides, and nothing is appended on its word', async () => {
    settled('job-x', '0.2');
    settled('job-c27', '0.4');
    const r = await reconcile(db, ledger, source([
      remote('job-x', '0.2', 'released', { chain: legs('refunded', '0.2') }),
      remote('job-y', '0.3', 'released', { chain: null }),
      remote('job-z', '0.3', 'released', { chain: legs('released', '0.1') }),
      remote('job-c27', '0.4', 'released', { chain: legs('released', '0.41') }), // a c27c654 contract: payment × 1.025
    ]), { graceMs: 0 });
    expect(r).toMatchObject({ appended: 0, matched: 1 }); // job-c27 agrees
    expect(r.issues.map((i) => [i.jobId, i.kind])).toEqual([['job-z', 'chain_disagrees'], ['job-y', 'chain_disagrees'], ['job-x', 'chain_disagrees']]);
    expect(r.issues[2]?.evidence?.chain).toMatchObject({ state: 'refunded', refundTx: '0xrefund' });
    expect(r.issues[0]?.detail).toContain('the chain locked 0.1 AIT');
    expect(ledger.entries().filter((e) => e.jobId === 'job-y' || e.jobId === 'job-z')).toEqual([]);
  });

  it('earnings come through the same run: compared with the book that keeps them, appended when it lacks one', async () => {
    const booked = new Map<string, Amount>([['earn-1', parseAmount('0.4')]]);
    const book: EarningsBook = { jobIds: () => ['earn-1', 'earn-2', 'earn-3'], booked: (j) => booked.get(j) ?? null, appendMissing: (p) => void booked.set(p.jobId, parseAmount(p.amountAit)) };
    const earning = (jobId: string, amount: string) => remote(jobId, amount, 'released', { role: 'earning' });
    const r = await reconcile(db, ledger, source([earning('earn-1', '0.4'), earning('earn-2', '0.7'), earning('earn-3', '0.5')]), { earnings: book, graceMs: 0 });
    expect(r).toMatchObject({ checked: 3, matched: 1, appended: 2 });
    expect(booked.get('earn-2')).toBe(parseAmount('0.7'));
    booked.set('earn-3', parseAmount('0.1')); // the book now disagrees with the chain
    expect((await reconcile(db, ledger, source([earning('earn-3', '0.5')]), { earnings: book })).issues).toMatchObject([{ jobId: 'earn-3', kind: 'earning_mismatch', evidence: { role: 'earning' } }]);
    expect(ledger.entries()).toEqual([]); // earnings never touch the spend ledger
  });
});
