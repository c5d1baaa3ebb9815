import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAmount } from '../../shared/domain/decimal';
import { openDatabase } from '../store/database';
import { createLedger } from './ledger';
import { createSpendPolicies, defaultSpendPolicy } from './spend-policies';

// node --import tsx, not the tsx CLI: the CLI runs the script in a grandchild that SIGKILL would not reach.
const CHILD = path.resolve('src/main/wallet/ledger-burst-child.ts');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-crash-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const CONCURRENCY = 16; // admissions in flight per child: group commit batches them

function run(count: number): { child: ChildProcess; lines: string[]; exited: Promise<number | null>; waitFor: (n: number) => Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(count), String(CONCURRENCY)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buf = '';
  let waiter: { n: number; resolve: () => void } | null = null;
  child.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts);
    if (waiter && lines.length >= waiter.n) waiter.resolve();
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, lines, exited, waitFor: (n) => new Promise<void>((resolve) => (lines.length >= n ? resolve() : (waiter = { n, resolve }))) };
}

describe('ledger under kill -9', () => {
  it('two processes bursting on one file, one killed mid-burst: consistent, nothing lost, nothing doubled, limit held', async () => {
    const setup = openDatabase(dir);
    // 0.01025 AIT per request; a budget for 150 across both processes.
    createSpendPolicies(setup, { timeZone: 'UTC' }).set('default', { ...defaultSpendPolicy('UTC'), hardLimitAit: '1.5375', softLimitAit: null, approvalThresholdAit: null, period: { kind: 'lifetime' } });
    setup.close();

    const a = run(100_000);
    const b = run(400);
    await a.waitFor(201); // START + 200 lines (acks, settles, refusals): mid-burst
    a.child.kill('SIGKILL');
    expect(await a.exited).toBe(null);
    await b.exited;
    expect(b.lines.at(-1)).toMatch(/^DONE /);

    const db = openDatabase(dir); // restart
    const ledger = createLedger(db);
    try {
      expect(ledger.verify()).toEqual([]);
      const entries = ledger.entries({ limit: 1_000_000 });
      const count = (kind: string, id: string) => entries.filter((e) => e.kind === kind && e.reservationId === id).length;
      for (const line of [...a.lines, ...b.lines]) {
        const [tag, id] = line.split(' ');
        if (tag === 'R') expect(count('reserve', id!)).toBe(1);
        if (tag === 'S') expect(count('settle', id!)).toBe(1);
        if (tag === 'X') expect(count('release', id!)).toBe(1);
      }
      const reserves = entries.filter((e) => e.kind === 'reserve');
      expect(new Set(reserves.map((e) => e.reservationId)).size).toBe(reserves.length);
      // Every admission acknowledged to a caller is on disk after the restart (0 lost)…
      const ackedIds = [...a.lines, ...b.lines].filter((l) => l.startsWith('R ')).map((l) => l.slice(2));
      const onDisk = new Set(reserves.map((e) => e.reservationId));
      expect(ackedIds.filter((id) => !onDisk.has(id))).toEqual([]);
      for (const id of ackedIds) expect(ledger.reservation(id)).not.toBeNull();
      // …and at most one batch (one admission per worker) was committed as the kill landed, before its ack.
      expect(reserves.length).toBeGreaterThanOrEqual(ackedIds.length);
      expect(reserves.length).toBeLessThanOrEqual(ackedIds.length + CONCURRENCY);
      const releases = entries.filter((e) => e.kind === 'release').length;
      expect(reserves.length - releases).toBeLessThanOrEqual(150); // settled + held fit the budget
      expect(b.lines.filter((l) => l === 'N').length).toBeGreaterThan(0); // the limit was really reached
      const u = ledger.usage('agent:default', 'lifetime');
      expect(u.reserved + u.spent <= parseAmount('1.5375')).toBe(true);
      // Recovery: whatever was held when the process died (an admission in flight or a settle still queued,
      // at most one per worker) is an open reservation, released at its deadline, and stays consistent.
      const held = ledger.held();
      expect(held.length).toBeLessThanOrEqual(CONCURRENCY);
      const settledOrReleased = new Set([...a.lines, ...b.lines].filter((l) => /^[SX] /.test(l)).map((l) => l.slice(2)));
      for (const r of held) expect(settledOrReleased.has(r.id)).toBe(false); // an acknowledged close is never lost
      expect(ledger.expire(Date.now() + 24 * 3_600_000)).toBe(held.length);
      expect(ledger.held()).toHaveLength(0);
      expect(ledger.verify()).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});
