import { checkLimits, costOf, type Cost, type ScopeUsage } from '../../shared/domain/budget';
import { formatAmount, type Amount } from '../../shared/domain/decimal';
import type { Db } from '../store/database';
import { heldFromRow, reserveRowReader, type Held, type HeldBook } from './ledger-book';
import type { LedgerReads } from './ledger-reads';
import type { CloseResult, LedgerOp, OpResult, ReservationState, ReserveInput, ReserveResult, SettleRef } from './ledger-types';
import type { Writer } from './ledger-writer';

/**
 * The ledger's write operations, run inside a Writer's transaction. An admission appends ONE row (the reserve
 * entry is the reservation); a settle appends ONE row with both legs (payment in amount, the fee the wire charged in fee), capped at the reservation;
 * a release ONE row. A close is an `INSERT … ON CONFLICT DO NOTHING` against the once-per-reservation index, so
 * a reservation another process closed first is reported unchanged and moves no money twice.
 */
export interface LedgerOps {
  /** What an operation needs that does not depend on the totals: computed before the write lock is taken. */
  prepare(op: LedgerOp): Prepared;
  run(w: Writer, p: Prepared): OpResult;
  /** A settle without a reservation (money the coordinator moved that the ledger never reserved). */
  externalSettle(w: Writer, ref: { jobId: string; receiptId: string | null; payment: Amount; agentId: string | null; note: string }): void;
  transfer(w: Writer, ref: { to: string; amount: Amount; fee: Amount; txHash: string; note?: string }): void;
  refund(w: Writer, ref: { reservationId: string | null; jobId: string | null; amount: Amount; note: string }): void;
}

export type Prepared =
  | { kind: 'reserve'; input: ReserveInput; total: Amount; totalText: string; feeText: string; scopes: [string, string][]; scopesJson: string }
  | { kind: 'settle'; id: string; cost: Cost; ref: SettleRef }
  | { kind: 'release'; id: string; reason: string };

type Other = { kind: 'settle' | 'refund' | 'transfer'; amount: string; note: string } & Partial<
  Record<'reservationId' | 'agentId' | 'model' | 'minerId' | 'fee' | 'jobId' | 'receiptId' | 'txHash' | 'counterparty', string | null>
>;

/**
 * A hard limit is a hard limit: a settle books at most what its reservation holds. The payment is kept within the
 * reserved payment, the fee within what is left of the total; what it asked for above that is the excess (a dispute).
 */
function capped(cost: Cost, r: Held): { payment: Amount; fee: Amount; excess: Amount } {
  if (cost.total <= r.total) return { payment: cost.payment, fee: cost.fee, excess: 0n };
  const reservedPayment = r.total - r.fee;
  const payment = cost.payment < reservedPayment ? cost.payment : reservedPayment;
  const room = r.total - payment;
  const fee = cost.fee < room ? cost.fee : room;
  return { payment, fee, excess: cost.total - payment - fee };
}

