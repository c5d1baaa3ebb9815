import { type AitbcClient, AitbcError, type CreateJobInput, type JobView, sleep } from '../aitbc/port';
import type { JobIntentStore } from './job-intents';

/** Payload key carrying ClawGrid's idempotency key; miners ignore unknown payload keys. */
export const REQUEST_ID_KEY = 'clawgrid_request_id';

export interface SubmitOptions {
  network: string;
  requestId: string;
  signal?: AbortSignal;
  /** How stale `GET /v1/jobs` may be (60 s on the real coordinator, §4.1); reconciliation waits this out. */
  listStaleMs?: number;
  /** Pause between reconciliation list reads. */
  reconcileEveryMs?: number;
}

/**
 * Creates the job at most once per (network, requestId). The intent is written before the POST; when the
 * outcome is uncertain (connection lost after sending, timeout, 5xx) the job list is searched for the
 * request id until the list can no longer be stale, and only a job proven absent is sent again.
 */
export async function submitJobOnce(client: AitbcClient, intents: JobIntentStore, input: CreateJobInput, o: SubmitOptions): Promise<JobView> {
  const staleMs = o.listStaleMs ?? 65_000;
  const payload = { ...input.payload, [REQUEST_ID_KEY]: o.requestId };
  for (let round = 0; round < 3; round++) {
    const prior = intents.get(o.network, o.requestId);
    if (prior?.state === 'created' && prior.jobId) return client.getJob(prior.jobId, { signal: o.signal });
    if (prior && (prior.state === 'sending' || prior.state === 'uncertain')) {
      const found = await reconcile(client, o, prior.sentAt + staleMs);
      if (found) {
        intents.mark(o.network, o.requestId, 'created', found.job_id);
        return found;
      }
      intents.mark(o.network, o.requestId, 'not_created');
      continue;
    }
    if (!intents.beginSend(o.network, o.requestId)) continue;
    try {
      const job = await client.createJob({ ...input, payload }, { signal: o.signal, timeoutMs: 30_000 });
      intents.mark(o.network, o.requestId, 'created', job.job_id);
      return job;
    } catch (err) {
      const certain = err instanceof AitbcError && (err.kind === 'unreachable' || (err.kind === 'http' && err.status !== null && err.status < 500));
      intents.mark(o.network, o.requestId, certain ? 'not_created' : 'uncertain');
      if (certain || (err instanceof AitbcError && err.kind === 'aborted')) throw err;
    }
  }
  throw new AitbcError('uncertain', 'Could not establish whether the job was created; it was not sent again');
}

async function reconcile(client: AitbcClient, o: SubmitOptions, freshAfter: number): Promise<JobView | null> {
  const every = o.reconcileEveryMs ?? 3_000;
  for (;;) {
    const startedAt = Date.now();
    try {
      const jobs = await client.listJobs({ limit: 100 }, { signal: o.signal });
      const hit = jobs.find((j) => j.payload?.[REQUEST_ID_KEY] === o.requestId);
      if (hit) return hit;
      // A list read that started after the stale window is authoritative.
      if (startedAt >= freshAfter) return null;
    } catch (err) {
      if (err instanceof AitbcError && err.kind === 'aborted') throw err;
      // unreachable right now: keep the intent uncertain and try again, for a while
      if (Date.now() > freshAfter + 120_000) throw new AitbcError('uncertain', 'The coordinator stayed unreachable; the job may exist. It was not sent again.');
    }
    await sleep(Math.min(every, Math.max(50, freshAfter - Date.now())), o.signal);
  }
}
