import { randomBytes } from 'node:crypto';
import { checkLimits, costOf, type ScopeUsage } from '../../shared/domain/budget';
import { formatAmount, parseAmount, type Amount } from '../../shared/domain/decimal';
import type { Db } from '../store/database';
import { toRow, type CloseResult, type EntryKind, type LedgerEntry, type LedgerOp, type OpResult, type RawReservation, type ReserveInput, type ReserveResult, type SettleRef } from './ledger-types';

/**
 * The ledger's write operations, run INSIDE a BEGIN IMMEDIATE transaction that the caller opens. Each
 * transaction gets its own `Totals`: the per-scope counters are read from spend_totals once (under the
 * write lock, so another process cannot move them meanwhile), changed in memory by every operation of
 * the batch, and written back once at the end — that is what makes group commit cheap and still exact.
 */
export interface Totals {
  read(scope: string, periodKey: string): { reserved: Amount; spent: Amount };
  adjust(scopes: readonly [string, string][], dReserved: Amount, dSpent: Amount): void;
  /** Writes the changed counters back to spend_totals (end of the transaction). */
  write(): void;
}

/** A reservation this process opened, as far as closing it needs. */
interface Open {
  agentId: string;
  model: string;
  minerId: string | null;
  total: string;
  scopes: [string, string][];
}

/** The operations over one transaction's Totals. */
export interface LedgerOps {
  totals(): Totals;
  run(t: Totals, op: LedgerOp): OpResult;
  reserve(t: Totals, input: ReserveInput): ReserveResult;
  settle(t: Totals, id: string, actualPayment: Amount, ref: SettleRef): CloseResult;
  release(t: Totals, id: string, reason: string): CloseResult;
  refund(t: Totals, ref: { reservationId: string | null; jobId: string | null; amount: Amount; note: string }): void;
  entry(e: Partial<Omit<LedgerEntry, 'seq'>> & { kind: EntryKind; amount: string }): void;
  getReservation(id: string): RawReservation | undefined;
  getByJob(jobId: string): RawReservation | undefined;
}

const processTag = randomBytes(6).toString('hex');
let counter = 0;
/**
 * Time-ordered ids (ms timestamp, a random tag per process, a counter): new reservations land at the
 * right edge of the primary-key and per-reservation indexes instead of on random pages, so a batch
 * dirties few pages; two processes cannot collide unless their 48-bit tags do.
 */
export function reservationId(nowMs: number): string {
  counter = (counter + 1) % 0x1_0000_0000;
  return `res_${Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, '0')}${processTag}${counter.toString(16).padStart(8, '0')}`;
}

