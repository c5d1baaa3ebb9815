import type { Db } from '../store/database';

/**
 * Whether ClawGrid's own client submitted a job: its id, or the request id the client put on the payload
 * (`clawgrid_request_id`, written to aitbc_job_intents before the POST, so there is no window where a job
 * exists and is not yet known as ours). Earn mode asks this before serving anything.
 */
export function createOwnJobs(db: Db): (jobId: string, requestId: string | null) => boolean {
  const q = db.prepare<[string, string | null], { one: number }>('SELECT 1 AS one FROM aitbc_job_intents WHERE job_id = ? OR request_id = ? LIMIT 1');
  return (jobId, requestId) => q.get(jobId, requestId) !== undefined;
}
