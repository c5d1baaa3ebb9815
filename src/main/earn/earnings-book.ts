import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { Db } from '../store/database';

export type EarningKind = 'pending' | 'released' | 'refunded' | 'disputed';

/** One stage of one job's earning, and whose word it rests on. */
export interface EarningEntry {
  network: string;
  jobId: string;
  kind: EarningKind;
  /** AIT, a decimal string, as the coordinator (pending) or the chain (released) stated it. */
  amount: string;
  /** `coordinator:<route>` or `chain:<route>`: never this miner's own claim. */
  source: string;
  txHash: string | null;
  atMs: number;
}

/**
 * THE booking of earnings: appends one journal row per (network, job, stage), exactly once (a repeat is a
 * no-op and returns false). Reconciliation hooks in here: whatever re-reads the coordinator or the chain books
 * through this function, so an earning can never be counted twice.
 */
export function bookEarning(db: Db, e: EarningEntry): boolean {
  const amount = formatAmount(parseAmount(e.amount));
  const info = db
    .prepare('INSERT OR IGNORE INTO earn_entries (at_ms, network, job_id, kind, amount, source, tx_hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(e.atMs, e.network, e.jobId, e.kind, amount, e.source, e.txHash);
  return info.changes === 1;
}

export interface JobEarning {
  pendingAit: string | null;
  releasedAit: string | null;
  releasedAt: number | null;
  releaseTx: string | null;
  closed: boolean;
}

/** Read side of the journal: per job, totals, per local day. */
export function earningsReads(db: Db) {
  const byJob = db.prepare<[string, string], { kind: EarningKind; amount: string; at_ms: number; tx_hash: string | null }>('SELECT kind, amount, at_ms, tx_hash FROM earn_entries WHERE network = ? AND job_id = ?');
  const all = db.prepare<[], { kind: EarningKind; amount: string; at_ms: number; network: string; job_id: string }>('SELECT kind, amount, at_ms, network, job_id FROM earn_entries ORDER BY seq');
  const sum = (xs: { amount: string }[]) => formatAmount(xs.reduce((a, x) => a + parseAmount(x.amount), 0n));
  const lastSeq = db.prepare<[], { s: number | null }>('SELECT MAX(seq) AS s FROM earn_entries');
  let cached: { seq: number | null; totals: { pendingAit: string; releasedAit: string } } | null = null;
  return {
    job(network: string, jobId: string): JobEarning {
      const rows = byJob.all(network, jobId);
      const pending = rows.find((r) => r.kind === 'pending');
      const released = rows.find((r) => r.kind === 'released');
      return {
        pendingAit: pending?.amount ?? null,
        releasedAit: released?.amount ?? null,
        releasedAt: released?.at_ms ?? null,
        releaseTx: released?.tx_hash ?? null,
        closed: rows.some((r) => r.kind === 'released' || r.kind === 'refunded'),
      };
    },
    /** Pending = booked pending and not yet released or refunded; released = what the chain paid out. */
    totals(): { pendingAit: string; releasedAit: string } {
      // read on every status tick: recomputed only when the journal grew
      const seq = lastSeq.get()?.s ?? null;
      if (cached && cached.seq === seq) return cached.totals;
      const rows = all.all();
      const closed = new Set(rows.filter((r) => r.kind === 'released' || r.kind === 'refunded').map((r) => `${r.network} ${r.job_id}`));
      const totals = {
        pendingAit: sum(rows.filter((r) => r.kind === 'pending' && !closed.has(`${r.network} ${r.job_id}`))),
        releasedAit: sum(rows.filter((r) => r.kind === 'released')),
      };
      cached = { seq, totals };
      return totals;
    },
    /** One row per local day (the booking's day), the last `days` days, oldest first. */
    perDay(days: number, now = Date.now()): { day: string; pendingAit: string; releasedAit: string; jobs: number }[] {
      const dayOf = (ms: number) => {
        const d = new Date(ms);
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      };
      const from = now - days * 86_400_000;
      const out = new Map<string, { pending: { amount: string }[]; released: { amount: string }[]; jobs: Set<string> }>();
      for (const r of all.all()) {
        if (r.at_ms < from || (r.kind !== 'pending' && r.kind !== 'released')) continue;
        const day = dayOf(r.at_ms);
        const slot = out.get(day) ?? { pending: [], released: [], jobs: new Set<string>() };
        slot[r.kind].push(r);
        slot.jobs.add(`${r.network} ${r.job_id}`);
        out.set(day, slot);
      }
      return [...out.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, s]) => ({ day, pendingAit: sum(s.pending), releasedAit: sum(s.released), jobs: s.jobs.size }));
    },
  };
}
export type EarningsReads = ReturnType<typeof earningsReads>;

/** Earnings as reconciliation sees them (wallet's `EarningsBook`, joined in adapters/earn-wiring.ts), per network. */
export interface EarningsForReconcile {
  /** Jobs served to completion on this network, whose earning the coordinator and chain should show. */
  jobIds(network: string): string[];
  /** What the journal booked as released for the job, null when no release is booked. */
  releasedAit(network: string, jobId: string): string | null;
  /** Books a release the chain shows and the journal lacks, through `bookEarning` (once per job, never rewritten). */
  appendReleased(network: string, jobId: string, amountAit: string, txHash: string | null, note: string): boolean;
}

export function earningsForReconcile(db: Db, opts: { served: (network: string) => string[]; now?: () => number; onBooked?: () => void }): EarningsForReconcile {
  const now = opts.now ?? Date.now;
  const released = db.prepare<[string, string], { amount: string }>("SELECT amount FROM earn_entries WHERE network = ? AND job_id = ? AND kind = 'released'");
  return {
    jobIds: opts.served,
    releasedAit: (network, jobId) => released.get(network, jobId)?.amount ?? null,
    appendReleased: (network, jobId, amountAit, txHash, note) => {
      const booked = bookEarning(db, { network, jobId, kind: 'released', amount: amountAit, source: `chain:/rpc/escrow/{job_id} (${note})`, txHash, atMs: now() });
      if (booked) opts.onBooked?.(); // the Earn page's totals move now, not at the next tick
      return booked;
    },
  };
}
