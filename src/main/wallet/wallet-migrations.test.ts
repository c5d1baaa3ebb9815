import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAmount } from '../../shared/domain/decimal';
import { migrations } from '../migrations';
import { openDatabase } from '../store/database';
import { createLedger } from './ledger';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-walletmig-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const T = Date.parse('2026-03-28T12:00:00Z');
const scopes = JSON.stringify([['agent:default', 'lifetime'], ['wallet', 'lifetime']]);

/** A database at version 7 written the way the ledger wrote it before migration 8 (one row per fact, fee apart). */
function legacyDatabase() {
  const db = openDatabase(dir, migrations.filter((m) => m.version <= 7));
  const res = db.prepare(
    `INSERT INTO reservations (id, request_id, agent_id, model, miner_id, payment, fee, total, state, scopes, created_ms, expires_ms, closed_ms, settled_total, job_id, receipt_id, reason)
     VALUES (?, ?, 'default', 'llama3.1:70b', 'm1', '0.01', '0.00025', '0.01025', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const entry = db.prepare(
    `INSERT INTO ledger_entries (at_ms, kind, reservation_id, agent_id, model, miner_id, amount, job_id, receipt_id, tx_hash, counterparty, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const e = (kind: string, rid: string | null, amount: string, more: { job?: string; receipt?: string; tx?: string; to?: string; note?: string; agent?: string | null } = {}) =>
    entry.run(T, kind, rid, more.agent === undefined ? 'default' : more.agent, rid?.startsWith('res_') ? 'llama3.1:70b' : null, rid?.startsWith('res_') ? 'm1' : null, amount, more.job ?? null, more.receipt ?? null, more.tx ?? null, more.to ?? null, more.note ?? '');
  const A = 'res_0000019ad1a2b3c4d5e6f7a8b9c000000001'; // settled (0.008 + fee), then partly refunded
  const B = 'res_0000019ad1a2b3c4d5e6f7a8b9c000000002'; // released
  const C = 'res_0000019ad1a2b3c4d5e6f7a8b9c000000003'; // still held
  res.run(A, 'r1', 'settled', scopes, T, T + 60_000, T, '0.0082', 'job-a', 'rcpt-a', null);
  e('reserve', A, '0.01025', { note: 'request r1' });
  res.run(B, 'r2', 'released', scopes, T, T + 60_000, T, null, null, null, 'miner failed');
  e('reserve', B, '0.01025', { note: 'request r2' });
  e('settle', A, '0.008', { job: 'job-a', receipt: 'rcpt-a' });
  e('fee', A, '0.0002', { job: 'job-a', receipt: 'rcpt-a', note: 'platform fee 2.5 %' });
  e('release', B, '0.01025', { note: 'miner failed' });
  res.run(C, 'r3', 'held', scopes, T, T + 60_000, null, null, null, null, null);
  e('reserve', C, '0.01025', { note: 'request r3' });
  e('settle', 'ext_job-x', '0.1', { job: 'job-x', agent: null, note: 'reconciliation' });
  e('fee', 'ext_job-x', '0.0025', { job: 'job-x', agent: null, note: 'platform fee 2.5 %' });
  e('transfer', null, '2', { tx: '0xabc', to: '0x00000000000000000000000000000000000000b0', agent: null });
  e('fee', null, '0.001', { tx: '0xabc', to: '0x00000000000000000000000000000000000000b0', agent: null, note: 'chain transaction fee' });
  e('refund', A, '0.001', { job: 'job-a', note: 'partial refund' });
  // spent = 0.008 + 0.0002 − 0.001; reserved = C
  for (const scope of ['agent:default', 'wallet']) db.prepare("INSERT INTO spend_totals VALUES (?, 'lifetime', '0.01025', '0.0072')").run(scope);
  const history = db.prepare('SELECT seq, kind, amount FROM ledger_entries ORDER BY seq DESC').all();
  db.close();
  return { A, B, C, history };
}

describe('migration 8 (ledger journal)', () => {
  it('carries over entries, fees, open reservations and totals; the ledger works on from them', () => {
    const before = legacyDatabase();
    const db = openDatabase(dir);
    try {
      const ledger = createLedger(db, { now: () => T + 1000 });
      expect(ledger.verify()).toEqual([]);
      // History reads as before: same kinds, amounts and order; a fee, now the fee leg of its settle or transfer row, shows that row's seq.
      expect(ledger.entries({ limit: 100 }).map((x) => ({ seq: x.seq, kind: x.kind, amount: x.amount }))).toEqual(
        (before.history as { seq: number; kind: string; amount: string }[]).map((h) => ({ ...h, seq: h.seq - (h.kind === 'fee' ? 1 : 0) })),
      );
      expect(db.prepare("SELECT count(*) FROM ledger_entries WHERE kind = 'fee'").pluck().get()).toBe(0);
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'reservations'").pluck().get()).toBe(0);

      // The open reservation is still open, under its new id (the seq of its reserve row), with its data.
      const held = ledger.held();
      expect(held).toHaveLength(1);
      const c = held[0]!;
      expect(c).toMatchObject({ requestId: 'r3', agentId: 'default', payment: '0.01', fee: '0.00025', total: '0.01025', state: 'held', expiresMs: T + 60_000 });
      expect(c.id).toMatch(/^res_\d+$/);
      const a = ledger.reservationByJob('job-a');
      expect(a).toMatchObject({ state: 'settled', settledTotal: '0.0082', receiptId: 'rcpt-a', requestId: 'r1' });
      expect(ledger.entries({ limit: 100 }).filter((x) => x.reservationId === a!.id).map((x) => x.kind)).toEqual(['refund', 'fee', 'settle', 'reserve']);

      // Settling the carried-over reservation moves the totals from reserved to spent, once.
      expect(ledger.settle(c.id, parseAmount('0.01'), { jobId: 'job-c' })).toEqual({ changed: true });
      expect(ledger.release(c.id, 'late')).toEqual({ changed: false, state: 'settled' });
      expect(ledger.usage('agent:default', 'lifetime')).toEqual({ reserved: 0n, spent: parseAmount('0.0072') + parseAmount('0.01025') });
      expect(ledger.verify()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('an empty ledger migrates to an empty journal', () => {
    openDatabase(dir, migrations.filter((m) => m.version <= 7)).close();
    const db = openDatabase(dir);
    try {
      const ledger = createLedger(db);
      expect(ledger.held()).toEqual([]);
      expect(ledger.verify()).toEqual([]);
      expect(db.prepare("SELECT value FROM ledger_marks WHERE name = 'open_from_seq'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
