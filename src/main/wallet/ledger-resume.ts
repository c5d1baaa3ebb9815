import type { JobOutcome } from '../../shared/domain/job-outcome';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { GroupCommit } from './group-commit';
import type { Overspend } from './ledger-admission';
import type { Logger } from '../log/logger';
import type { Ledger, ReservationRow } from './ledger-types';

export interface ResumeDeps {
  ledger: Ledger;
  commits: GroupCommit;
  /** What the network did with a request's money (the network feature, through an adapter). */
  outcome: (requestId: string) => Promise<JobOutcome>;
  /** When this process started: a reservation from before it has no request in flight here any more. */
  startedMs: number;
  onOverspend?: (o: Overspend) => void;
  /** True once the wallet is closing: the pass stops before asking about the next reservation. */
  stopped?: () => boolean;
}

export interface ResumeReport {
  settled: number;
  released: number;
  open: number;
}

/** A held reservation this pass may close: one a previous run left behind, or one past its deadline. */
const due = (r: ReservationRow, startedMs: number, nowMs: number) => r.createdMs < startedMs || r.expiresMs <= nowMs;

/**
 * Resumes held reservations against the coordinator and the chain (issue #14 item 2): on start every reservation a
 * previous run left held, and later each one past its deadline. A paid job is settled at what the chain moved, a
 * request that never became a paid job is released, and one whose money may still move stays held and is asked
 * again on the next pass: expiry never turns a paid job into zero spend. Closes are idempotent (one per reservation).
 */
export async function resumeHeld(d: ResumeDeps, nowMs = Date.now()): Promise<ResumeReport> {
  await d.commits.flush(); // this process's queued closes first: nothing is asked about twice
  const report: ResumeReport = { settled: 0, released: 0, open: 0 };
  for (const r of d.ledger.held().filter((h) => due(h, d.startedMs, nowMs))) {
    if (d.stopped?.()) break;
    const o = await d.outcome(r.requestId);
    if (o.kind === 'open') {
      report.open++;
      continue;
    }
    if (o.kind === 'unpaid') {
      const c = await d.commits.release(r.id, `released on resume: ${o.note}`);
      if (c.changed) report.released++;
      continue;
    }
    const c = await d.commits.settle(r.id, parseAmount(o.paymentAit), { jobId: o.jobId, note: o.note, ...(o.feeAit !== null ? { fee: parseAmount(o.feeAit) } : {}) });
    if (!c.changed) continue;
    report.settled++;
    if (c.excess) d.onOverspend?.({ agentId: r.agentId, reservationId: r.id, jobId: o.jobId, reservedAit: r.total, excessAit: formatAmount(c.excess) });
  }
  return report;
}

/**
 * One resume pass at a time, for the wallet's start-up and its expiry timer. Without a network source (no network
 * feature wired) expiry releases as it always did.
 */
export function createResumer(d: Omit<ResumeDeps, 'outcome'> & { outcome: ResumeDeps['outcome'] | null; log: Logger; changed: () => void }) {
  let running: Promise<void> | null = null;
  let closing = false;
  let passes = 0;
  return {
    /** Resume passes finished (a first one at start: until then a reconciliation could book what resume settles). */
    passes: () => passes,
    run(): void {
      const outcome = d.outcome;
      if (!outcome) {
        try {
          if (d.ledger.expire(Date.now()) > 0) d.changed();
        } catch (err) {
          d.log.error('wallet.expire_failed', { err: String(err) });
        }
        passes++;
        return;
      }
      if (closing) return;
      running ??= resumeHeld({ ...d, outcome, stopped: () => closing })
        .then(
          (r) => {
            if (r.settled || r.released) d.changed();
            if (r.settled || r.released || r.open) d.log.info('wallet.resumed', { ...r });
          },
          (err: unknown) => d.log.error('wallet.resume_failed', { err: String(err) }),
        )
        .finally(() => {
          running = null;
          passes++;
        });
    },
    /** Stops passes (the current one ends before its next reservation) and resolves when none runs. */
    async close(): Promise<void> {
      closing = true;
      await running;
    },
  };
}