export function createLedgerOps(db: Db, now: () => number): LedgerOps {
  const getTotals = db.prepare<[string, string], { reserved: string; spent: string }>('SELECT reserved, spent FROM spend_totals WHERE scope = ? AND period_key = ?');
  const putTotals = db.prepare(
    `INSERT INTO spend_totals (scope, period_key, reserved, spent) VALUES (?, ?, ?, ?)
     ON CONFLICT (scope, period_key) DO UPDATE SET reserved = excluded.reserved, spent = excluded.spent`,
  );
  const insertEntry = db.prepare(
    `INSERT INTO ledger_entries (at_ms, kind, reservation_id, agent_id, model, miner_id, amount, job_id, receipt_id, tx_hash, counterparty, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertReservation = db.prepare(
    `INSERT INTO reservations (id, request_id, agent_id, model, miner_id, payment, fee, total, state, scopes, created_ms, expires_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'held', ?, ?, ?)`,
  );
  const getReservation = db.prepare<[string], RawReservation>('SELECT * FROM reservations WHERE id = ?');
  const getByJob = db.prepare<[string], RawReservation>('SELECT * FROM reservations WHERE job_id = ? ORDER BY created_ms DESC LIMIT 1');
  const closeReservation = db.prepare(
    `UPDATE reservations SET state = ?, closed_ms = ?, settled_total = ?, job_id = ?, receipt_id = ?, reason = ? WHERE id = ? AND state = 'held'`,
  );

  const totals = (): Totals => {
    const cache = new Map<string, { scope: string; key: string; reserved: Amount; spent: Amount; dirty: boolean }>();
    const slot = (scope: string, key: string) => {
      const k = `${scope}\u0000${key}`;
      let s = cache.get(k);
      if (!s) {
        const row = getTotals.get(scope, key);
        s = { scope, key, reserved: row ? parseAmount(row.reserved) : 0n, spent: row ? parseAmount(row.spent) : 0n, dirty: false };
        cache.set(k, s);
      }
      return s;
    };
    return {
      read(scope, key) {
        const s = slot(scope, key);
        return { reserved: s.reserved, spent: s.spent };
      },
      adjust(scopes, dReserved, dSpent) {
        for (const [scope, key] of scopes) {
          const s = slot(scope, key);
          s.reserved += dReserved;
          s.spent += dSpent;
          s.dirty = true;
        }
      },
      write() {
        for (const s of cache.values()) if (s.dirty) putTotals.run(s.scope, s.key, formatAmount(s.reserved), formatAmount(s.spent));
      },
    };
  };

  const entry: LedgerOps['entry'] = (e) =>
    void insertEntry.run(e.atMs ?? now(), e.kind, e.reservationId ?? null, e.agentId ?? null, e.model ?? null, e.minerId ?? null, e.amount, e.jobId ?? null, e.receiptId ?? null, e.txHash ?? null, e.counterparty ?? null, e.note ?? '');
  /**
   * What this process knows of the reservations it opened (the hot path closes them without reading
   * the row back): the close is an UPDATE … WHERE state = 'held' under the batch's lock, and only if it
   * changed nothing (closed elsewhere, or opened by another process) is the row read.
   */
  const open = new Map<string, Open>();
  const lookup = (id: string): Open | null => {
    const known = open.get(id);
    if (known) return known;
    const raw = getReservation.get(id);
    if (!raw || raw.state !== 'held') return null;
    return { agentId: raw.agent_id, model: raw.model, minerId: raw.miner_id, total: raw.total, scopes: JSON.parse(raw.scopes) as [string, string][] };
  };
  const notClosed = (id: string): CloseResult => {
    open.delete(id);
    return { changed: false, state: getReservation.get(id)?.state ?? 'unknown' };
  };

  const reserve = (t: Totals, input: ReserveInput): ReserveResult => {
    const before: ScopeUsage[] = input.scopes.map((s) => ({ scope: s.scope, label: s.label, limit: s.limit, soft: s.soft, ...t.read(s.scope, s.periodKey) }));
    const total = input.payment + input.fee;
    const check = checkLimits(before, total);
    if (!check.ok) return check;
    const id = reservationId(now());
    const at = now();
    const scopes: [string, string][] = input.scopes.map((s) => [s.scope, s.periodKey]);
    insertReservation.run(id, input.requestId, input.agentId, input.model, input.minerId, formatAmount(input.payment), formatAmount(input.fee), formatAmount(total), JSON.stringify(scopes), at, at + input.ttlMs);
    entry({ kind: 'reserve', reservationId: id, agentId: input.agentId, model: input.model, minerId: input.minerId, amount: formatAmount(total), note: `request ${input.requestId}` });
    t.adjust(scopes, total, 0n);
    open.set(id, { agentId: input.agentId, model: input.model, minerId: input.minerId, total: formatAmount(total), scopes });
    return { ok: true, id, softCrossed: check.softCrossed, before };
  };

  const settle = (t: Totals, id: string, actualPayment: Amount, ref: SettleRef): CloseResult => {
    const r = lookup(id);
    const cost = costOf(actualPayment < 0n ? 0n : actualPayment);
    if (!r || closeReservation.run('settled', now(), formatAmount(cost.total), ref.jobId, ref.receiptId ?? null, null, id).changes !== 1) return notClosed(id);
    open.delete(id);
    const base = { reservationId: id, agentId: r.agentId, model: r.model, minerId: r.minerId, jobId: ref.jobId, receiptId: ref.receiptId ?? null };
    const over = cost.total > parseAmount(r.total) ? ` (exceeds the reserved ${r.total} AIT)` : '';
    entry({ ...base, kind: 'settle', amount: formatAmount(cost.payment), note: (ref.note ?? '') + over });
    entry({ ...base, kind: 'fee', amount: formatAmount(cost.fee), note: 'platform fee 2.5 %' });
    t.adjust(r.scopes, -parseAmount(r.total), cost.total);
    return { changed: true };
  };

  const release = (t: Totals, id: string, reason: string): CloseResult => {
    const r = lookup(id);
    if (!r || closeReservation.run('released', now(), null, null, null, reason, id).changes !== 1) return notClosed(id);
    open.delete(id);
    entry({ kind: 'release', reservationId: id, agentId: r.agentId, model: r.model, minerId: r.minerId, amount: r.total, note: reason });
    t.adjust(r.scopes, -parseAmount(r.total), 0n);
    return { changed: true };
  };

  const refund: LedgerOps['refund'] = (t, ref) => {
    const raw = ref.reservationId ? getReservation.get(ref.reservationId) : ref.jobId ? getByJob.get(ref.jobId) : undefined;
    const r = raw ? toRow(raw) : null;
    entry({ kind: 'refund', reservationId: r?.id ?? ref.reservationId, agentId: r?.agentId ?? null, model: r?.model ?? null, minerId: r?.minerId ?? null, jobId: ref.jobId ?? r?.jobId ?? null, amount: formatAmount(ref.amount), note: ref.note });
    if (r && r.state === 'settled') t.adjust(r.scopes, 0n, -ref.amount);
  };

  const run = (t: Totals, op: LedgerOp): OpResult =>
    op.kind === 'reserve' ? reserve(t, op.input) : op.kind === 'settle' ? settle(t, op.id, op.actualPayment, op.ref) : release(t, op.id, op.reason);

  return { totals, run, reserve, settle, release, refund, entry, getReservation: (id) => getReservation.get(id), getByJob: (j) => getByJob.get(j) };
}
