import { describe, expect, it } from 'vitest';
import { AitbcError, type AitbcClient, type JobView } from '../aitbc/port';
import type { NetworkInferenceResult } from '../routing/port';
import { cancelStalled } from './move-off';
import { JobStalled } from './wait-for-job';

// The coordinator's answers to a cancel, as the wire gives them (§4.4/§4.5): a JobView, or 409 "job not cancelable".
const view = (over: Partial<JobView>): JobView => ({ job_id: 'j1', state: 'RUNNING', assigned_miner_id: 'm-hung', payment_id: 'p1', payment_status: 'escrowed', ...over }) as JobView;
const stub = (cancel: () => Promise<JobView>, get: () => Promise<JobView>) => ({ cancelJob: cancel, getJob: get }) as unknown as AitbcClient;
const stalled = new JobStalled(view({}), 2_000);
const finished: NetworkInferenceResult = { jobId: 'j1', minerId: 'm-hung', model: 'm', output: 'late but done', promptTokens: 1, evalTokens: 1, durationMs: 1, costAit: '0.01', receipt: { job_id: 'j1' } };
const finish = async (job: JobView) => {
  if (job.state !== 'COMPLETED') throw new Error(`finish saw ${job.state}`);
  return finished;
};

describe('cancelStalled: move a job only when nothing of it can still be paid', () => {
  it('a confirmed cancel with the escrow refunded → stalled (the caller may pay another miner)', async () => {
    const c = stub(async () => view({ state: 'CANCELED', payment_status: 'refunded' }), async () => view({}));
    await expect(cancelStalled(c, stalled, 'm-hung', finish)).rejects.toMatchObject({ code: 'stalled', jobId: 'j1', minerId: 'm-hung' });
  });
  it('an unpaid job canceled → stalled', async () => {
    const c = stub(async () => view({ state: 'CANCELED', payment_id: null, payment_status: null }), async () => view({}));
    await expect(cancelStalled(c, stalled, undefined, finish)).rejects.toMatchObject({ code: 'stalled', minerId: 'm-hung' });
  });
  it('canceled but the escrow still held (a real coordinator does not refund on cancel) → failed, never moved', async () => {
    const c = stub(async () => view({ state: 'CANCELED', payment_status: 'escrowed' }), async () => view({}));
    await expect(cancelStalled(c, stalled, 'm-hung', finish)).rejects.toMatchObject({ code: 'failed', message: expect.stringContaining('not sent to another miner') });
  });
  it('the job completed before the cancel (409) → its own result is returned, so its receipt is what is booked', async () => {
    const c = stub(async () => Promise.reject(new AitbcError('http', 'job not cancelable', 409)), async () => view({ state: 'COMPLETED', payment_status: 'released' }));
    await expect(cancelStalled(c, stalled, 'm-hung', finish)).resolves.toBe(finished);
  });
  it('the cancel went unanswered and the job is still running → failed, never moved', async () => {
    const c = stub(async () => Promise.reject(new AitbcError('unreachable', 'connect ECONNREFUSED')), async () => view({ state: 'RUNNING' }));
    await expect(cancelStalled(c, stalled, 'm-hung', finish)).rejects.toMatchObject({ code: 'failed', message: expect.stringContaining('could not be canceled') });
  });
});