export function createLedgerOps(db: Db, book: HeldBook, reads: LedgerReads): LedgerOps {
  const insertReserve = db.prepare(
    `INSERT INTO ledger_entries (seq, at_ms, kind, reservation_id, agent_id, model, miner_id, amount, fee, request_id, scopes, expires_ms)
     VALUES (?, ?, 'reserve', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertClose = db.prepare(
    `INSERT INTO ledger_entries (seq, at_ms, kind, reservation_id, agent_id, model, miner_id, amount, fee, job_id, receipt_id, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (reservation_id) WHERE kind IN ('settle', 'release') DO NOTHING`,
  );
  const insertOther = db.prepare(
    `INSERT INTO ledger_entries (seq, at_ms, kind, reservation_id, agent_id, model, miner_id, amount, fee, job_id, receipt_id, tx_hash, counterparty, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const reserveRow = reserveRowReader(db);
  const settledJob = db.prepare<[string], { reservation_id: string | null }>("SELECT reservation_id FROM ledger_entries WHERE job_id = ? AND kind = 'settle' LIMIT 1");
  const closeOf = db.prepare<[string], { kind: 'settle' | 'release' }>(
    "SELECT kind FROM ledger_entries WHERE reservation_id = ? AND kind IN ('settle', 'release')",
  );

  const stateOf = (id: string): ReservationState | 'unknown' => {
    const close = closeOf.get(id);
    if (close) return close.kind === 'settle' ? 'settled' : 'released';
    return reserveRow(id) ? 'held' : 'unknown';
  };
  /** The held reservation `id`, from this transaction, the book (synced with other processes first) or the row. */
  const lookup = (w: Writer, id: string): Held | null => {
    if (w.stage.closed.has(id)) return null;
    const mine = w.stage.added.get(id) ?? book.get(id);
    if (mine) return mine;
    if (!book.synced()) {
      book.sync();
      const theirs = book.get(id);
      if (theirs) return theirs;
    }
    const row = reserveRow(id);
    return row && !closeOf.get(id) ? heldFromRow(row) : null;
  };
  const notClosed = (w: Writer, id: string): CloseResult => {
    if (book.get(id)) w.stage.closed.add(id);
    return { changed: false, state: stateOf(id) };
  };

  const reserve = (w: Writer, p: Extract<Prepared, { kind: 'reserve' }>): ReserveResult => {
    const { input } = p;
    const before: ScopeUsage[] = input.scopes.map((s) => ({ scope: s.scope, label: s.label, limit: s.limit, soft: s.soft, ...w.totals.read(s.scope, s.periodKey) }));
    const check = checkLimits(before, p.total);
    if (!check.ok) return check;
    const at = w.at();
    const seq = w.append((s) => insertReserve.run(s, at, `res_${s}`, input.agentId, input.model, input.minerId, p.totalText, p.feeText, input.requestId, p.scopesJson, at + input.ttlMs).changes);
    if (seq === null) throw new Error('reserve row not written');
    const id = `res_${seq}`;
    w.totals.adjust(p.scopes, p.total, 0n);
    w.stage.added.set(id, {
      id, seq, requestId: input.requestId, agentId: input.agentId, model: input.model, minerId: input.minerId, fee: input.fee,
      total: p.total, totalText: p.totalText, scopes: p.scopes, createdMs: at, expiresMs: at + input.ttlMs,
    });
    return { ok: true, id, softCrossed: check.softCrossed, before };
  };

  const close = (w: Writer, id: string, settle: Extract<Prepared, { kind: 'settle' }> | null, reason: string): CloseResult => {
    const r = lookup(w, id);
    if (!r) return notClosed(w, id);
    // One job is booked once: a second reservation settling a job already settled (a retried request) is released
    const twice = settle ? settledJob.get(settle.ref.jobId) : undefined;
    if (settle && twice) return close(w, id, null, `job ${settle.ref.jobId} is already booked (${twice.reservation_id ?? 'an earlier entry'})`);
    const at = w.at();
    const booked = settle ? capped(settle.cost, r) : null;
    const written = settle && booked
      ? w.append((s) => {
          const over = booked.excess > 0n ? ` (asked ${formatAmount(settle.cost.total)} AIT, above the reserved ${r.totalText} AIT: capped, ${formatAmount(booked.excess)} AIT disputed)` : '';
          const { jobId, receiptId, note } = settle.ref;
          return insertClose.run(s, at, 'settle', id, r.agentId, r.model, r.minerId, formatAmount(booked.payment), formatAmount(booked.fee), jobId, receiptId ?? null, (note ?? '') + over).changes;
        })
      : w.append((s) => insertClose.run(s, at, 'release', id, r.agentId, r.model, r.minerId, r.totalText, null, null, null, reason).changes);
    if (written === null) return notClosed(w, id); // closed by another process first
    w.stage.closed.add(id);
    w.totals.adjust(r.scopes, -r.total, booked ? booked.payment + booked.fee : 0n);
    return booked && booked.excess > 0n ? { changed: true, excess: booked.excess } : { changed: true };
  };

  const other = (w: Writer, e: Other) => {
    const at = w.at();
    const n = (v: string | null | undefined) => v ?? null;
    w.append((s) => insertOther.run(s, at, e.kind, n(e.reservationId), n(e.agentId), n(e.model), n(e.minerId), e.amount, n(e.fee), n(e.jobId), n(e.receiptId), n(e.txHash), n(e.counterparty), e.note).changes);
  };

  return {
    prepare(op) {
      if (op.kind === 'release') return op;
      if (op.kind === 'settle') {
        const payment = op.actualPayment < 0n ? 0n : op.actualPayment;
        const cost = op.ref.fee !== undefined ? { payment, fee: op.ref.fee < 0n ? 0n : op.ref.fee, total: payment + (op.ref.fee < 0n ? 0n : op.ref.fee) } : costOf(payment);
        return { kind: 'settle', id: op.id, cost, ref: op.ref };
      }
      const { input } = op;
      const total = input.payment + input.fee;
      const scopes: [string, string][] = input.scopes.map((s) => [s.scope, s.periodKey]);
      return { kind: 'reserve', input, total, totalText: formatAmount(total), feeText: formatAmount(input.fee), scopes, scopesJson: JSON.stringify(scopes) };
    },
    run: (w, p) => (p.kind === 'reserve' ? reserve(w, p) : p.kind === 'settle' ? close(w, p.id, p, '') : close(w, p.id, null, p.reason)),
    externalSettle(w, ref) {
      const cost = costOf(ref.payment);
      const id = `ext_${ref.jobId}`;
      if (closeOf.get(id)) throw new Error(`job ${ref.jobId} is already settled`);
      other(w, { kind: 'settle', reservationId: id, jobId: ref.jobId, receiptId: ref.receiptId, agentId: ref.agentId, amount: formatAmount(cost.payment), fee: formatAmount(cost.fee), note: ref.note });
    },
    transfer(w, ref) {
      other(w, { kind: 'transfer', amount: formatAmount(ref.amount), fee: formatAmount(ref.fee), txHash: ref.txHash, counterparty: ref.to, note: ref.note ?? '' });
    },
    refund(w, ref) {
      const r = ref.reservationId ? reads.reservation(ref.reservationId) : ref.jobId ? reads.reservationByJob(ref.jobId) : null;
      other(w, { kind: 'refund', reservationId: r?.id ?? ref.reservationId, agentId: r?.agentId, model: r?.model, minerId: r?.minerId, jobId: ref.jobId ?? r?.jobId, amount: formatAmount(ref.amount), note: ref.note });
      if (r?.state === 'settled') w.totals.adjust(r.scopes, 0n, -ref.amount);
    },
  };
}
