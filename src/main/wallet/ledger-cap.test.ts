import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import { useTempDb } from '../store/testing/temp-db';
import { createApprovals } from './approvals';
import { createGroupCommit } from './group-commit';
import { createLedger } from './ledger';
import { createLedgerAdmission, type Overspend } from './ledger-admission';
import { createOverspendDisputes } from './overspend';
import { listIssues, resolveIssue } from './reconcile';
import { createSpendPolicies, defaultSpendPolicy } from './spend-policies';

// Issue #14 item 1: a settle never books above its reservation; the excess is a dispute that pauses the agent.
const database = useTempDb('cg-cap-');

const scopes = [{ scope: 'agent:a', label: 'the budget', periodKey: 'lifetime', limit: parseAmount('1'), soft: null }];
const reserve = (ledger: ReturnType<typeof createLedger>, i: number) => {
  const r = ledger.reserve({ requestId: `r${i}`, agentId: 'a', model: 'm', minerId: null, payment: parseAmount('0.1'), fee: parseAmount('0.0025'), scopes, ttlMs: 60_000 });
  if (!r.ok) throw new Error(r.message);
  return r.id;
};

describe('a settle is capped at its reservation', () => {
  it('above the reservation: booked at the reservation, the excess reported, the journal consistent', () => {
    const db = database();
    const ledger = createLedger(db);
    const id = reserve(ledger, 1);
    const r = ledger.settle(id, parseAmount('0.5'), { jobId: 'j1' });
    expect(r).toEqual({ changed: true, excess: parseAmount('0.5125') - parseAmount('0.1025') });
    expect(ledger.usage('agent:a', 'lifetime')).toEqual({ reserved: 0n, spent: parseAmount('0.1025') });
    const [settle] = ledger.entries({ kinds: ['settle'] });
    expect(settle).toMatchObject({ amount: '0.1', jobId: 'j1', note: expect.stringContaining('capped') });
    expect(ledger.verify()).toEqual([]);
  });

  it('the fee the wire charged is booked (not the 2.5 % rule), and a job is booked once', () => {
    const db = database();
    const ledger = createLedger(db);
    const a = reserve(ledger, 1);
    expect(ledger.settle(a, parseAmount('0.1'), { jobId: 'j1', fee: parseAmount('0.001') })).toEqual({ changed: true });
    expect(ledger.usage('agent:a', 'lifetime').spent).toBe(parseAmount('0.101'));
    const b = reserve(ledger, 2); // a retried request that came back with the same job
    expect(ledger.settle(b, parseAmount('0.1'), { jobId: 'j1', fee: parseAmount('0.001') })).toEqual({ changed: true });
    expect(ledger.reservation(b)).toMatchObject({ state: 'released', reason: expect.stringContaining('already booked') });
    expect(ledger.usage('agent:a', 'lifetime')).toEqual({ reserved: 0n, spent: parseAmount('0.101') });
    expect(ledger.verify()).toEqual([]);
  });

  it('through admission: the excess becomes an open dispute, the agent is paused until it is resolved (also after a restart)', async () => {
    const db = database();
    const ledger = createLedger(db);
    const commits = createGroupCommit(ledger);
    const policies = createSpendPolicies(db, { timeZone: 'UTC' });
    policies.set('a', { ...defaultSpendPolicy('UTC'), hardLimitAit: '1', softLimitAit: null, approvalThresholdAit: null, period: { kind: 'lifetime' } });
    const disputes = createOverspendDisputes(db);
    const seen: Overspend[] = [];
    const admission = createLedgerAdmission({ ledger, commits, policies, approvals: createApprovals(db), pausedReason: disputes.pausedReason, onOverspend: (o) => (seen.push(o), disputes.record(o)) });
    const req = (i: number) => ({ requestId: `q${i}`, agentId: 'a', model: 'm', minerId: null, pricePer1kTokensAit: '0.01', maxTokens: 1000 });
    const d = await admission.admit(req(1), new AbortController().signal);
    if (!d.ok) throw new Error(d.message);
    d.reservation.settle('0.03', { jobId: 'big', feeAit: '0.0003' });
    await commits.flush();
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([{ agentId: 'a', reservationId: d.reservation.id, jobId: 'big', reservedAit: '0.01025', excessAit: formatAmount(parseAmount('0.0303') - parseAmount('0.01025')) }]);
    expect(ledger.usage('agent:a', 'lifetime').spent).toBe(parseAmount('0.01025'));
    expect(listIssues(db, true)).toMatchObject([{ jobId: 'big', kind: 'over_reservation', status: 'open' }]);
    const refused = await admission.admit(req(2), new AbortController().signal);
    expect(refused).toMatchObject({ ok: false, code: 'budget_exhausted', message: expect.stringContaining('paused') });
    expect(admission.headroomAit('a')).toBe('0');
    expect(createOverspendDisputes(db).pausedReason('a')).toMatch(/above what was reserved/); // a restart keeps the pause
    resolveIssue(db, ledger, listIssues(db, true)[0]!.id, 'keep');
    disputes.refresh();
    expect((await admission.admit(req(3), new AbortController().signal)).ok).toBe(true);
    commits.close();
  });
});
