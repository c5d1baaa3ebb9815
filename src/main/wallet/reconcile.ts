import type { ReconcileIssue } from '../../shared/contract/wallet';
import { costOf } from '../../shared/domain/budget';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { Db } from '../store/database';
import type { Ledger } from './ledger-types';
import { doneJobs, issueRow, listIssues, markDone, markIssueResolved, recordIssue, type NewIssue } from './reconcile-store';
import type { EarningsBook, MismatchEvidence, PaymentSource, RemotePayment } from './reconcile-types';

export type { PaymentSource, RemotePayment } from './reconcile-types';
export { listIssues } from './reconcile-store';

export interface ReconcileReport {
  network: string;
  checked: number;
  matched: number;
  pending: number;
  appended: number;
  unchecked: number;
  /** Issue ids this run found or still sees. */
  found: number[];
  issues: ReconcileIssue[];
}

export interface ReconcileOptions {
  now?: () => number;
  /** Commits this process's queued settles/releases (group commit) before comparing, so none is counted twice. */
  drain?: () => Promise<void>;
  /** The run row the issues are filed under (0 outside a recorded run). */
  runId?: number;
  /**
   * A payment the coordinator closed less than this long ago, which the ledger lacks, is left for the next run: the
   * request that paid it may still be booking it in this process (default 60 s).
   */
  graceMs?: number;
  /** Earnings (edge-miner mode): compared through the book that keeps them; counted only without one. */
  earnings?: EarningsBook | null;
  /** How far back ledger jobs are looked up (default 30 days). */
  windowMs?: number;
}

interface LedgerRow { seq: number; kind: string; amount: string; at_ms: number }

/**
 * Compares the ledger with the coordinator's payments and the chain's escrow legs. What the coordinator charged
 * and the ledger missed is appended (settle + fee); refunds the ledger missed are appended; a payment only the
 * ledger has, a different amount, or a chain that disagrees with the coordinator is reported with its evidence for
 * the person to resolve. Nothing is rewritten or deleted: corrections are new entries.
 */
