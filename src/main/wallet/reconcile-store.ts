import type { ReconcileIssue, ReconcileRun } from '../../shared/contract/wallet';
import { mismatchEvidenceSchema } from '../../shared/contract/wallet';
import type { Db } from '../store/database';
import type { MismatchEvidence, ReconcileRunRecord } from './reconcile-types';

/** Where reconciliation keeps what it found: its runs, its issues (with evidence) and the jobs already settled on all sides. */

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
  evidence: string | null;
  run_id: number | null;
}

function evidenceOf(text: string | null): ReconcileIssue['evidence'] {
  if (!text) return null;
  try {
    const v = mismatchEvidenceSchema.safeParse(JSON.parse(text));
    return v.success ? v.data : null;
  } catch {
    return null;
  }
}

export function listIssues(db: Db, onlyOpen = false): ReconcileIssue[] {
  return db
    .prepare<[], IssueRow>(`SELECT * FROM reconcile_issues ${onlyOpen ? "WHERE status = 'open'" : ''} ORDER BY id DESC LIMIT 500`)
    .all()
    .map((r) => ({ id: r.id, jobId: r.job_id, kind: r.kind, detail: r.detail, localAit: r.local_amount, remoteAit: r.remote_amount, status: r.status, resolution: r.resolution, foundAtMs: r.found_ms, evidence: evidenceOf(r.evidence), runId: r.run_id }));
}

export function issueRow(db: Db, id: number): { job_id: string; local_amount: string | null; status: string } | undefined {
  return db.prepare<[number], IssueRow>('SELECT * FROM reconcile_issues WHERE id = ?').get(id);
}

export interface NewIssue {
  jobId: string;
  kind: string;
  detail: string;
  localAit: string | null;
  remoteAit: string | null;
  /** Set when reconciliation already appended the correction (the issue is then recorded resolved). */
  resolved: string | null;
  evidence: MismatchEvidence;
}

/** Records an issue once per (job, kind); returns its id (the existing one when already recorded). */
export function recordIssue(db: Db, runId: number, i: NewIssue, nowMs: number): number {
  db.prepare(
    `INSERT OR IGNORE INTO reconcile_issues (job_id, kind, detail, local_amount, remote_amount, status, resolution, found_ms, resolved_ms, evidence, run_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(i.jobId, i.kind, i.detail, i.localAit, i.remoteAit, i.resolved ? 'resolved' : 'open', i.resolved, nowMs, i.resolved ? nowMs : null, JSON.stringify(i.evidence), runId);
  return (db.prepare<[string, string], { id: number }>('SELECT id FROM reconcile_issues WHERE job_id = ? AND kind = ?').get(i.jobId, i.kind) as { id: number }).id;
}

export function markIssueResolved(db: Db, id: number, resolution: string, nowMs: number): void {
  db.prepare("UPDATE reconcile_issues SET status = 'resolved', resolution = ?, resolved_ms = ? WHERE id = ?").run(resolution, nowMs, id);
}

/** Opens a run row (its counts are filled in by `finishRun`); returns its id. */
export function beginRun(db: Db, trigger: ReconcileRunRecord['trigger'], network: string | null, nowMs: number): number {
  return Number(
    db.prepare('INSERT INTO reconcile_runs (trigger, network, started_ms, finished_ms, checked, matched, pending, appended, mismatches, unchecked) VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, 0)').run(trigger, network, nowMs, nowMs).lastInsertRowid,
  );
}

export function finishRun(db: Db, id: number, r: Omit<ReconcileRunRecord, 'id' | 'trigger' | 'startedAtMs'>): void {
  db.prepare('UPDATE reconcile_runs SET network = ?, finished_ms = ?, checked = ?, matched = ?, pending = ?, appended = ?, mismatches = ?, unchecked = ?, error = ? WHERE id = ?').run(
    r.network, r.finishedAtMs, r.checked, r.matched, r.pending, r.appended, r.mismatches, r.unchecked, r.error, id,
  );
}

interface RunRow { id: number; trigger: ReconcileRun['trigger']; network: string | null; started_ms: number; finished_ms: number; checked: number; matched: number; pending: number; appended: number; mismatches: number; unchecked: number; error: string | null }

export function lastRun(db: Db): ReconcileRun | null {
  const r = db.prepare<[], RunRow>('SELECT * FROM reconcile_runs ORDER BY id DESC LIMIT 1').get();
  return r ? { id: r.id, trigger: r.trigger, network: r.network, startedAtMs: r.started_ms, finishedAtMs: r.finished_ms, checked: r.checked, matched: r.matched, pending: r.pending, appended: r.appended, mismatches: r.mismatches, unchecked: r.unchecked, error: r.error } : null;
}

/** Jobs whose ledger, coordinator and chain agreed on a final state: not looked up again. */
export function doneJobs(db: Db): Set<string> {
  return new Set(db.prepare<[], { job_id: string }>('SELECT job_id FROM reconcile_done').all().map((r) => r.job_id));
}

export function markDone(db: Db, jobId: string, role: string, state: string, runId: number): void {
  db.prepare('INSERT OR REPLACE INTO reconcile_done (job_id, role, state, run_id) VALUES (?, ?, ?, ?)').run(jobId, role, state, runId);
}
