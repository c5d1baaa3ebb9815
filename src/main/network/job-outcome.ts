import type { JobOutcome } from '../../shared/domain/job-outcome';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import { aitToUnits, escrowLockFee, unitsToAtto } from '../../shared/domain/escrow-lock';
import { type AitbcClient, type JobView, TERMINAL_STATES } from '../aitbc/port';
import type { JobIntent, JobIntentStore } from './job-intents';
import { REQUEST_ID_KEY } from './submit-job';

export interface JobOutcomeDeps {
  /** null while no coordinator is connected: only what the intents prove is answered. */
  client: AitbcClient | null;
  intents: JobIntentStore;
  network: string;
  /** How stale `GET /v1/jobs` may be: an intent sent longer ago and absent from the list was never created. */
  listStaleMs: number;
}

/** One job's share of a request's money. */
type Share = { open: string } | { payment: bigint; fee: bigint | null; jobId: string } | null;

const o = { timeoutMs: 5_000 };

/**
 * What became of a paid request on the network (start-up resume and expiry ask this, never the clock): every job
 * of the request (its intents: the first, and those it moved to) is read from the coordinator — the job, then its
 * payment — and a v0.25 job left unpaid by a crash between its POST and its lock is canceled (nobody will pay it).
 */
export async function jobOutcome(d: JobOutcomeDeps, requestId: string): Promise<JobOutcome> {
  const intents = d.intents.forRequest(d.network, requestId);
  if (!intents.length) {
    return d.intents.anyNetwork(requestId) ? { kind: 'open', note: 'sent on another network' } : { kind: 'unpaid', note: 'never sent: no job intent' };
  }
  if (!d.client) return intents.every((i) => i.state === 'not_created') ? { kind: 'unpaid', note: 'no job was created' } : { kind: 'open', note: 'no coordinator connected' };
  let payment = 0n;
  let fee: bigint | null = null;
  let paidJob: string | null = null;
  try {
    for (const intent of intents) {
      const share = await shareOf(d, d.client, intent);
      if (share && 'open' in share) return { kind: 'open', note: share.open };
      if (!share) continue;
      payment += share.payment;
      if (share.fee !== null) fee = (fee ?? 0n) + share.fee;
      paidJob = share.jobId;
    }
  } catch (err) {
    return { kind: 'open', note: `the coordinator could not be asked: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!paidJob) return { kind: 'unpaid', note: 'the coordinator charged nothing for it' };
  return { kind: 'paid', jobId: paidJob, paymentAit: formatAmount(payment), feeAit: fee === null ? null : formatAmount(fee), note: 'settled on resume from the coordinator' };
}

async function shareOf(d: JobOutcomeDeps, client: AitbcClient, intent: JobIntent): Promise<Share> {
  if (intent.state === 'not_created') return null;
  let jobId = intent.jobId;
  if (!jobId) {
    // sent, answer unknown: the coordinator's list says whether it exists
    const found = (await client.listJobs({ limit: 100 }, o)).find((j) => j.payload?.[REQUEST_ID_KEY] === intent.requestId);
    if (found) d.intents.mark(d.network, intent.requestId, 'created', found.job_id);
    else if (Date.now() - intent.sentAt > d.listStaleMs) {
      d.intents.mark(d.network, intent.requestId, 'not_created');
      return null;
    } else return { open: 'the job may still appear in the coordinator list' };
    jobId = found.job_id;
  }
  const job = await client.getJob(jobId, o);
  const v025 = typeof job.node_wallet_address === 'string' || (job.payment_amount != null && !job.payment_id);
  if (!TERMINAL_STATES.has(job.state)) {
    if (v025 && !job.payment_id && job.payment_amount != null) {
      // never locked: it would wait unpaid until it expires. A lock that landed meanwhile shows as refunded (its fee paid)
      const canceled = await client.cancelJob(jobId, o).catch(() => null);
      return v025Share(client, canceled ?? job);
    }
    return { open: `job ${jobId} is ${job.state}` };
  }
  return v025 ? v025Share(client, job) : c27Share(client, job);
}

async function v025Share(client: AitbcClient, job: JobView): Promise<Share> {
  const p = await client.v025.payment(job.job_id, o);
  if (!p) return null;
  if (p.status === 'escrowed') return { open: `job ${job.job_id} is ${job.state} and its escrow is still locked` };
  const perAit = BigInt((await client.v025.chainHealth(o)).units_per_ait ?? 0);
  if (perAit === 0n) return { open: 'the chain did not say how many units make one AIT' };
  const units = aitToUnits(parseAmount(p.amount), perAit);
  const fee = unitsToAtto(escrowLockFee(units), perAit);
  const atto = unitsToAtto(units, perAit);
  if (p.status === 'released' || p.status === 'pending_acceptance' || p.status === 'disputed') return { payment: atto, fee, jobId: job.job_id };
  if (p.status === 'refunded') return { payment: 0n, fee, jobId: job.job_id }; // the lock fee stays with the node
  return null; // skipped / pending: never locked
}

async function c27Share(client: AitbcClient, job: JobView): Promise<Share> {
  const p = await client.getPayment(job.job_id, o);
  if (!p) return null;
  if (p.status === 'escrowed') return { open: `job ${job.job_id} is ${job.state} and its escrow is not settled yet` };
  if (p.status === 'released') return { payment: parseAmount(p.amount, { round: 'truncate' }), fee: null, jobId: job.job_id };
  return null;
}