export async function reconcile(db: Db, ledger: Ledger, source: PaymentSource, o: ReconcileOptions = {}): Promise<ReconcileReport> {
  const now = o.now ?? Date.now;
  const runId = o.runId ?? 0;
  const graceMs = o.graceMs ?? 60_000;
  const done = doneJobs(db);
  const since = now() - (o.windowMs ?? 30 * 86_400_000);
  const inWindow = db
    .prepare<[number], { job_id: string }>("SELECT DISTINCT job_id FROM ledger_entries WHERE job_id IS NOT NULL AND kind IN ('settle', 'refund') AND at_ms >= ?")
    .all(since)
    .map((r) => r.job_id);
  const spend = inWindow.filter((id) => !done.has(id));
  // jobs an earlier run found settled on every side still match: counted, not looked up again
  const agreedEarlier = inWindow.length - spend.length;
  const earning = (o.earnings?.jobIds() ?? []).filter((id) => !done.has(id));
  const answer = await source.lookup({ spend, earning, known: done });
  await (o.drain ?? (async () => {}))(); // nothing awaits from here on: the comparison sees every close made so far

  const rowsOf = db.prepare<[string], LedgerRow>("SELECT seq, kind, amount, at_ms FROM ledger_entries WHERE job_id = ? AND kind IN ('settle', 'refund') ORDER BY seq");
  const report: ReconcileReport = { network: answer.network, checked: agreedEarlier, matched: agreedEarlier, pending: 0, appended: 0, unchecked: answer.failed.length, found: [], issues: [] };
  const evidence = (p: RemotePayment | null, rows: LedgerRow[], role: MismatchEvidence['role'] = p?.role ?? 'spend'): MismatchEvidence => ({
    role,
    coordinator: p ? { status: p.status, amountAit: p.amountAit, lockTx: p.lockTx, releaseTx: p.releaseTx, refundTx: p.refundTx } : null,
    chain: p ? p.chain : null,
    ledger: rows.map((r) => ({ seq: r.seq, kind: r.kind, amountAit: r.amount, atMs: r.at_ms })),
  });
  const file = (i: NewIssue) => {
    const id = recordIssue(db, runId, i, now());
    report.found.push(id);
    if (i.resolved) report.appended++;
  };

  for (const p of answer.payments) {
    report.checked++;
    if (p.role === 'earning') {
      compareEarning(p, o.earnings ?? null, report, file, evidence);
      continue;
    }
    const rows = rowsOf.all(p.jobId);
    const settles = rows.filter((r) => r.kind === 'settle');
    const settled = settles.reduce((a, r) => a + parseAmount(r.amount), 0n);
    const refunded = rows.some((r) => r.kind === 'refund');
    const remoteAmt = parseAmount(p.amountAit, { round: 'truncate' });
    const fresh = p.changedAtMs !== null && now() - p.changedAtMs < graceMs;
    const chainIssue = chainDisagrees(p);
    if (chainIssue) {
      file({ jobId: p.jobId, kind: 'chain_disagrees', detail: chainIssue, localAit: settles.length ? formatAmount(settled) : null, remoteAit: formatAmount(remoteAmt), resolved: null, evidence: evidence(p, rows) });
      continue;
    }
    if (p.state === 'released') {
      if (!settles.length) {
        if (fresh) {
          report.pending++;
          continue;
        }
        const held = ledger.reservationByJob(p.jobId);
        if (held && held.state === 'held') ledger.settle(held.id, remoteAmt, { jobId: p.jobId, receiptId: p.receiptId, note: 'settled by reconciliation' });
        else ledger.recordExternalSettle({ jobId: p.jobId, receiptId: p.receiptId, payment: remoteAmt, agentId: null, note: 'coordinator paid this job; the ledger had no entry (reconciliation)' });
        file({ jobId: p.jobId, kind: 'missing_locally', detail: 'The coordinator paid this job but the ledger had no settlement; appended', localAit: null, remoteAit: formatAmount(remoteAmt), resolved: 'appended', evidence: evidence(p, rows) });
      } else if (settled !== remoteAmt && !refunded) {
        file({ jobId: p.jobId, kind: 'amount_mismatch', detail: `Ledger settled ${formatAmount(settled)} AIT, the coordinator released ${formatAmount(remoteAmt)} AIT`, localAit: formatAmount(settled), remoteAit: formatAmount(remoteAmt), resolved: null, evidence: evidence(p, rows) });
      } else {
        report.matched++;
        if (p.chain !== 'unavailable') markDone(db, p.jobId, 'spend', p.state, runId);
      }
    } else if (p.state === 'refunded') {
      if (settles.length && !refunded) {
        if (fresh) {
          report.pending++;
          continue;
        }
        ledger.refund({ reservationId: null, jobId: p.jobId, amount: costOf(settled).total, note: 'escrow refunded by the coordinator (reconciliation)' });
        file({ jobId: p.jobId, kind: 'refund_missing', detail: 'The coordinator refunded this job; refund appended', localAit: formatAmount(settled), remoteAit: formatAmount(remoteAmt), resolved: 'appended', evidence: evidence(p, rows) });
      } else {
        report.matched++;
        if (p.chain !== 'unavailable') markDone(db, p.jobId, 'spend', p.state, runId);
      }
    } else if (p.state === 'failed' && settles.length && !refunded) {
      file({ jobId: p.jobId, kind: 'not_paid_by_coordinator', detail: `The ledger settled ${formatAmount(settled)} AIT but the coordinator's payment is ${p.status}: nothing was released`, localAit: formatAmount(settled), remoteAit: formatAmount(remoteAmt), resolved: null, evidence: evidence(p, rows) });
    } else {
      report.pending++; // escrowed, awaiting acceptance, disputed: still moving
    }
  }
  for (const miss of answer.notFound) {
    if (miss.role !== 'spend') continue;
    const rows = rowsOf.all(miss.jobId);
    const settled = rows.filter((r) => r.kind === 'settle').reduce((a, r) => a + parseAmount(r.amount), 0n);
    if (rows.some((r) => r.kind === 'refund') || settled === 0n) continue;
    report.checked++;
    file({ jobId: miss.jobId, kind: 'unknown_to_coordinator', detail: 'The ledger settled this job but the coordinator shows no payment for it', localAit: formatAmount(settled), remoteAit: null, resolved: null, evidence: evidence(null, rows, 'spend') });
  }
  report.issues = listIssues(db, true);
  return report;
}

