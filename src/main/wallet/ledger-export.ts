import type { Db } from '../store/database';
import { createLedgerReads } from './ledger-reads';
import type { LedgerEntry } from './ledger-types';

/**
 * Every ledger entry with `fromMs <= at <= toMs` (either bound optional), oldest first: what an export holds. Read
 * through the journal's own reader, so a settle row exports as its settle and fee entries, as the history shows it.
 */
export function ledgerEntriesBetween(db: Db, range: { fromMs?: number | undefined; toMs?: number | undefined }): LedgerEntry[] {
  const toMs = range.toMs ?? Number.MAX_SAFE_INTEGER;
  return createLedgerReads(db)
    .entries({ sinceMs: range.fromMs ?? 0, limit: Number.MAX_SAFE_INTEGER })
    .filter((e) => e.atMs <= toMs)
    .reverse();
}
