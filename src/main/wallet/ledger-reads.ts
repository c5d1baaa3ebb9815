import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { Db } from '../store/database';
import { heldFromRow, reserveRowReader, type Held } from './ledger-book';
import type { EntryKind, LedgerEntry, ReservationRow } from './ledger-types';

/** Reading the journal back: history entries (a settle row shows as its settle and fee entries) and reservations. */
export interface LedgerReads {
  entries(q?: { limit?: number; beforeSeq?: number; sinceMs?: number; kinds?: readonly EntryKind[] }): LedgerEntry[];
  reservation(id: string): ReservationRow | null;
  reservationByJob(jobId: string): ReservationRow | null;
}

interface EntryRow extends Omit<LedgerEntry, 'kind'> {
  kind: EntryKind;
  fee: string | null;
}

interface CloseRow {
  kind: 'settle' | 'release';
  at_ms: number;
  amount: string;
  fee: string | null;
  job_id: string | null;
  receipt_id: string | null;
  note: string;
}

/** A held (or, with its close row, a closed) reservation as the API shows it. */
export function reservationRow(h: Held, close?: CloseRow): ReservationRow {
  const settled = close?.kind === 'settle';
  return {
    id: h.id,
    requestId: h.requestId,
    agentId: h.agentId,
    model: h.model,
    minerId: h.minerId,
    payment: formatAmount(h.total - h.fee),
    fee: formatAmount(h.fee),
    total: h.totalText,
    state: close ? (settled ? 'settled' : 'released') : 'held',
    scopes: h.scopes,
    createdMs: h.createdMs,
    expiresMs: h.expiresMs,
    closedMs: close?.at_ms ?? null,
    settledTotal: settled ? formatAmount(parseAmount(close.amount) + parseAmount(close.fee ?? '0')) : null,
    jobId: settled ? close.job_id : null,
    receiptId: settled ? close.receipt_id : null,
    reason: close && !settled ? close.note : null,
  };
}

/** The fee leg of a settle or transfer row, as the entry it was before both legs shared a row. */
const feeEntry = (e: LedgerEntry, fee: string): LedgerEntry => ({
  ...e,
  kind: 'fee',
  amount: fee,
  note: e.kind === 'transfer' ? 'chain transaction fee' : 'platform fee 2.5 %',
});

/**
 * The first seq whose entry is at or after `ms`: a bisection along seq (at_ms never decreases along it, see
 * ledger-writer.ts), so `seq >= firstSeqSince(ms)` selects exactly the entries since `ms` without a time index.
 */
export function firstSeqSince(db: Db, ms: number): number {
  const firstFrom = db.prepare<[number], { seq: number; at_ms: number }>('SELECT seq, at_ms FROM ledger_entries WHERE seq >= ? ORDER BY seq LIMIT 1');
  let lo = 0;
  let hi = (db.prepare<[], number | null>('SELECT max(seq) FROM ledger_entries').pluck().get() ?? 0) + 1;
  // entries below lo are before ms; entries from hi on are at or after it
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const r = firstFrom.get(mid);
    if (!r || r.at_ms >= ms) hi = mid;
    else lo = r.seq + 1;
  }
  return lo;
}

export function createLedgerReads(db: Db): LedgerReads {
  const reserveRow = reserveRowReader(db);
  const closeRow = db.prepare<[string], CloseRow>(
    "SELECT kind, at_ms, amount, fee, job_id, receipt_id, note FROM ledger_entries WHERE reservation_id = ? AND kind IN ('settle', 'release')",
  );
  const byJob = db.prepare<[string], { reservation_id: string }>(
    "SELECT reservation_id FROM ledger_entries WHERE job_id = ? AND kind = 'settle' AND reservation_id IS NOT NULL ORDER BY seq DESC LIMIT 1",
  );
  const reservation = (id: string): ReservationRow | null => {
    const row = reserveRow(id);
    return row ? reservationRow(heldFromRow(row), closeRow.get(id)) : null;
  };

  return {
    reservation,
    reservationByJob(jobId) {
      const r = byJob.get(jobId);
      return r ? reservation(r.reservation_id) : null;
    },
    entries(q = {}) {
      const limit = q.limit ?? 200;
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.beforeSeq !== undefined) {
        where.push('seq < ?');
        args.push(q.beforeSeq);
      }
      if (q.sinceMs !== undefined) {
        where.push('seq >= ?');
        args.push(firstSeqSince(db, q.sinceMs));
      }
      const kinds = q.kinds?.length ? new Set<EntryKind>(q.kinds) : null;
      if (kinds) {
        // a fee is also the fee leg of a settle or transfer row
        const rowKinds = kinds.has('fee') ? [...new Set([...kinds, 'settle', 'transfer'])] : [...kinds];
        where.push(`kind IN (${rowKinds.map(() => '?').join(',')})`);
        args.push(...rowKinds);
      }
      const sql = `SELECT seq, at_ms AS atMs, kind, reservation_id AS reservationId, agent_id AS agentId, model, miner_id AS minerId,
        amount, fee, job_id AS jobId, receipt_id AS receiptId, tx_hash AS txHash, counterparty,
        CASE WHEN kind = 'reserve' AND note = '' THEN 'request ' || request_id ELSE note END AS note
        FROM ledger_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
      const out: LedgerEntry[] = [];
      for (const r of db.prepare<(string | number)[], EntryRow>(sql).all(...args, limit)) {
        const { fee, ...entry } = r;
        const legs = [...(fee !== null && r.kind !== 'reserve' ? [feeEntry(entry, fee)] : []), entry].filter((e) => !kinds || kinds.has(e.kind));
        if (out.length && out.length + legs.length > limit) break; // a page never splits a row: the next starts at its seq
        out.push(...legs);
      }
      return out;
    },
  };
}