/** Where the chain's legs contradict the coordinator's word; null when they agree or the chain was not read. */
function chainDisagrees(p: RemotePayment): string | null {
  const c = p.chain;
  if (c === 'unavailable') return null;
  if (c === null) return p.state === 'released' ? 'The coordinator says it released this payment, but the chain holds no escrow for the job' : null;
  if (p.state === 'released' && c.state !== 'released') return `The coordinator says released; the chain's escrow is ${c.state}${c.releaseTx ? '' : ' with no release transaction'}`;
  if (p.state === 'refunded' && c.state === 'released') return `The coordinator says refunded; the chain released the escrow to ${c.payee ?? 'the provider'} (${c.releaseTx ?? 'no tx hash'})`;
  if (c.amountAit !== null && !sameEscrowAmount(parseAmount(c.amountAit, { round: 'truncate' }), parseAmount(p.amountAit, { round: 'truncate' }))) return `The coordinator's amount is ${p.amountAit} AIT; the chain locked ${c.amountAit} AIT`;
  return null;
}

/** The chain's escrow amount is the payment (v0.25: what was locked) or, on a c27c654 chain, its contract: payment × 1.025 (aitbc.md §9.3). */
function sameEscrowAmount(chain: bigint, payment: bigint): boolean {
  return chain === payment || chain === costOf(payment).total;
}

function compareEarning(p: RemotePayment, book: EarningsBook | null, report: ReconcileReport, file: (i: NewIssue) => void, evidence: (p: RemotePayment, rows: LedgerRow[]) => MismatchEvidence): void {
  if (!book || p.state !== 'released') {
    report.pending++;
    return;
  }
  const booked = book.booked(p.jobId);
  const paid = parseAmount(p.chain && p.chain !== 'unavailable' && p.chain.releasedAit ? p.chain.releasedAit : p.amountAit, { round: 'truncate' });
  if (booked === null) {
    book.appendMissing(p, 'the chain released this earning; the book had none (reconciliation)');
    file({ jobId: p.jobId, kind: 'earning_missing', detail: 'Paid to us on the chain but not booked; appended', localAit: null, remoteAit: formatAmount(paid), resolved: 'appended', evidence: evidence(p, []) });
  } else if (booked !== paid) {
    file({ jobId: p.jobId, kind: 'earning_mismatch', detail: `Booked ${formatAmount(booked)} AIT, the chain released ${formatAmount(paid)} AIT to us`, localAit: formatAmount(booked), remoteAit: formatAmount(paid), resolved: null, evidence: evidence(p, []) });
  } else report.matched++;
}

/** The person's answer to a reported issue: record a refund (never charged) or keep the entry. */
export function resolveIssue(db: Db, ledger: Ledger, id: number, resolution: 'refund' | 'keep', now: () => number = Date.now): void {
  const row = issueRow(db, id);
  if (!row || row.status !== 'open') throw new Error('That issue is not open');
  db.transaction(() => {
    if (resolution === 'refund' && row.local_amount) {
      ledger.refund({ reservationId: null, jobId: row.job_id, amount: costOf(parseAmount(row.local_amount)).total, note: 'not charged by the coordinator (resolved by the user)' });
    }
    markIssueResolved(db, id, resolution, now());
  }).immediate();
}
