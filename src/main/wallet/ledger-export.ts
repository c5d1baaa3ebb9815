import type { Db } from '../store/database';
import type { LedgerEntry } from './ledger-types';

/** The ledger_entries columns as LedgerEntry names them (one list for the page's history and the exports). */
export const LEDGER_ENTRY_SELECT = `SELECT seq, at_ms AS atMs, kind, reservation_id AS reservationId, agent_id AS agentId, model, miner_id AS minerId,
        amount, job_id AS jobId, receipt_id AS receiptId, tx_hash AS txHash, counterparty, note FROM ledger_entries`;

/** Every ledger entry with `fromMs <= at <= toMs` (either bound optional), oldest first: what an export holds. */
export function ledgerEntriesBetween(db: Db, range: { fromMs?: number | undefined; toMs?: number | undefined }): LedgerEntry[] {
  return db
    .prepare<[number, number], LedgerEntry>(`${LEDGER_ENTRY_SELECT} WHERE at_ms >= ? AND at_ms <= ? ORDER BY seq`)
    .all(range.fromMs ?? 0, range.toMs ?? Number.MAX_SAFE_INTEGER);
}
