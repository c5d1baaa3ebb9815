import { type AitbcClient, AitbcError, type Backoff, backoffDelay, type JobView, sleep, TERMINAL_STATES } from '../aitbc/port';

export const DEFAULT_POLL: Backoff = { baseMs: 250, factor: 1.5, maxMs: 3_000, jitter: 0.2 };

/** How long a job may stay in one state before it counts as stuck: QUEUED (nobody claims it), RUNNING (no result). */
export interface ProgressDeadline {
  queuedMs: number;
  runningMs: number;
}

/** The job made no progress within its deadline; `job` is its last view (still QUEUED or RUNNING). */
export class JobStalled extends Error {
  constructor(
    readonly job: JobView,
    readonly stuckMs: number,
  ) {
    super(`Job ${job.job_id} stayed ${job.state} for ${Math.round(stuckMs / 1000)} s`);
    this.name = 'JobStalled';
  }
}

/**
 * Polls `GET /v1/jobs/{id}` until the job is terminal (there is no push or long-poll, §4.5). Waiting is a
 * timer between requests: ~0 CPU. 429s wait for Retry-After (inside the client); other transient errors
 * back off and retry until `deadline`. With `progress`, a job stuck in one state too long rejects with JobStalled.
 */
export async function waitForTerminal(client: AitbcClient, jobId: string, o: { signal?: AbortSignal; backoff?: Backoff; deadline: number; progress?: ProgressDeadline }): Promise<JobView> {
  const b = o.backoff ?? DEFAULT_POLL;
  let transientErrors = 0;
  let state: string | null = null;
  let since = Date.now();
  for (let attempt = 0; ; attempt++) {
    let stuckIn = Infinity;
    try {
      const job = await client.getJob(jobId, { signal: o.signal });
      transientErrors = 0;
      if (TERMINAL_STATES.has(job.state)) return job;
      const now = Date.now();
      if (job.state !== state) [state, since] = [job.state, now];
      if (o.progress) {
        const limit = job.state === 'QUEUED' ? o.progress.queuedMs : o.progress.runningMs;
        if (now - since >= limit) throw new JobStalled(job, now - since);
        stuckIn = since + limit - now;
      }
    } catch (err) {
      if (err instanceof JobStalled) throw err;
      if (!(err instanceof AitbcError) || err.kind === 'aborted' || (err.kind === 'http' && err.status !== null && err.status < 500 && err.status !== 429)) throw err;
      if (++transientErrors > 20) throw err;
    }
    if (Date.now() >= o.deadline) throw new AitbcError('timeout', `Job ${jobId} did not finish in time`);
    await sleep(Math.min(backoffDelay(b, attempt), Math.max(0, o.deadline - Date.now()), stuckIn), o.signal);
  }
}
