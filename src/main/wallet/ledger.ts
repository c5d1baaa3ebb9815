import { costOf } from '../../shared/domain/budget';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { Db } from '../store/database';
import { createLedgerOps, type Totals } from './ledger-ops';
import { toRow, type Ledger, type LedgerEntry, type LedgerOp, type OpResult, type RawReservation } from './ledger-types';
import { verifyLedger } from './ledger-verify';
import { LEDGER_ENTRY_SELECT } from './ledger-export';

/**
 * The AIT ledger: append-only entries (reserve, settle, release, refund, transfer, fee) plus two
 * projections kept in the same transaction — reservations (one row per admission) and spend_totals
 * (reserved/spent per limit scope and period). Every change runs under BEGIN IMMEDIATE, so two
 * processes on the same file cannot both pass a limit check; `apply` runs a whole batch of admissions,
 * settlements and releases in one such transaction (group commit, see group-commit.ts).
 */
export function createLedger(db: Db, opts: { now?: () => number } = {}): Ledger {
  const now = opts.now ?? Date.now;
  const ops = createLedgerOps(db, now);
  /** One transaction with its own Totals, written back before COMMIT. */
  const inTx = <A extends unknown[], R>(fn: (t: Totals, ...a: A) => R) =>
    db.transaction((...a: A): R => {
      const t = ops.totals();
      const r = fn(t, ...a);
      t.write();
      return r;
    });

  const applyTx = inTx((t, batch: readonly LedgerOp[]): OpResult[] => batch.map((op) => ops.run(t, op)));
  const refundTx = inTx(ops.refund);
  const externalTx = db.transaction((ref: { jobId: string; receiptId: string | null; payment: bigint; agentId: string | null; note: string }) => {
    const cost = costOf(ref.payment);
    const rid = `ext_${ref.jobId}`;
    ops.entry({ kind: 'settle', reservationId: rid, jobId: ref.jobId, receiptId: ref.receiptId, agentId: ref.agentId, amount: formatAmount(cost.payment), note: ref.note });
    ops.entry({ kind: 'fee', reservationId: rid, jobId: ref.jobId, agentId: ref.agentId, amount: formatAmount(cost.fee), note: 'platform fee 2.5 %' });
  });
  const transferTx = db.transaction((ref: { to: string; amount: bigint; fee: bigint; txHash: string; note?: string }) => {
    ops.entry({ kind: 'transfer', amount: formatAmount(ref.amount), txHash: ref.txHash, counterparty: ref.to, note: ref.note ?? '' });
    ops.entry({ kind: 'fee', amount: formatAmount(ref.fee), txHash: ref.txHash, counterparty: ref.to, note: 'chain transaction fee' });
  });
  const one = <R extends OpResult>(op: LedgerOp) => applyTx.immediate([op])[0] as R;

  const getTotals = db.prepare<[string, string], { reserved: string; spent: string }>('SELECT reserved, spent FROM spend_totals WHERE scope = ? AND period_key = ?');
  const selectHeld = db.prepare<[], RawReservation>("SELECT * FROM reservations WHERE state = 'held' ORDER BY created_ms");
  const selectExpired = db.prepare<[number], { id: string }>("SELECT id FROM reservations WHERE state = 'held' AND expires_ms <= ?");
  const reason = 'expired: no settlement before the reservation deadline';

  return {
    reserve: (input) => one({ kind: 'reserve', input }),
    apply: (batch) => applyTx.immediate(batch),
    settle: (id, actualPayment, ref) => one({ kind: 'settle', id, actualPayment, ref }),
    release: (id, why) => one({ kind: 'release', id, reason: why }),
    refund: (ref) => refundTx.immediate(ref),
    recordExternalSettle: (ref) => externalTx.immediate(ref),
    recordTransfer: (ref) => transferTx.immediate(ref),
    usage(scope, key) {
      const row = getTotals.get(scope, key);
      return row ? { reserved: parseAmount(row.reserved), spent: parseAmount(row.spent) } : { reserved: 0n, spent: 0n };
    },
    reservation: (id) => {
      const r = ops.getReservation(id);
      return r ? toRow(r) : null;
    },
    reservationByJob: (jobId) => {
      const r = ops.getByJob(jobId);
      return r ? toRow(r) : null;
    },
    held: () => selectHeld.all().map(toRow),
    expire(nowMs) {
      const batch = selectExpired.all(nowMs).map(({ id }): LedgerOp => ({ kind: 'release', id, reason }));
      if (!batch.length) return 0;
      return applyTx.immediate(batch).filter((r) => 'changed' in r && r.changed).length;
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
      const sql = `${LEDGER_ENTRY_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
      return db.prepare<(string | number)[], LedgerEntry>(sql).all(...args, q.limit ?? 200);
    },
    verify: () => verifyLedger(db),
  };
}
