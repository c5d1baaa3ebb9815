import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobPaymentView } from '../../shared/contract/network';
import type { V025Payment } from '../aitbc/port';
import { openDatabase, type Db } from '../store/database';
import { paymentFromView } from './payment-book';
import { createPaymentStore } from './payment-store';

const LOCK = `0x${'1'.repeat(64)}`;
const RELEASE = `0x${'2'.repeat(64)}`;
const REFUND = `0x${'3'.repeat(64)}`;
const stored = (over: Partial<JobPaymentView> = {}): JobPaymentView => ({
  network: 'devnet', jobId: 'j1', requestId: 'r1', model: 'llama3.2:3b', wire: 'v025', state: 'awaiting_acceptance', amountAit: '0.05', feeAit: '0.0005',
  lockTx: LOCK, releaseTx: null, refundTx: null, reason: null, createdAtMs: 1, updatedAtMs: 1, checkedAtMs: null, ...over,
});
/** The coordinator's `GET /v1/jobs/{id}/payment` as v0.25 answers it. */
const view = (status: string, over: Partial<V025Payment> = {}): V025Payment => ({ job_id: 'j1', payment_id: 'p1', amount: '0.05', currency: 'AITBC', status, ...over }) as V025Payment;

describe('paymentFromView: the coordinator’s payment view as a stored payment', () => {
  it('maps every v0.25 status word to its state', () => {
    const states = ['escrowed', 'pending_acceptance', 'released', 'disputed', 'refunded', 'settlement_failed', 'skipped'].map((s) => paymentFromView(stored(), view(s))?.state);
    expect(states).toEqual(['locked', 'awaiting_acceptance', 'released', 'disputed', 'refunded', 'failed', 'failed']);
  });

  it('takes the release and refund transactions and the dispute reason; keeps the lock and the amount', () => {
    expect(paymentFromView(stored(), view('released', { release_tx_hash: RELEASE, lock_tx_hash: `0x${'9'.repeat(64)}` }))).toEqual({ wire: 'v025', state: 'released', amountAit: '0.05', feeAit: '0.0005', lockTx: LOCK, releaseTx: RELEASE, refundTx: null });
    expect(paymentFromView(stored({ state: 'locked' }), view('refunded', { refund_transaction_hash: REFUND }))).toMatchObject({ state: 'refunded', refundTx: REFUND, releaseTx: null });
    expect(paymentFromView(stored(), view('disputed', { dispute_reason: 'receipt altered' }))).toMatchObject({ state: 'disputed', reason: 'receipt altered' });
  });

  it('fills a lock the runtime did not learn from the view', () => {
    expect(paymentFromView(stored({ lockTx: null }), view('pending_acceptance', { lock_tx_hash: LOCK }))?.lockTx).toBe(LOCK);
  });

  it('c27c654: the release is the transaction hash that replaced the escrow’s', () => {
    const old = stored({ wire: 'c27c654', state: 'locked', feeAit: null });
    expect(paymentFromView(old, view('released', { transaction_hash: RELEASE }))).toMatchObject({ state: 'released', lockTx: LOCK, releaseTx: RELEASE });
    expect(paymentFromView(old, view('escrowed', { transaction_hash: LOCK }))).toMatchObject({ state: 'locked', releaseTx: null });
  });

  it('an unknown job or an unknown status word changes nothing (never guessed)', () => {
    expect(paymentFromView(stored(), null)).toBeNull();
    expect(paymentFromView(stored(), view('pending'))).toBeNull();
    expect(paymentFromView(stored(), view('something_new'))).toBeNull();
  });
});

describe('payment store', () => {
  let dir: string;
  let db: Db;
  const open = () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-payments-'));
    db = openDatabase(dir);
    return createPaymentStore(db);
  };
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const note = (payment: Partial<JobPaymentView> & Pick<JobPaymentView, 'state'>) => ({
    network: 'devnet', jobId: 'j1', requestId: 'r1', model: 'm',
    payment: { wire: 'v025' as const, amountAit: '0.05', feeAit: '0.0005', lockTx: LOCK, releaseTx: null, refundTx: null, ...payment, reason: payment.reason ?? undefined },
  });

  it('stores a payment as it moves, never forgetting a transaction, and says when something shown changed', () => {
    const s = open();
    expect(s.put(note({ state: 'locked' }), 10)).toBe(true);
    expect(s.put(note({ state: 'locked' }), 11)).toBe(false);
    expect(s.put(note({ state: 'released', lockTx: null, releaseTx: RELEASE }), 12)).toBe(true);
    expect(s.get('devnet', 'j1')).toMatchObject({ state: 'released', lockTx: LOCK, releaseTx: RELEASE, createdAtMs: 10, updatedAtMs: 12, checkedAtMs: null });
    expect(s.count(['released'])).toBe(1);
    expect(s.count(['locked', 'awaiting_acceptance'])).toBe(0);
  });

  it('a check with nothing new only stamps when it was asked; one with news updates the row', () => {
    const s = open();
    s.put(note({ state: 'awaiting_acceptance', reason: 'Not accepted yet' }), 10);
    expect(s.checked('devnet', 'j1', null, 20)).toBe(false);
    expect(s.get('devnet', 'j1')).toMatchObject({ state: 'awaiting_acceptance', checkedAtMs: 20, updatedAtMs: 10 });
    const same = paymentFromView(s.get('devnet', 'j1') as JobPaymentView, view('pending_acceptance'));
    expect(s.checked('devnet', 'j1', same, 25)).toBe(false);
    const released = paymentFromView(s.get('devnet', 'j1') as JobPaymentView, view('released', { release_tx_hash: RELEASE }));
    expect(s.checked('devnet', 'j1', released, 30)).toBe(true);
    expect(s.get('devnet', 'j1')).toMatchObject({ state: 'released', releaseTx: RELEASE, requestId: 'r1', model: 'm', checkedAtMs: 30, updatedAtMs: 30 });
    expect(s.checked('devnet', 'unknown', released, 30)).toBe(false);
  });

  it('lists by job ids, by state, or the newest; the same job id on two networks is two payments', () => {
    const s = open();
    s.put(note({ state: 'released' }), 1);
    s.put({ ...note({ state: 'disputed' }), network: 'https://hub.example' }, 2);
    s.put({ ...note({ state: 'locked' }), jobId: 'j2' }, 3);
    expect(s.list({ jobIds: ['j1'], limit: 10 }).map((p) => [p.network, p.state])).toEqual([['https://hub.example', 'disputed'], ['devnet', 'released']]);
    expect(s.list({ states: ['disputed'], limit: 10 }).map((p) => p.network)).toEqual(['https://hub.example']);
    expect(s.list({ limit: 2 }).map((p) => p.jobId)).toEqual(['j2', 'j1']);
    expect(s.list({ jobIds: [], limit: 10 })).toEqual([]);
    expect(s.count(['disputed'], 'devnet')).toBe(0);
  });
});
