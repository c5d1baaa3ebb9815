import type { ReconcileIssue } from '../../shared/contract/wallet';
import { costOf } from '../../shared/domain/budget';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { Db } from '../store/database';
import type { Ledger } from './ledger-types';

/** One paid job as the coordinator sees it (its payment view and receipt). */
export interface RemotePayment {
  jobId: string;
  /** The job's payment_amount in AIT (decimal string). */
  amountAit: string;
  state: 'pending' | 'escrowed' | 'released' | 'refunded';
  receiptId: string | null;
}

/**
 * The coordinator side of reconciliation. The AITBC client (src/main/aitbc/) implements it from
 * `GET /v1/jobs/{id}/payment` and receipts; tests implement it in memory.
 */
export interface PaymentSource {
  /** Paid jobs of this client the coordinator knows (the last ~30 days are enough). */
  listPayments(): Promise<RemotePayment[]>;
}

export interface ReconcileReport {
  checked: number;
  appended: number;
  issues: ReconcileIssue[];
}

interface IssueRow {
  id: number;
  job_id: string;
  kind: string;
  detail: string;
  local_amount: string | null;
  remote_amount: string | null;
  status: 'open' | 'resolved';
  resolution: string | null;
  found_ms: number;
}

export function listIssues(db: Db, onlyOpen = false): ReconcileIssue[] {
  return db
    .prepare<[], IssueRow>(`SELECT * FROM reconcile_issues ${onlyOpen ? "WHERE status = 'open'" : ''} ORDER BY id DESC LIMIT 500`)
    .all()
    .map((r) => ({ id: r.id, jobId: r.job_id, kind: r.kind, detail: r.detail, localAit: r.local_amount, remoteAit: r.remote_amount, status: r.status, resolution: r.resolution, foundAtMs: r.found_ms }));
}

/**
 * Compares the ledger with the coordinator. What the coordinator charged and the ledger missed is
 * appended (settle + fee); refunds the ledger missed are appended; a payment only the ledger has, or
 * a different amount, is reported for the person to resolve. Nothing is ever deleted.
 */
export async function reconcile(
  db: Db,
  ledger: Ledger,
  source: PaymentSource,
  now: () => number = Date.now,
  /** Commits this process's queued settles/releases (group commit) before comparing, so none is counted twice. */
  drain: () => Promise<void> = async () => {},
): Promise<ReconcileReport> {
  const remote = await source.listPayments();
  await drain(); // nothing awaits from here on: the comparison below sees every close made so far
  let appended = 0;
  const issue = (jobId: string, kind: string, detail: string, local: string | null, remoteAmt: string | null, resolved: string | null) =>
    db
      .prepare(
        `INSERT OR IGNORE INTO reconcile_issues (job_id, kind, detail, local_amount, remote_amount, status, resolution, found_ms, resolved_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(jobId, kind, detail, local, remoteAmt, resolved ? 'resolved' : 'open', resolved, now(), resolved ? now() : null);

  const paidLocally = db.prepare<[string], { amount: string; kind: string }>(
    "SELECT amount, kind FROM ledger_entries WHERE job_id = ? AND kind IN ('settle', 'refund')",
  );
  const remoteIds = new Set<string>();
  for (const p of remote) {
    remoteIds.add(p.jobId);
    const rows = paidLocally.all(p.jobId);
    const settled = rows.filter((r) => r.kind === 'settle').reduce((a, r) => a + parseAmount(r.amount), 0n);
    const refunded = rows.some((r) => r.kind === 'refund');
    const remoteAmt = parseAmount(p.amountAit, { round: 'truncate' });
    const hasSettle = rows.some((r) => r.kind === 'settle');
    if (p.state === 'released' && !hasSettle) {
      const held = ledger.reservationByJob(p.jobId);
      if (held && held.state === 'held') ledger.settle(held.id, remoteAmt, { jobId: p.jobId, receiptId: p.receiptId, note: 'settled by reconciliation' });
      else ledger.recordExternalSettle({ jobId: p.jobId, receiptId: p.receiptId, payment: remoteAmt, agentId: null, note: 'coordinator paid this job; the ledger had no entry (reconciliation)' });
      appended++;
      issue(p.jobId, 'missing_locally', 'The coordinator paid this job but the ledger had no settlement; appended', null, formatAmount(remoteAmt), 'appended');
    } else if (p.state === 'refunded' && hasSettle && !refunded) {
      ledger.refund({ reservationId: null, jobId: p.jobId, amount: costOf(settled).total, note: 'escrow refunded by the coordinator (reconciliation)' });
      appended++;
      issue(p.jobId, 'refund_missing', 'The coordinator refunded this job; refund appended', formatAmount(settled), formatAmount(remoteAmt), 'appended');
    } else if (p.state === 'released' && hasSettle && settled !== remoteAmt) {
      issue(p.jobId, 'amount_mismatch', `Ledger settled ${formatAmount(settled)} AIT, the coordinator released ${formatAmount(remoteAmt)} AIT`, formatAmount(settled), formatAmount(remoteAmt), null);
    }
  }
  const localJobs = db
    .prepare<[], { job_id: string; amount: string }>(
      "SELECT job_id, amount FROM ledger_entries WHERE kind = 'settle' AND job_id IS NOT NULL AND job_id NOT IN (SELECT job_id FROM ledger_entries WHERE kind = 'refund' AND job_id IS NOT NULL)",
    )
    .all();
  for (const l of localJobs) {
    if (!remoteIds.has(l.job_id)) {
      issue(l.job_id, 'unknown_to_coordinator', 'The ledger settled this job but the coordinator shows no payment for it', l.amount, null, null);
    }
  }
  return { checked: remote.length, appended, issues: listIssues(db, true) };
}

/** The person's answer to a reported issue: record a refund (never charged) or keep the entry. */
export function resolveIssue(db: Db, ledger: Ledger, id: number, resolution: 'refund' | 'keep', now: () => number = Date.now): void {
  const row = db.prepare<[number], IssueRow>('SELECT * FROM reconcile_issues WHERE id = ?').get(id);
  if (!row || row.status !== 'open') throw new Error('That issue is not open');
  db.transaction(() => {
    if (resolution === 'refund' && row.local_amount) {
      ledger.refund({ reservationId: null, jobId: row.job_id, amount: costOf(parseAmount(row.local_amount)).total, note: 'not charged by the coordinator (resolved by the user)' });
    }
    db.prepare("UPDATE reconcile_issues SET status = 'resolved', resolution = ?, resolved_ms = ? WHERE id = ?").run(resolution, now(), id);
  }).immediate();
}
