import { randomUUID } from 'node:crypto';
import { checkLimits, costOf, type ScopeUsage } from '../../shared/domain/budget';
import { formatAmount, parseAmount, type Amount } from '../../shared/domain/decimal';
import type { Db } from '../store/database';

/**
 * The AIT ledger: append-only entries (reserve, settle, release, refund, transfer, fee) plus two
 * projections kept in the same transaction — reservations (one row per admission) and spend_totals
 * (reserved/spent per limit scope and period). Every change is one BEGIN IMMEDIATE transaction, so two
 * processes on the same file cannot both pass a limit check.
 */

/** A limit a reservation counts against, in a concrete period. */
export interface ScopeSpec {
  scope: string;
  label: string;
  periodKey: string;
  limit: Amount | null;
  soft: Amount | null;
}

export interface ReserveInput {
  requestId: string;
  agentId: string;
  model: string;
  minerId: string | null;
  payment: Amount;
  fee: Amount;
  scopes: readonly ScopeSpec[];
  ttlMs: number;
}

export type ReserveResult =
  | { ok: true; id: string; softCrossed: string[]; before: ScopeUsage[] }
  | { ok: false; scope: string; message: string };

export type ReservationState = 'held' | 'settled' | 'released';

export interface ReservationRow {
  id: string;
  requestId: string;
  agentId: string;
  model: string;
  minerId: string | null;
  payment: string;
  fee: string;
  total: string;
  state: ReservationState;
  scopes: [string, string][];
  createdMs: number;
  expiresMs: number;
  closedMs: number | null;
  settledTotal: string | null;
  jobId: string | null;
  receiptId: string | null;
  reason: string | null;
}

export type EntryKind = 'reserve' | 'settle' | 'release' | 'refund' | 'transfer' | 'fee';

export interface LedgerEntry {
  seq: number;
  atMs: number;
  kind: EntryKind;
  reservationId: string | null;
  agentId: string | null;
  model: string | null;
  minerId: string | null;
  amount: string;
  jobId: string | null;
  receiptId: string | null;
  txHash: string | null;
  counterparty: string | null;
  note: string;
}

export type CloseResult = { changed: true } | { changed: false; state: ReservationState | 'unknown' };

interface RawReservation {
  id: string;
  request_id: string;
  agent_id: string;
  model: string;
  miner_id: string | null;
  payment: string;
  fee: string;
  total: string;
  state: ReservationState;
  scopes: string;
  created_ms: number;
  expires_ms: number;
  closed_ms: number | null;
  settled_total: string | null;
  job_id: string | null;
  receipt_id: string | null;
  reason: string | null;
}

export interface Ledger {
  reserve(input: ReserveInput): ReserveResult;
  /** Settle to the actual payment (fee derived); idempotent: a closed reservation is left as is. */
  settle(id: string, actualPayment: Amount, ref: { jobId: string; receiptId?: string | null; note?: string }): CloseResult;
  release(id: string, reason: string): CloseResult;
  /** Money that came back for a settled reservation (or a job found only by reconciliation). */
  refund(ref: { reservationId: string | null; jobId: string | null; amount: Amount; note: string }): void;
  /** A payment the coordinator made that this ledger never reserved (reconciliation). */
  recordExternalSettle(ref: { jobId: string; receiptId: string | null; payment: Amount; agentId: string | null; note: string }): void;
  recordTransfer(ref: { to: string; amount: Amount; fee: Amount; txHash: string; note?: string }): void;
  usage(scope: string, periodKey: string): { reserved: Amount; spent: Amount };
  reservation(id: string): ReservationRow | null;
  reservationByJob(jobId: string): ReservationRow | null;
  held(): ReservationRow[];
  /** Releases held reservations whose expiry passed (crash recovery and lost jobs). */
  expire(nowMs: number): number;
  entries(opts?: { limit?: number; beforeSeq?: number; sinceMs?: number; kinds?: readonly EntryKind[] }): LedgerEntry[];
  /** Recomputes every projection from the entries; returns what disagrees (empty = consistent). */
  verify(): string[];
}

