import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { costOf } from '../../shared/domain/budget';
import { parseAmount } from '../../shared/domain/decimal';
import { openDatabase, type Db } from '../store/database';
import { createGroupCommit } from './group-commit';
import { createLedger } from './ledger';
import type { Ledger } from './ledger-types';
import { reconcile, resolveIssue, type PaymentSource, type RemotePayment } from './reconcile';

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

const source = (payments: RemotePayment[]): PaymentSource => ({ listPayments: async () => payments });
const scopes = [{ scope: 'agent:default', label: 'budget', periodKey: 'lifetime', limit: null, soft: null }];
function settled(jobId: string, amount: string) {
  const r = ledger.reserve({ requestId: jobId, agentId: 'default', model: 'm', minerId: null, payment: parseAmount(amount), fee: costOf(parseAmount(amount)).fee, scopes, ttlMs: 60_000 });
  if (!r.ok) throw new Error(r.message);
  ledger.settle(r.id, parseAmount(amount), { jobId });
}

describe('reconciliation', () => {
  it('a payment the coordinator has but the ledger missed is appended (settle + fee), once', async () => {
    settled('job-a', '0.5');
    const payments: RemotePayment[] = [
      { jobId: 'job-a', amountAit: '0.50000000', state: 'released', receiptId: 'rcpt-a' },
      { jobId: 'job-b', amountAit: 0.25, state: 'released', receiptId: 'rcpt-b' } as unknown as RemotePayment,
    ];
    const r = await reconcile(db, ledger, source(payments));
    expect(r).toMatchObject({ checked: 2, appended: 1, issues: [] });
    const b = ledger.entries().filter((e) => e.jobId === 'job-b');
    expect(b.map((e) => [e.kind, e.amount])).toEqual([['fee', '0.00625'], ['settle', '0.25']]);
    expect((await reconcile(db, ledger, source(payments))).appended).toBe(0); // no doubles
    expect(ledger.entries({ limit: 100 }).filter((e) => e.jobId === 'job-b')).toHaveLength(2);
    expect(ledger.verify()).toEqual([]);
  });

  it('a settle still queued for the next batch is committed before comparing, so it is not appended twice', async () => {
    const commits = createGroupCommit(ledger);
    const r = await commits.reserve({ requestId: 'job-q', agentId: 'default', model: 'm', minerId: null, payment: parseAmount('0.5'), fee: 0n, scopes, ttlMs: 60_000 });
    if (!r.ok) throw new Error(r.message);
    void commits.settle(r.id, parseAmount('0.5'), { jobId: 'job-q' }); // queued, not yet committed
    const report = await reconcile(db, ledger, source([{ jobId: 'job-q', amountAit: '0.5', state: 'released', receiptId: null }]), Date.now, () => commits.flush());
    expect(report).toMatchObject({ appended: 0, issues: [] });
    expect(ledger.entries({ limit: 100 }).filter((e) => e.kind === 'settle')).toHaveLength(1);
    expect(ledger.verify()).toEqual([]);
  });

  it('a payment only the ledger has is reported, not dropped; the person resolves it', async () => {
    settled('job-a', '0.5');
    settled('job-c', '0.1');
    const r = await reconcile(db, ledger, source([{ jobId: 'job-a', amountAit: '0.5', state: 'released', receiptId: null }]));
    expect(r.appended).toBe(0);
    expect(r.issues).toMatchObject([{ jobId: 'job-c', kind: 'unknown_to_coordinator', localAit: '0.1', status: 'open' }]);
    const entriesBefore = ledger.entries({ limit: 100 }).length;
    resolveIssue(db, ledger, r.issues[0]!.id, 'refund');
    const after = ledger.entries({ limit: 100 });
    expect(after.length).toBe(entriesBefore + 1);
    expect(after[0]).toMatchObject({ kind: 'refund', jobId: 'job-c', amount: '0.1025' });
    expect((await reconcile(db, ledger, source([{ jobId: 'job-a', amountAit: '0.5', state: 'released', receiptId: null }]))).issues).toEqual([]);
    expect(ledger.usage('agent:default', 'lifetime').spent).toBe(parseAmount('0.5') + parseAmount('0.0125'));
    expect(ledger.verify()).toEqual([]);
  });

  it('a refund the ledger missed is appended; an amount mismatch is reported', async () => {
    settled('job-r', '1');
    settled('job-m', '1');
    const r = await reconcile(db, ledger, source([
      { jobId: 'job-r', amountAit: '1', state: 'refunded', receiptId: null },
      { jobId: 'job-m', amountAit: '0.9', state: 'released', receiptId: null },
    ]));
    expect(r.appended).toBe(1);
    expect(r.issues).toMatchObject([{ jobId: 'job-m', kind: 'amount_mismatch', localAit: '1', remoteAit: '0.9' }]);
    expect(ledger.entries()[0]).toMatchObject({ kind: 'refund', jobId: 'job-r', amount: '1.025' });
    expect(ledger.verify()).toEqual([]);
  });
});
