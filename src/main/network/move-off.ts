import { NetworkError, type NetworkInferenceResult } from '../routing/port';
import type { AitbcClient, JobView } from '../aitbc/port';
import type { JobStalled } from './wait-for-job';

/** Escrow states after which nothing of this job can still be paid: none was taken, or it went back. */
const NOTHING_HELD = new Set([null, undefined, 'refunded', 'skipped']);

/**
 * A job made no progress: cancel it on the coordinator. Only a confirmed cancel with nothing left in escrow
 * becomes `stalled` (the caller may then pay another miner, once). A job that completed meanwhile is
 * finished as usual, so its receipt is what gets booked; anything uncertain fails without a move.
 */
export async function cancelStalled(client: AitbcClient, s: JobStalled, minerId: string | undefined, finish: (job: JobView) => Promise<NetworkInferenceResult>): Promise<NetworkInferenceResult> {
  const jobId = s.job.job_id;
  const miner = minerId ?? s.job.assigned_miner_id ?? undefined;
  const who = miner ? `Miner ${miner}` : 'The network';
  const what = s.job.state === 'QUEUED' ? 'did not take the job' : 'sent no result';
  const secs = Math.round(s.stuckMs / 1000);
  const canceled = await client.cancelJob(jobId, { timeoutMs: 5_000 }).catch(() => null);
  if (canceled?.state === 'CANCELED') {
    if (NOTHING_HELD.has(canceled.payment_status)) throw new NetworkError('stalled', `${who} ${what} in ${secs} s; the job was canceled`, undefined, jobId, miner);
    throw new NetworkError('failed', `${who} ${what} in ${secs} s; the job was canceled but its escrow (${canceled.payment_status}) is not refunded yet, so it was not sent to another miner`, undefined, jobId, miner);
  }
  // Not cancelable (it reached an end meanwhile) or the cancel went unanswered: its own state decides.
  const now = await client.getJob(jobId, { timeoutMs: 5_000 }).catch(() => null);
  if (now && (now.state === 'COMPLETED' || now.state === 'FAILED' || now.state === 'EXPIRED' || now.state === 'CANCELED')) return finish(now);
  throw new NetworkError('failed', `${who} ${what} in ${secs} s and the job could not be canceled; it was not sent to another miner`, undefined, jobId, miner);
}
