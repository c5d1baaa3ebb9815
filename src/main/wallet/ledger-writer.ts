import type { Db } from '../store/database';
import type { HeldBook, Stage } from './ledger-book';
import type { Totals } from './ledger-totals';

/** One write transaction of the ledger: its totals, its changes to the held set, and the seqs it appends at. */
export interface Writer {
  readonly totals: Totals;
  readonly stage: Stage;
  /** Runs one insert at the next seq (`run` returns the rows it changed); the seq is used only if it wrote a row. */
  append(run: (seq: number) => number): number | null;
  /** The time for a new entry: now, but never before the newest entry (at_ms never decreases along seq). */
  at(): number;
}

/**
 * Wraps `fn` in a BEGIN IMMEDIATE transaction that reads the newest entry under the write lock (rows other processes
 * committed up to there are the held book's next gap; its at_ms is the floor for new entries, so time can be found
 * along seq without an index, see firstSeqSince), appends at explicit seqs after it, writes the totals back
 * before COMMIT, and hands the held-set changes to the book only after COMMIT — a rolled-back batch leaves the
 * book as it was. Inside another transaction (a savepoint) the book is not touched: what it wrote is read back by
 * the next sync, so it may not open or close reservations.
 */
export function createWriter(db: Db, book: HeldBook, totals: () => Totals, now: () => number) {
  const newest = db.prepare<[], { seq: number; at_ms: number }>('SELECT seq, at_ms FROM ledger_entries ORDER BY seq DESC LIMIT 1');
  return <A extends unknown[], R>(fn: (w: Writer, ...a: A) => R) => {
    const tx = db.transaction((nested: boolean, ...a: A): [R, Stage] => {
      const last = newest.get();
      const base = last?.seq ?? 0;
      let floor = last?.at_ms ?? 0;
      if (!nested) book.saw(base);
      let seq = base;
      const stage: Stage = { added: new Map(), closed: new Set(), lastSeq: base };
      const t = totals();
      const w: Writer = {
        totals: t,
        stage,
        append(run) {
          if (run(seq + 1) === 0) return null;
          stage.lastSeq = ++seq;
          return seq;
        },
        at() {
          floor = Math.max(floor, now());
          return floor;
        },
      };
      const r = fn(w, ...a);
      if (nested && (stage.added.size || stage.closed.size)) throw new Error('a ledger write that opens or closes reservations cannot run inside another transaction');
      t.write();
      return [r, stage];
    });
    return (...a: A): R => {
      const nested = db.inTransaction;
      const [r, stage] = tx.immediate(nested, ...a);
      if (!nested) book.commit(stage);
      return r;
    };
  };
}
