import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../log/logger';
import { openDatabase, type Db } from '../store/database';
import { createLedger } from './ledger';
import { createReconcileRunner } from './reconcile-runner';
import type { PaymentSource } from './reconcile-types';

// When reconciliation runs: at start once a network is connected, every `intervalMin` minutes while one is, and
// on the button; never while the network is off; not after stop. Clock moved with fake timers, nothing timed.
let dir: string;
let db: Db;
beforeEach(() => {
  vi.useFakeTimers();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-recon-run-'));
  db = openDatabase(dir);
});
afterEach(() => {
  vi.useRealTimers();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function setup(intervalMin = 5) {
  let network: string | null = null;
  const lookups: number[] = [];
  const source: PaymentSource = {
    connected: () => network,
    lookup: async () => (lookups.push(Date.now()), { network: network ?? 'gone', payments: [], notFound: [], failed: [] }),
  };
  let runs = 0;
  const runner = createReconcileRunner({ db, ledger: createLedger(db), log: silentLogger, source, drain: async () => {}, intervalMin: () => intervalMin, onRun: () => runs++, onDisputes: () => {} });
  return { runner, lookups, connect: (n: string | null) => (network = n), runs: () => runs };
}
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('reconcile runner', () => {
  it('waits for a network, runs at start, then every interval while connected, and stops on close', async () => {
    const s = setup(5);
    s.runner.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.lookups).toHaveLength(0); // network off: nothing to compare with
    s.connect('devnet');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(s.lookups).toHaveLength(1);
    expect(s.runner.lastRun()).toMatchObject({ trigger: 'start', network: 'devnet', error: null });
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(s.lookups).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000 + 5_000);
    expect(s.lookups).toHaveLength(2);
    expect(s.runner.lastRun()?.trigger).toBe('timer');
    s.connect(null);
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(s.lookups).toHaveLength(2); // disconnected: the timer waits
    s.connect('devnet');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(s.lookups).toHaveLength(3);
    await s.runner.stop();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(s.lookups).toHaveLength(3);
    expect(s.runs()).toBe(3); // every run told the page
  });

  it('waits for the start-up resume to be done before its first run', async () => {
    let ready = false;
    const lookups: number[] = [];
    const runner = createReconcileRunner({
      db, ledger: createLedger(db), log: silentLogger, drain: async () => {}, intervalMin: () => 5, onRun: () => {}, onDisputes: () => {}, ready: () => ready,
      source: { connected: () => 'devnet', lookup: async () => (lookups.push(1), { network: 'devnet', payments: [], notFound: [], failed: [] }) },
    });
    runner.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(lookups).toHaveLength(0);
    ready = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(lookups).toHaveLength(1);
    await runner.stop();
  });

  it('the button runs now and is recorded as such; with the network off it says so and records nothing', async () => {
    const s = setup();
    expect(await s.runner.run()).toMatchObject({ error: expect.stringContaining('No network is connected'), run: null });
    s.connect('https://hub.example');
    const both = [s.runner.run(), s.runner.run()]; // a second press joins the running one
    await settle();
    const [a, b] = await Promise.all(both);
    expect(a?.run).toMatchObject({ trigger: 'button', network: 'https://hub.example', checked: 0, matched: 0 });
    expect(b?.run?.id).toBe(a?.run?.id);
    expect(s.lookups).toHaveLength(1);
  });

  it('a coordinator that cannot be reached is a recorded run with its error, not a crash', async () => {
    const runner = createReconcileRunner({
      db, ledger: createLedger(db), log: silentLogger, drain: async () => {}, intervalMin: () => 5, onRun: () => {}, onDisputes: () => {},
      source: { connected: () => 'devnet', lookup: async () => Promise.reject(new Error('connect ECONNREFUSED')) },
    });
    expect(await runner.run()).toMatchObject({ error: 'Could not reach the coordinator: connect ECONNREFUSED', run: { error: 'Could not reach the coordinator: connect ECONNREFUSED' } });
  });
});
