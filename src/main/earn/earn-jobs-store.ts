import type { Db } from '../store/database';

export type ServedState = 'running' | 'completed' | 'failed' | 'refused';

export interface ServedJobRow {
  network: string;
  job_id: string;
  miner_id: string;
  model: string;
  state: ServedState;
  error: string | null;
  polled_at: number;
  result_at: number | null;
  prompt_tokens: number | null;
  output_tokens: number | null;
  receipt: string | null;
  receipt_ok: number | null;
  receipt_why: string | null;
  payment_status: string | null;
  checked_at: number | null;
}

/** The jobs this machine took (table earn_jobs): taken → completed with its receipt | failed | refused. */
export function createServedJobs(db: Db) {
  const taken = db.prepare('INSERT OR IGNORE INTO earn_jobs (network, job_id, miner_id, model, state, polled_at) VALUES (?, ?, ?, ?, ?, ?)');
  const end = db.prepare('UPDATE earn_jobs SET state = ?, error = ?, result_at = ?, prompt_tokens = ?, output_tokens = ? WHERE network = ? AND job_id = ?');
  const receipt = db.prepare('UPDATE earn_jobs SET receipt = ?, receipt_ok = ?, receipt_why = ? WHERE network = ? AND job_id = ?');
  const payment = db.prepare('UPDATE earn_jobs SET payment_status = ?, checked_at = ? WHERE network = ? AND job_id = ?');
  return {
    taken(network: string, jobId: string, minerId: string, model: string, at: number, state: ServedState = 'running'): void {
      taken.run(network, jobId, minerId, model, state, at);
    },
    ended(network: string, jobId: string, e: { state: ServedState; error: string | null; at: number; promptTokens: number | null; outputTokens: number | null }): void {
      end.run(e.state, e.error, e.at, e.promptTokens, e.outputTokens, network, jobId);
    },
    receipt(network: string, jobId: string, body: string, ok: boolean | null, why: string): void {
      receipt.run(body, ok === null ? null : ok ? 1 : 0, why, network, jobId);
    },
    payment(network: string, jobId: string, status: string | null, at: number): void {
      payment.run(status, at, network, jobId);
    },
    /**
     * Jobs whose earning is not closed yet (followed until released or refunded): completed ones, and — for a week —
     * failed ones, since a job whose result was posted just before a crash is COMPLETED on the coordinator.
     */
    open(network: string, now = Date.now()): ServedJobRow[] {
      return db
        .prepare<[string, number], ServedJobRow>(
          `SELECT j.* FROM earn_jobs j WHERE j.network = ? AND (j.state = 'completed' OR (j.state = 'failed' AND j.polled_at > ?))
             AND NOT EXISTS (SELECT 1 FROM earn_entries e WHERE e.network = j.network AND e.job_id = j.job_id AND e.kind IN ('released', 'refunded'))
           ORDER BY j.polled_at`,
        )
        .all(network, now - 7 * 86_400_000);
    },
    /** After a restart: a job still 'running' was interrupted (the coordinator re-queues it, or it completed before the stop). */
    interrupted(at: number): number {
      return db.prepare("UPDATE earn_jobs SET state = 'failed', error = 'interrupted: ClawGrid stopped while it ran', result_at = ? WHERE state = 'running'").run(at).changes;
    },
    /** The coordinator lists the job as completed by this miner: so it is, whatever this process last knew. */
    confirmCompleted(network: string, jobId: string): void {
      db.prepare("UPDATE earn_jobs SET state = 'completed', error = NULL WHERE network = ? AND job_id = ? AND state != 'completed'").run(network, jobId);
    },
    recent(limit: number): ServedJobRow[] {
      return db.prepare<[number], ServedJobRow>('SELECT * FROM earn_jobs ORDER BY polled_at DESC LIMIT ?').all(limit);
    },
    /** Jobs served to completion on this network, oldest first (what reconciliation asks the chain about). */
    completedIds(network: string): string[] {
      return db.prepare<[string], { job_id: string }>("SELECT job_id FROM earn_jobs WHERE network = ? AND state = 'completed' ORDER BY polled_at").all(network).map((r) => r.job_id);
    },
    servedCount(): number {
      return (db.prepare("SELECT COUNT(*) AS n FROM earn_jobs WHERE state = 'completed'").get() as { n: number }).n;
    },
  };
}
export type ServedJobs = ReturnType<typeof createServedJobs>;
