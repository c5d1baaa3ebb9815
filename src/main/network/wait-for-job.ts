import { type AitbcClient, AitbcError, type Backoff, backoffDelay, type JobView, sleep, TERMINAL_STATES } from '../aitbc/port';

export const DEFAULT_POLL: Backoff = { baseMs: 250, factor: 1.5, maxMs: 3_000, jitter: 0.2 };

/**
 * Polls `GET /v1/jobs/{id}` until the job is terminal (there is no push or long-poll, §4.5). Waiting is a
 * timer between requests: ~0 CPU. 429s wait for Retry-After (inside the client); other transient errors
 * back off and retry until `deadline`.
 */
export async function waitForTerminal(client: AitbcClient, jobId: string, o: { signal?: AbortSignal; backoff?: Backoff; deadline: number }): Promise<JobView> {
  const b = o.backoff ?? DEFAULT_POLL;
  let transientErrors = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const job = await client.getJob(jobId, { signal: o.signal });
      transientErrors = 0;
      if (TERMINAL_STATES.has(job.state)) return job;
    } catch (err) {
      if (!(err instanceof AitbcError) || err.kind === 'aborted' || (err.kind === 'http' && err.status !== null && err.status < 500 && err.status !== 429)) throw err;
      if (++transientErrors > 20) throw err;
    }
    if (Date.now() >= o.deadline) throw new AitbcError('timeout', `Job ${jobId} did not finish in time`);
    await sleep(Math.min(backoffDelay(b, attempt), Math.max(0, o.deadline - Date.now())), o.signal);
  }
}
