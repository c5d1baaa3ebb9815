import { describe, expect, it } from 'vitest';
import type { JobOutcome } from '../../shared/domain/job-outcome';
import { parseAmount } from '../../shared/domain/decimal';
import { useTempDb } from '../store/testing/temp-db';
import { createGroupCommit } from './group-commit';
import { createLedger } from './ledger';
import { resumeHeld } from './ledger-resume';

// Issue #14 item 2: held reservations close from what the network did with their money, never by the clock alone.
const database = useTempDb('cg-resume-');

const scopes = [{ scope: 'agent:a', label: 'the budget', periodKey: 'lifetime', limit: parseAmount('10'), soft: null }];

describe('resumeHeld', () => {
  it('settles paid jobs at the chain figure, releases unsent ones, keeps open ones held; untouched what is still in flight here', async () => {
    const db = database();
    let clock = 1_000_000;
    const ledger = createLedger(db, { now: () => clock });
    const commits = createGroupCommit(ledger);
    const res = (requestId: string) => {
      const r = ledger.reserve({ requestId, agentId: 'a', model: 'm', minerId: null, payment: parseAmount('0.1'), fee: parseAmount('0.0025'), scopes, ttlMs: 60_000 });
      if (!r.ok) throw new Error(r.message);
      return r.id;
    };
    const [paid, unsent, running] = [res('paid'), res('unsent'), res('running')];
    const startedMs = clock + 1;
    clock += 10;
    const fresh = res('fresh'); // admitted by this process: its request is still in flight
    const answers: Record<string, JobOutcome> = {
      paid: { kind: 'paid', jobId: 'job-p', paymentAit: '0.09', feeAit: '0.0009', note: 'settled on resume' },
      unsent: { kind: 'unpaid', note: 'never sent: no job intent' },
      running: { kind: 'open', note: 'job is RUNNING' },
      fresh: { kind: 'unpaid', note: 'would be wrong to ask' },
    };
    const asked: string[] = [];
    const outcome = async (id: string) => (asked.push(id), answers[id]!);
    expect(await resumeHeld({ ledger, commits, outcome, startedMs }, clock)).toEqual({ settled: 1, released: 1, open: 1 });
    expect(asked).toEqual(['paid', 'unsent', 'running']);
    expect(ledger.reservation(paid)).toMatchObject({ state: 'settled', jobId: 'job-p', settledTotal: '0.0909' });
    expect(ledger.reservation(unsent)).toMatchObject({ state: 'released' });
    expect(ledger.held().map((h) => h.id)).toEqual([running, fresh]);
    // past its deadline, an open job is still not zero spend; the fresh one is asked now
    clock += 120_000;
    expect(await resumeHeld({ ledger, commits, outcome, startedMs }, clock)).toEqual({ settled: 0, released: 1, open: 1 });
    expect(ledger.held().map((h) => h.id)).toEqual([running]);
    answers.running = { kind: 'paid', jobId: 'job-r', paymentAit: '0.1', feeAit: '0.001', note: 'settled on resume' };
    expect(await resumeHeld({ ledger, commits, outcome, startedMs }, clock)).toEqual({ settled: 1, released: 0, open: 0 });
    expect(ledger.usage('agent:a', 'lifetime')).toEqual({ reserved: 0n, spent: parseAmount('0.0909') + parseAmount('0.101') });
    expect(ledger.verify()).toEqual([]);
    commits.close();
  });
});
