import { parseAmount, type Amount } from '../../shared/domain/decimal';
import type { Db } from '../store/database';

/** A held (open) reservation as the ledger keeps it in memory: everything closing it needs, no row read. */
export interface Held {
  id: string;
  seq: number;
  requestId: string;
  agentId: string;
  model: string;
  minerId: string | null;
  fee: Amount;
  total: Amount;
  /** `total` as stored (the release entry's amount). */
  totalText: string;
  scopes: [string, string][];
  createdMs: number;
  expiresMs: number;
}

/** What one transaction changed in the held set; applied to the book only after its COMMIT. */
export interface Stage {
  added: Map<string, Held>;
  closed: Set<string>;
  /** The highest seq this transaction wrote (or saw, when it wrote nothing). */
  lastSeq: number;
}

/**
 * The held reservations: a projection of ledger_entries (reserve rows without a settle or release) that the
 * ledger owns in memory. It is rebuilt on open from `ledger_marks.open_from_seq` on (every reserve row below
 * it is closed), changed by this process's own transactions after they commit, and caught up with rows other
 * processes committed: each transaction reads max(seq) under its write lock and records the range it did not
 * write as a gap, read on the next `sync()`. Budget checks never depend on it (spend_totals is re-read under
 * the lock); closes, expiry and `held()` do, and they sync first where it matters.
 */
export interface HeldBook {
  get(id: string): Held | undefined;
  /** True when no rows of other processes wait to be read. */
  synced(): boolean;
  /** Reads every gap (and, outside a transaction, whatever was committed since). */
  sync(): void;
  /** Rows up to `seq` are committed: what lies above what the book knows joins the gaps. */
  saw(seq: number): void;
  /** Applies a committed transaction's changes. */
  commit(stage: Stage): void;
  /** All held reservations, oldest first (sync first for the whole picture). */
  list(): Held[];
  /** The lowest seq that may still be open (valid after a sync): the next open_from_seq. */
  openFrom(): number;
  /** The highest seq the book has accounted for. */
  known(): number;
}

interface JournalRow {
  seq: number;
  kind: string;
  reservation_id: string | null;
  request_id: string | null;
  agent_id: string | null;
  model: string | null;
  miner_id: string | null;
  amount: string;
  fee: string | null;
  scopes: string | null;
  at_ms: number;
  expires_ms: number | null;
}

/** A reserve row as a Held. */
export function heldFromRow(r: JournalRow): Held {
  return {
    id: r.reservation_id ?? `res_${r.seq}`,
    seq: r.seq,
    requestId: r.request_id ?? '',
    agentId: r.agent_id ?? '',
    model: r.model ?? '',
    minerId: r.miner_id,
    fee: parseAmount(r.fee ?? '0'),
    total: parseAmount(r.amount),
    totalText: r.amount,
    scopes: JSON.parse(r.scopes ?? '[]') as [string, string][],
    createdMs: r.at_ms,
    expiresMs: r.expires_ms ?? r.at_ms,
  };
}

export const JOURNAL_COLUMNS = 'seq, kind, reservation_id, request_id, agent_id, model, miner_id, amount, fee, scopes, at_ms, expires_ms';

/** A reservation id names its reserve row: "res_<seq>". */
export const seqOfId = (id: string): number | null => (/^res_\d{1,15}$/.test(id) ? Number(id.slice(4)) : null);

/** The reserve row of reservation `id`, if there is one. */
export function reserveRowReader(db: Db): (id: string) => JournalRow | undefined {
  const bySeq = db.prepare<[number], JournalRow>(`SELECT ${JOURNAL_COLUMNS} FROM ledger_entries WHERE seq = ? AND kind = 'reserve'`);
  return (id) => {
    const seq = seqOfId(id);
    const row = seq === null ? undefined : bySeq.get(seq);
    return row?.reservation_id === id ? row : undefined;
  };
}

/** Gaps (other processes' rows, one range per batch of ours) kept before they are read anyway. */
const MAX_GAPS = 256;

export function createHeldBook(db: Db): HeldBook {
  const range = db.prepare<[number, number], JournalRow>(
    `SELECT ${JOURNAL_COLUMNS} FROM ledger_entries WHERE seq >= ? AND seq <= ? AND kind IN ('reserve', 'settle', 'release') ORDER BY seq`,
  );
  const maxSeq = db.prepare<[], { m: number | null }>('SELECT max(seq) AS m FROM ledger_entries');
  const mark = db.prepare<[], { value: number }>("SELECT value FROM ledger_marks WHERE name = 'open_from_seq'");
  const held = new Map<string, Held>();
  const gaps: [number, number][] = [];
  let known = (mark.get()?.value ?? 1) - 1;

  const saw = (seq: number) => {
    if (seq <= known) return;
    const last = gaps.at(-1);
    if (last && last[1] === known) last[1] = seq;
    else gaps.push([known + 1, seq]);
    known = seq;
  };
  const sync = () => {
    if (!db.inTransaction) saw(maxSeq.get()?.m ?? 0);
    for (const [from, to] of gaps.splice(0)) {
      for (const r of range.iterate(from, to)) {
        if (r.kind === 'reserve') held.set(r.reservation_id ?? `res_${r.seq}`, heldFromRow(r));
        else if (r.reservation_id) held.delete(r.reservation_id);
      }
    }
  };
  sync(); // rebuild

  return {
    get: (id) => held.get(id),
    synced: () => gaps.length === 0,
    sync,
    saw,
    commit(stage) {
      for (const id of stage.closed) held.delete(id);
      for (const [id, h] of stage.added) if (!stage.closed.has(id)) held.set(id, h);
      // The transaction saw max(seq) = known under its lock and wrote known+1..lastSeq itself: no gap.
      if (stage.lastSeq > known) known = stage.lastSeq;
      if (gaps.length > MAX_GAPS) sync(); // after COMMIT: a process that never asks still keeps the list short
    },
    list: () => [...held.values()].sort((a, b) => a.seq - b.seq),
    openFrom() {
      let low = known + 1;
      for (const h of held.values()) if (h.seq < low) low = h.seq;
      return low;
    },
    known: () => known,
  };
}