const toRow = (r: RawReservation): ReservationRow => ({
  id: r.id,
  requestId: r.request_id,
  agentId: r.agent_id,
  model: r.model,
  minerId: r.miner_id,
  payment: r.payment,
  fee: r.fee,
  total: r.total,
  state: r.state,
  scopes: JSON.parse(r.scopes) as [string, string][],
  createdMs: r.created_ms,
  expiresMs: r.expires_ms,
  closedMs: r.closed_ms,
  settledTotal: r.settled_total,
  jobId: r.job_id,
  receiptId: r.receipt_id,
  reason: r.reason,
});

export function createLedger(db: Db, opts: { now?: () => number } = {}): Ledger {
  const now = opts.now ?? Date.now;
  const getTotals = db.prepare<[string, string], { reserved: string; spent: string }>(
    'SELECT reserved, spent FROM spend_totals WHERE scope = ? AND period_key = ?',
  );
  const putTotals = db.prepare(
    `INSERT INTO spend_totals (scope, period_key, reserved, spent) VALUES (?, ?, ?, ?)
     ON CONFLICT (scope, period_key) DO UPDATE SET reserved = excluded.reserved, spent = excluded.spent`,
  );
  const insertEntry = db.prepare(
    `INSERT INTO ledger_entries (at_ms, kind, reservation_id, agent_id, model, miner_id, amount, job_id, receipt_id, tx_hash, counterparty, note)
     VALUES (@atMs, @kind, @reservationId, @agentId, @model, @minerId, @amount, @jobId, @receiptId, @txHash, @counterparty, @note)`,
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

  const read = (scope: string, periodKey: string) => {
    const row = getTotals.get(scope, periodKey);
    return row ? { reserved: parseAmount(row.reserved), spent: parseAmount(row.spent) } : { reserved: 0n, spent: 0n };
  };
  const adjust = (scopes: readonly [string, string][], dReserved: Amount, dSpent: Amount) => {
    for (const [scope, key] of scopes) {
      const t = read(scope, key);
      putTotals.run(scope, key, formatAmount(t.reserved + dReserved), formatAmount(t.spent + dSpent));
    }
  };
  const entry = (e: Partial<Omit<LedgerEntry, 'seq'>> & { kind: EntryKind; amount: string }) =>
    insertEntry.run({
      atMs: now(),
      reservationId: null,
      agentId: null,
      model: null,
      minerId: null,
      jobId: null,
      receiptId: null,
      txHash: null,
      counterparty: null,
      note: '',
      ...e,
    });

  const reserveTx = db.transaction((input: ReserveInput): ReserveResult => {
    const before: ScopeUsage[] = input.scopes.map((s) => ({ scope: s.scope, label: s.label, limit: s.limit, soft: s.soft, ...read(s.scope, s.periodKey) }));
    const total = input.payment + input.fee;
    const check = checkLimits(before, total);
    if (!check.ok) return check;
    const id = `res_${randomUUID().replace(/-/g, '')}`;
    const at = now();
    const scopes: [string, string][] = input.scopes.map((s) => [s.scope, s.periodKey]);
    insertReservation.run(id, input.requestId, input.agentId, input.model, input.minerId, formatAmount(input.payment), formatAmount(input.fee), formatAmount(total), JSON.stringify(scopes), at, at + input.ttlMs);
    entry({ kind: 'reserve', reservationId: id, agentId: input.agentId, model: input.model, minerId: input.minerId, amount: formatAmount(total), note: `request ${input.requestId}` });
    adjust(scopes, total, 0n);
    return { ok: true, id, softCrossed: check.softCrossed, before };
  });

  const settleTx = db.transaction((id: string, actualPayment: Amount, ref: { jobId: string; receiptId?: string | null; note?: string }): CloseResult => {
    const raw = getReservation.get(id);
    if (!raw) return { changed: false, state: 'unknown' };
    if (raw.state !== 'held') return { changed: false, state: raw.state };
    const r = toRow(raw);
    const cost = costOf(actualPayment < 0n ? 0n : actualPayment);
    const base = { reservationId: id, agentId: r.agentId, model: r.model, minerId: r.minerId, jobId: ref.jobId, receiptId: ref.receiptId ?? null };
    const over = cost.total > parseAmount(r.total) ? ` (exceeds the reserved ${r.total} AIT)` : '';
    entry({ ...base, kind: 'settle', amount: formatAmount(cost.payment), note: (ref.note ?? '') + over });
    entry({ ...base, kind: 'fee', amount: formatAmount(cost.fee), note: 'platform fee 2.5 %' });
    closeReservation.run('settled', now(), formatAmount(cost.total), ref.jobId, ref.receiptId ?? null, null, id);
    adjust(r.scopes, -parseAmount(r.total), cost.total);
    return { changed: true };
  });

  const releaseTx = db.transaction((id: string, reason: string): CloseResult => {
    const raw = getReservation.get(id);
    if (!raw) return { changed: false, state: 'unknown' };
    if (raw.state !== 'held') return { changed: false, state: raw.state };
    const r = toRow(raw);
    entry({ kind: 'release', reservationId: id, agentId: r.agentId, model: r.model, minerId: r.minerId, amount: r.total, note: reason });
    closeReservation.run('released', now(), null, null, null, reason, id);
    adjust(r.scopes, -parseAmount(r.total), 0n);
    return { changed: true };
  });

  const refundTx = db.transaction((ref: { reservationId: string | null; jobId: string | null; amount: Amount; note: string }) => {
    const raw = ref.reservationId ? getReservation.get(ref.reservationId) : ref.jobId ? getByJob.get(ref.jobId) : undefined;
    const r = raw ? toRow(raw) : null;
    entry({ kind: 'refund', reservationId: r?.id ?? ref.reservationId, agentId: r?.agentId ?? null, model: r?.model ?? null, minerId: r?.minerId ?? null, jobId: ref.jobId ?? r?.jobId ?? null, amount: formatAmount(ref.amount), note: ref.note });
    if (r && r.state === 'settled') adjust(r.scopes, 0n, -ref.amount);
  });

  const externalTx = db.transaction((ref: { jobId: string; receiptId: string | null; payment: Amount; agentId: string | null; note: string }) => {
    const cost = costOf(ref.payment);
    const rid = `ext_${ref.jobId}`;
    entry({ kind: 'settle', reservationId: rid, jobId: ref.jobId, receiptId: ref.receiptId, agentId: ref.agentId, amount: formatAmount(cost.payment), note: ref.note });
    entry({ kind: 'fee', reservationId: rid, jobId: ref.jobId, agentId: ref.agentId, amount: formatAmount(cost.fee), note: 'platform fee 2.5 %' });
  });

  const transferTx = db.transaction((ref: { to: string; amount: Amount; fee: Amount; txHash: string; note?: string }) => {
    entry({ kind: 'transfer', amount: formatAmount(ref.amount), txHash: ref.txHash, counterparty: ref.to, note: ref.note ?? '' });
    entry({ kind: 'fee', amount: formatAmount(ref.fee), txHash: ref.txHash, counterparty: ref.to, note: 'chain transaction fee' });
  });

  const selectHeld = db.prepare<[], RawReservation>("SELECT * FROM reservations WHERE state = 'held' ORDER BY created_ms");
  const selectExpired = db.prepare<[number], { id: string }>("SELECT id FROM reservations WHERE state = 'held' AND expires_ms <= ?");

  return {
    reserve: (input) => reserveTx.immediate(input),
    settle: (id, actual, ref) => settleTx.immediate(id, actual, ref),
    release: (id, reason) => releaseTx.immediate(id, reason),
    refund: (ref) => refundTx.immediate(ref),
    recordExternalSettle: (ref) => externalTx.immediate(ref),
    recordTransfer: (ref) => transferTx.immediate(ref),
    usage: (scope, key) => read(scope, key),
    reservation: (id) => {
      const r = getReservation.get(id);
      return r ? toRow(r) : null;
    },
    reservationByJob: (jobId) => {
      const r = getByJob.get(jobId);
      return r ? toRow(r) : null;
    },
    held: () => selectHeld.all().map(toRow),
    expire(nowMs) {
      let n = 0;
      for (const { id } of selectExpired.all(nowMs)) {
        if (releaseTx.immediate(id, 'expired: no settlement before the reservation deadline').changed) n++;
      }
      return n;
    },
    entries(q = {}) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.beforeSeq !== undefined) {
        where.push('seq < ?');
        args.push(q.beforeSeq);
      }
      if (q.sinceMs !== undefined) {
        where.push('at_ms >= ?');
        args.push(q.sinceMs);
      }
      if (q.kinds?.length) {
        where.push(`kind IN (${q.kinds.map(() => '?').join(',')})`);
        args.push(...q.kinds);
      }
      const sql = `SELECT seq, at_ms AS atMs, kind, reservation_id AS reservationId, agent_id AS agentId, model, miner_id AS minerId,
        amount, job_id AS jobId, receipt_id AS receiptId, tx_hash AS txHash, counterparty, note FROM ledger_entries
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
      return db.prepare<(string | number)[], LedgerEntry>(sql).all(...args, q.limit ?? 200);
    },
    verify: () => verifyLedger(db),
  };
}

/** Rebuilds reservations' states and spend_totals from ledger_entries and compares. */
function verifyLedger(db: Db): string[] {
  const problems: string[] = [];
  const entries = db.prepare<[], { kind: EntryKind; reservation_id: string | null; amount: string }>(
    'SELECT kind, reservation_id, amount FROM ledger_entries WHERE reservation_id IS NOT NULL ORDER BY seq',
  ).all();
  const byRes = new Map<string, { reserve?: Amount; settle?: Amount; fee?: Amount; release?: Amount; refund: Amount }>();
  for (const e of entries) {
    const m = byRes.get(e.reservation_id!) ?? { refund: 0n };
    if (e.kind === 'refund') m.refund += parseAmount(e.amount);
    else if (e.kind === 'reserve' || e.kind === 'settle' || e.kind === 'fee' || e.kind === 'release') m[e.kind] = parseAmount(e.amount);
    byRes.set(e.reservation_id!, m);
  }
  const totals = new Map<string, { reserved: Amount; spent: Amount }>();
  const bump = (k: string, r: Amount, s: Amount) => {
    const t = totals.get(k) ?? { reserved: 0n, spent: 0n };
    t.reserved += r;
    t.spent += s;
    totals.set(k, t);
  };
  const reservations = db.prepare<[], RawReservation>('SELECT * FROM reservations').all().map(toRow);
  const seen = new Set<string>();
  for (const r of reservations) {
    seen.add(r.id);
    const m = byRes.get(r.id);
    if (!m || m.reserve === undefined) {
      problems.push(`reservation ${r.id} has no reserve entry`);
      continue;
    }
    if (formatAmount(m.reserve) !== r.total) problems.push(`reservation ${r.id}: reserve entry ${formatAmount(m.reserve)} ≠ ${r.total}`);
    const state: ReservationState = m.settle !== undefined ? 'settled' : m.release !== undefined ? 'released' : 'held';
    if (m.settle !== undefined && m.release !== undefined) problems.push(`reservation ${r.id} is both settled and released`);
    if (state !== r.state) problems.push(`reservation ${r.id}: entries say ${state}, row says ${r.state}`);
    const spent = state === 'settled' ? (m.settle ?? 0n) + (m.fee ?? 0n) - m.refund : 0n;
    for (const [scope, key] of r.scopes) bump(`${scope}\u0000${key}`, state === 'held' ? m.reserve : 0n, spent);
  }
  for (const id of byRes.keys()) {
    if (!seen.has(id) && !id.startsWith('ext_')) problems.push(`entries for ${id} have no reservation row`);
  }
  const rows = db.prepare<[], { scope: string; period_key: string; reserved: string; spent: string }>('SELECT * FROM spend_totals').all();
  for (const row of rows) {
    const k = `${row.scope}\u0000${row.period_key}`;
    const t = totals.get(k) ?? { reserved: 0n, spent: 0n };
    totals.delete(k);
    if (parseAmount(row.reserved) !== t.reserved || parseAmount(row.spent) !== t.spent) {
      problems.push(`totals ${row.scope} ${row.period_key}: stored ${row.reserved}/${row.spent}, entries give ${formatAmount(t.reserved)}/${formatAmount(t.spent)}`);
    }
  }
  for (const [k, t] of totals) {
    if (t.reserved !== 0n || t.spent !== 0n) problems.push(`totals ${k.replace('\u0000', ' ')} missing`);
  }
  return problems;
}
