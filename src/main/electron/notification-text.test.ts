import { describe, expect, it } from 'vitest';
import type { Approval, ReconcileIssue } from '../../shared/contract/wallet';
import { noticeText } from './notification-text';

const approval: Approval = {
  id: 'apr_1', requestId: 'r1', agentId: 'coder', model: 'qwen3:32b', minerId: 'm1', pricePer1kAit: '0.02', maxTokens: 500,
  paymentAit: '0.01', feeAit: '0.001', deltaAit: '-0.011', reason: 'above threshold', budget: [], createdAtMs: 1_000, deadlineMs: 61_000,
};
const issue = (id: number): ReconcileIssue => ({ id, jobId: `job${id}`, kind: 'amount_mismatch', detail: 'coordinator charged more', localAit: '0.01', remoteAit: '0.02', status: 'open', resolution: null, foundAtMs: 0, evidence: null, runId: null });

describe('notification text', () => {
  it('an approval: who, which model, the most it costs, and how long until it is denied', () => {
    expect(noticeText({ kind: 'approval', approval })).toEqual({
      title: 'Payment approval needed',
      body: 'coder · qwen3:32b: up to 0.011 AIT (payment 0.01 + fee 0.001). Denied in 60 s unless you approve.',
      approvalId: 'apr_1',
    });
  });

  it('disputes: the first one with both amounts, the rest counted', () => {
    expect(noticeText({ kind: 'disputes', issues: [issue(1)] })).toEqual({
      title: '1 payment dispute',
      body: 'Job job1: coordinator charged more — ours 0.01 AIT, coordinator 0.02 AIT. See Wallet → Reconciliation.',
      approvalId: null,
    });
    expect(noticeText({ kind: 'disputes', issues: [issue(1), issue(2), { ...issue(3), localAit: null }] })).toMatchObject({ title: '3 payment disputes', body: expect.stringContaining('(+2 more)') });
  });

  it('a soft limit', () => {
    expect(noticeText({ kind: 'soft_limit', agentId: 'coder' })).toEqual({ title: 'Soft spend limit crossed', body: 'Agent "coder" passed its soft limit.', approvalId: null });
  });
});
