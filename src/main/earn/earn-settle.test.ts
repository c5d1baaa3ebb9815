import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database';
import { createServedJobs, type ServedJobs } from './earn-jobs-store';
import { settleEarnings } from './earn-settle';
import { bookEarning, earningsReads } from './earnings-book';
import type { ChainEscrow, MinerJobView, MinerWire } from './miner-wire';

// The earning's stages come from the coordinator (pending) and the chain (released), each booked exactly once.
const PAYOUT = '0x00000000000000000000000000000000000000aa';
let dir: string;
let db: Db;
let jobs: ServedJobs;
let views: MinerJobView[];
let chain: Map<string, ChainEscrow>;
const wire = { jobs: async () => views, escrow: async (id: string) => chain.get(id) ?? null } as unknown as MinerWire;
const settle = () => settleEarnings(db, wire, jobs, { network: 'devnet', payoutAddress: PAYOUT });
const served = (id: string) => {
  jobs.taken('devnet', id, 'rig', 'llama3.2:3b', 1_000);
  jobs.ended('devnet', id, { state: 'completed', error: null, at: 1_010, promptTokens: 5, outputTokens: 7 });
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-earn-settle-'));
  db = openDatabase(dir);
  jobs = createServedJobs(db);
  views = [];
  chain = new Map();
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('settleEarnings', () => {
  it('books pending from the coordinator and released only from the chain, each once', async () => {
    served('j1');
    views = [{ job_id: 'j1', payment_status: 'pending_acceptance', payment_amount: '0.02' }];
    expect(await settle()).toBe(1);
    expect(await settle()).toBe(0);
    expect(earningsReads(db).job('devnet', 'j1')).toMatchObject({ pendingAit: '0.02', releasedAit: null, closed: false });

    // the coordinator says released, the chain does not (yet): still pending
    views = [{ job_id: 'j1', payment_status: 'released', payment_amount: '0.02' }];
    chain.set('j1', { job_id: 'j1', state: 'job_completed', released_amount: '0', provider: PAYOUT, release_tx_hash: null });
    expect(await settle()).toBe(0);
    expect(earningsReads(db).totals()).toEqual({ pendingAit: '0.02', releasedAit: '0' });

    // released on the chain to another address: not ours, not booked
    chain.set('j1', { job_id: 'j1', state: 'released', released_amount: '0.02', provider: '0x00000000000000000000000000000000000000bb', release_tx_hash: '0xt' });
    expect(await settle()).toBe(0);

    // the chain moved it to our payout address: released, with its amount and tx, and the job closes
    chain.set('j1', { job_id: 'j1', state: 'released', released_amount: '0.0199', provider: PAYOUT, release_tx_hash: '0xtx' });
    expect(await settle()).toBe(1);
    expect(earningsReads(db).job('devnet', 'j1')).toMatchObject({ pendingAit: '0.02', releasedAit: '0.0199', releaseTx: '0xtx', closed: true });
    expect(earningsReads(db).totals()).toEqual({ pendingAit: '0', releasedAit: '0.0199' });
    expect(jobs.open('devnet')).toEqual([]);
    expect(await settle()).toBe(0);
  });

  it('books nothing for an unpaid job, and a refund closes it without earning', async () => {
    served('free');
    served('refunded');
    views = [{ job_id: 'free', payment_status: null, payment_amount: null }, { job_id: 'refunded', payment_status: 'refunded', payment_amount: '0.5' }];
    expect(await settle()).toBe(1);
    expect(earningsReads(db).totals()).toEqual({ pendingAit: '0', releasedAit: '0' });
    expect(jobs.open('devnet').map((j) => j.job_id)).toEqual(['free']);
  });

  it('the journal is append-only and a stage is booked once, whoever books it (reconciliation too)', () => {
    const e = { network: 'devnet', jobId: 'x', kind: 'released' as const, amount: '1', source: 'chain:/rpc/escrow/{job_id}', txHash: null, atMs: 1 };
    expect(bookEarning(db, e)).toBe(true);
    expect(bookEarning(db, { ...e, amount: '2', source: 'reconcile' })).toBe(false);
    expect(() => db.prepare("UPDATE earn_entries SET amount = '9'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM earn_entries').run()).toThrow(/append-only/);
    expect(earningsReads(db).totals().releasedAit).toBe('1');
  });

  it('groups earnings per local day', () => {
    const noon = new Date(2026, 11, 1, 12).getTime();
    bookEarning(db, { network: 'devnet', jobId: 'a', kind: 'pending', amount: '0.5', source: 'coordinator', txHash: null, atMs: noon });
    bookEarning(db, { network: 'devnet', jobId: 'a', kind: 'released', amount: '0.5', source: 'chain', txHash: null, atMs: noon + 86_400_000 });
    expect(earningsReads(db).perDay(30, noon + 2 * 86_400_000)).toEqual([
      { day: '2026-12-01', pendingAit: '0.5', releasedAit: '0', jobs: 1 },
      { day: '2026-12-02', pendingAit: '0', releasedAit: '0.5', jobs: 1 },
    ]);
  });
});

describe('after a crash', () => {
  it('a job interrupted while running is followed anyway: the coordinator says it completed, so its earning is booked', async () => {
    jobs.taken('devnet', 'crashed', 'rig', 'llama3.2:3b', Date.now());
    expect(jobs.interrupted(Date.now())).toBe(1);
    expect(jobs.recent(5)[0]).toMatchObject({ state: 'failed', error: 'interrupted: ClawGrid stopped while it ran' });
    views = [{ job_id: 'crashed', state: 'COMPLETED', payment_status: 'pending_acceptance', payment_amount: '0.02' }];
    expect(await settle()).toBe(1);
    expect(jobs.recent(5)[0]).toMatchObject({ state: 'completed', error: null });
    expect(earningsReads(db).job('devnet', 'crashed').pendingAit).toBe('0.02');
  });
});
