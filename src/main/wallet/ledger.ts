import { parseAmount } from '../../shared/domain/decimal';
import type { Db } from '../store/database';
import { createHeldBook } from './ledger-book';
import { createLedgerOps } from './ledger-ops';
import { createLedgerReads, reservationRow } from './ledger-reads';
import { createTotalsFactory } from './ledger-totals';
import type { Ledger, LedgerOp, OpResult } from './ledger-types';
import { verifyLedger } from './ledger-verify';
import { createWriter } from './ledger-writer';

const EXPIRED = 'expired: no settlement before the reservation deadline';

/**
 * The AIT ledger: one append-only journal (ledger_entries: reserve, settle with its fee leg, release, refund,
 * transfer) and two projections — spend_totals (reserved/spent per limit scope and period, in the database and
 * re-read under every transaction's write lock, so two processes on one file cannot both pass a limit) and the
 * held reservations, which the ledger keeps in memory (ledger-book.ts). An admission is one row, a settle one
 * row; `apply` runs a whole batch of admissions, settlements and releases in one BEGIN IMMEDIATE transaction
 * (group commit, see group-commit.ts).
 */
export function createLedger(db: Db, opts: { now?: () => number } = {}): Ledger {
  const now = opts.now ?? Date.now;
  const book = createHeldBook(db);
  const reads = createLedgerReads(db);
  const ops = createLedgerOps(db, book, reads);
  const write = createWriter(db, book, createTotalsFactory(db), now);
  const mark = db.prepare("INSERT INTO ledger_marks (name, value) VALUES ('open_from_seq', ?) ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)");
  const getTotals = db.prepare<[string, string], { reserved: string; spent: string }>('SELECT reserved, spent FROM spend_totals WHERE scope = ? AND period_key = ?');

  const applyTx = write((w, prepared: ReturnType<typeof ops.prepare>[]): OpResult[] => prepared.map((p) => ops.run(w, p)));
  const apply = (batch: readonly LedgerOp[]) => applyTx(batch.map((op) => ops.prepare(op))); // prepared before the lock
  const refund = write(ops.refund);
  const external = write(ops.externalSettle);
  const transfer = write(ops.transfer);
  /**
   * Records how far back the held set must be rebuilt on the next open. Valid from any synced book: every reserve
   * row below openFrom() was closed when it synced, and a close is for ever; the row only ever moves up.
   */
  let marked = -1;
  const markOpen = () => {
    book.sync();
    const from = book.openFrom();
    if (from > marked) mark.run(from);
    marked = from;
  };
  const one = <R extends OpResult>(op: LedgerOp) => apply([op])[0] as R;

  return {
    reserve: (input) => one({ kind: 'reserve', input }),
    apply,
    settle: (id, actualPayment, ref) => one({ kind: 'settle', id, actualPayment, ref }),
    release: (id, why) => one({ kind: 'release', id, reason: why }),
    refund,
    recordExternalSettle: external,
    recordTransfer: transfer,
    usage(scope, key) {
      const row = getTotals.get(scope, key);
      return row ? { reserved: parseAmount(row.reserved), spent: parseAmount(row.spent) } : { reserved: 0n, spent: 0n };
    },
    reservation: reads.reservation,
    reservationByJob: reads.reservationByJob,
    held() {
      book.sync();
      return book.list().map((h) => reservationRow(h));
    },
    expire(nowMs) {
      book.sync();
      const batch = book.list().filter((h) => h.expiresMs <= nowMs).map(({ id }): LedgerOp => ({ kind: 'release', id, reason: EXPIRED }));
      const released = batch.length ? apply(batch).filter((r) => 'changed' in r && r.changed).length : 0;
      markOpen();
      return released;
    },
    entries: reads.entries,
    verify: () => verifyLedger(db, book),
  };
}
