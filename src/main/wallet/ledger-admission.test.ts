import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { AdmissionRequest } from '../routing/admission';
import { openDatabase, type Db } from '../store/database';
import { createApprovals, type Approvals } from './approvals';
import { createGroupCommit, type GroupCommit } from './group-commit';
import { createLedger } from './ledger';
import { createLedgerAdmission } from './ledger-admission';
import type { Ledger } from './ledger-types';
import { createSpendPolicies, defaultSpendPolicy, type SpendPolicies } from './spend-policies';

let dir: string;
let db: Db;
let ledger: Ledger;
let commits: GroupCommit;
let policies: SpendPolicies;
let approvals: Approvals;
let clock: number;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-ledger-'));
  db = openDatabase(dir);
  clock = Date.parse('2026-03-28T12:00:00Z');
  ledger = createLedger(db, { now: () => clock });
  commits = createGroupCommit(ledger);
  policies = createSpendPolicies(db, { timeZone: 'Europe/Berlin' });
  approvals = createApprovals(db, { now: () => clock });
});
afterEach(async () => {
  approvals.close();
  await new Promise((r) => setImmediate(r));
  await commits.flush();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const admission = () => createLedgerAdmission({ ledger, commits, policies, approvals, now: () => clock });
let n = 0;
// 1000 tokens at 0.01 AIT/1k → payment 0.01 + fee 0.00025 = 0.01025 AIT worst case.
const req = (over: Partial<AdmissionRequest> = {}): AdmissionRequest => ({
  requestId: `r${n++}`,
  agentId: 'default',
  model: 'llama3.1:70b',
  minerId: 'miner-1',
  pricePer1kTokensAit: '0.01',
  maxTokens: 1000,
  ...over,
});
/** The reservation is committed in the next batch, then the card is shown: wait for it. */
const askedFor = (count: number) => vi.waitFor(() => expect(approvals.pending()).toHaveLength(count), { timeout: 2000, interval: 1 });
const noSignal = () => new AbortController().signal;
const setPolicy = (over: Partial<ReturnType<typeof defaultSpendPolicy>>) =>
  policies.set('default', { ...defaultSpendPolicy('Europe/Berlin'), approvalThresholdAit: null, ...over });

describe('ledger admission', () => {
  it('1,000 concurrent paid requests against a budget for 100 → exactly 100 admitted, all closed, spent ≤ limit', async () => {
    setPolicy({ hardLimitAit: '1.025', softLimitAit: null });
    const a = admission();
    const decisions = await Promise.all(Array.from({ length: 1000 }, () => a.admit(req(), noSignal())));
    const admitted = decisions.filter((d) => d.ok);
    expect(admitted).toHaveLength(100);
    const refused = decisions.find((d) => !d.ok);
    expect(refused).toMatchObject({ ok: false, code: 'budget_exhausted' });
    expect(a.headroomAit('default')).toBe('0');
    admitted.forEach((d, i) => {
      if (!d.ok) return;
      if (i % 3 === 0) d.reservation.release('miner failed');
      else d.reservation.settle(i % 3 === 1 ? '0.004' : '0.01', { jobId: `job${i}` });
    });
    expect(ledger.held()).toHaveLength(100); // settle/release are queued into the next batch…
    await commits.flush(); // …and committed there
    expect(ledger.held()).toHaveLength(0);
    const { periodKey } = { periodKey: 'daily:Europe/Berlin:2026-03-28' };
    const u = ledger.usage('agent:default', periodKey);
    expect(u.reserved).toBe(0n);
    expect(u.spent <= parseAmount('1.025')).toBe(true);
    // 33 at 0.004 and 33 at 0.01, each plus 2.5 %
    expect(formatAmount(u.spent)).toBe('0.47355');
    expect(ledger.verify()).toEqual([]);
    const kinds = ledger.entries({ limit: 10_000 }).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'reserve')).toHaveLength(100);
    expect(kinds.filter((k) => k === 'release')).toHaveLength(34);
    expect(kinds.filter((k) => k === 'settle')).toHaveLength(66);
  });

  it('settle and release are idempotent: a second call adds no entry', async () => {
    const d = await admission().admit(req(), noSignal());
    if (!d.ok) throw new Error(d.message);
    d.reservation.settle('0.01', { jobId: 'j1' });
    d.reservation.settle('0.01', { jobId: 'j1' });
    d.reservation.release('late failure');
    await commits.flush();
    expect(ledger.entries().map((e) => e.kind)).toEqual(['fee', 'settle', 'reserve']);
    expect(ledger.verify()).toEqual([]);
  });

  it('the budget resets at local midnight (fake clock across the DST night)', async () => {
    setPolicy({ hardLimitAit: '0.0205', softLimitAit: null });
    const a = admission();
    expect((await a.admit(req(), noSignal())).ok).toBe(true);
    expect((await a.admit(req(), noSignal())).ok).toBe(true);
    const third = await a.admit(req(), noSignal());
    expect(third).toMatchObject({ ok: false, code: 'budget_exhausted' });
    if (!third.ok) expect(third.message).toMatch(/daily budget of agent "default" is 0.0205 AIT/);
    clock = Date.parse('2026-03-28T22:59:59.999Z'); // 23:59:59.999 CET
    expect((await a.admit(req(), noSignal())).ok).toBe(false);
    clock += 1; // 00:00 on March 29 in Berlin (the night DST starts)
    expect((await a.admit(req(), noSignal())).ok).toBe(true);
  });

  it('per-model caps, price caps and the wallet-wide limit each refuse with their own reason', async () => {
    setPolicy({ hardLimitAit: '100', modelCapsAit: { 'llama3.1:70b': '0.015' }, maxPricePer1kAit: '0.02' });
    policies.setWallet({ limitAit: '0.025', period: { kind: 'monthly', timeZone: 'UTC' }, lowBalanceAit: null, approvalTimeoutS: 60 });
    const a = admission();
    expect((await a.admit(req(), noSignal())).ok).toBe(true);
    const capped = await a.admit(req(), noSignal());
    expect(capped).toMatchObject({ ok: false, code: 'budget_exhausted' });
    if (!capped.ok) expect(capped.message).toMatch(/cap for llama3.1:70b/);
    expect((await a.admit(req({ model: 'qwen3:32b' }), noSignal())).ok).toBe(true);
    expect(await a.admit(req({ pricePer1kTokensAit: '0.03' }), noSignal())).toMatchObject({ ok: false, code: 'over_price_cap' });
    const wallet = await a.admit(req({ model: 'qwen3:32b' }), noSignal());
    expect(wallet).toMatchObject({ ok: false, code: 'budget_exhausted' });
    if (!wallet.ok) expect(wallet.message).toMatch(/wallet-wide monthly limit/);
  });

  it('above the threshold a request waits; approve → admitted; deny → released with a clear message', async () => {
    setPolicy({ hardLimitAit: '10', approvalThresholdAit: '0.005' });
    const a = admission();
    const first = a.admit(req(), noSignal());
    await askedFor(1);
    const [card] = approvals.pending();
    expect(card).toMatchObject({ agentId: 'default', model: 'llama3.1:70b', minerId: 'miner-1', paymentAit: '0.01', feeAit: '0.00025', deltaAit: '-0.01025' });
    expect(card!.budget[0]).toMatchObject({ limitAit: '10', beforeAit: '10', afterAit: '9.98975' });
    expect(approvals.decide(card!.id, 'approve_once').ok).toBe(true);
    expect((await first).ok).toBe(true);

    const second = a.admit(req(), noSignal());
    await askedFor(1);
    approvals.decide(approvals.pending()[0]!.id, 'deny');
    const denied = await second;
    expect(denied).toMatchObject({ ok: false, code: 'approval_denied' });
    if (!denied.ok) expect(denied.message).toMatch(/denied by the user/);
    expect(ledger.held()).toHaveLength(1); // only the approved one
    expect(ledger.verify()).toEqual([]);
  });

  it('approve agent+model for N hours lets the next requests through without asking, until it expires', async () => {
    setPolicy({ hardLimitAit: '10', approvalThresholdAit: '0.005' });
    const a = admission();
    const first = a.admit(req(), noSignal());
    await askedFor(1);
    approvals.decide(approvals.pending()[0]!.id, 'approve_for', 2);
    expect((await first).ok).toBe(true);
    expect((await a.admit(req(), noSignal())).ok).toBe(true);
    expect(approvals.pending()).toHaveLength(0);
    clock += 2 * 3_600_000 + 1;
    void a.admit(req(), noSignal());
    await askedFor(1);
  });

  it('unanswered → denied at the deadline; an aborted request is released too', async () => {
    vi.useFakeTimers();
    try {
      setPolicy({ hardLimitAit: '10', approvalThresholdAit: '0.005' });
      const a = admission();
      const waiting = a.admit(req(), noSignal());
      await vi.advanceTimersByTimeAsync(120_000);
      const d = await waiting;
      expect(d).toMatchObject({ ok: false, code: 'approval_timeout' });
      if (!d.ok) expect(d.message).toMatch(/not approved within 120 s/);
      const ac = new AbortController();
      const aborted = a.admit(req(), ac.signal);
      await vi.advanceTimersByTimeAsync(10);
      ac.abort();
      expect(await aborted).toMatchObject({ ok: false, code: 'approval_denied' });
      expect(ledger.held()).toHaveLength(0);
      expect(approvals.pending()).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('held reservations past their deadline are released as expired', async () => {
    const a = createLedgerAdmission({ ledger, commits, policies, approvals, now: () => clock, reservationTtlMs: 60_000 });
    setPolicy({ hardLimitAit: '10' });
    expect((await a.admit(req(), noSignal())).ok).toBe(true);
    expect(ledger.expire(clock + 59_999)).toBe(0);
    expect(ledger.expire(clock + 60_000)).toBe(1);
    expect(ledger.entries()[0]).toMatchObject({ kind: 'release', note: expect.stringMatching(/expired/) });
    expect(ledger.verify()).toEqual([]);
  });

  it('ledger entries cannot be changed or deleted', async () => {
    await admission().admit(req(), noSignal());
    expect(() => db.prepare("UPDATE ledger_entries SET amount = '0'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM ledger_entries').run()).toThrow(/append-only/);
  });
});
