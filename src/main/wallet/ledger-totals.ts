import { formatAmount, parseAmount, type Amount } from '../../shared/domain/decimal';
import type { Db } from '../store/database';

/**
 * One transaction's view of spend_totals (reserved/spent per limit scope and period): each counter is read
 * once, under the transaction's write lock (so another process cannot move it meanwhile), changed in memory
 * by every operation of the batch and written back once before COMMIT. This is what keeps budget checks exact
 * across processes while a whole batch is decided in memory.
 */
export interface Totals {
  read(scope: string, periodKey: string): { reserved: Amount; spent: Amount };
  adjust(scopes: readonly [string, string][], dReserved: Amount, dSpent: Amount): void;
  /** Writes the changed counters back to spend_totals (end of the transaction). */
  write(): void;
}

export function createTotalsFactory(db: Db): () => Totals {
  const getTotals = db.prepare<[string, string], { reserved: string; spent: string }>('SELECT reserved, spent FROM spend_totals WHERE scope = ? AND period_key = ?');
  const putTotals = db.prepare(
    `INSERT INTO spend_totals (scope, period_key, reserved, spent) VALUES (?, ?, ?, ?)
     ON CONFLICT (scope, period_key) DO UPDATE SET reserved = excluded.reserved, spent = excluded.spent`,
  );
  return () => {
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
}
