import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../../shared/contract/wallet';
import { approvalAnnouncement } from './approval-announcer';

const approval = (deadlineMs: number): Approval => ({
  id: 'apr_1', requestId: 'r', agentId: 'writer', model: 'llama3.1:70b', minerId: null, pricePer1kAit: '0.5', maxTokens: 4096,
  paymentAit: '2', feeAit: '0.05', deltaAit: '-2.05', reason: 'above threshold', budget: [], createdAtMs: 0, deadlineMs,
});

describe('approvalAnnouncement', () => {
  it('announces a new waiting payment once, politely, with its countdown', () => {
    const said = new Map<string, Set<string>>();
    const first = approvalAnnouncement([approval(60_000)], said, 0);
    expect(first.polite).toBe('Payment waiting for your approval: writer wants up to 2.05 AIT for llama3.1:70b. Denied automatically in 60 seconds. Open Approvals in the header to decide.');
    expect(first.assertive).toBeNull();
    expect(approvalAnnouncement([approval(60_000)], said, 1_000)).toEqual({ polite: null, assertive: null });
  });

  it('speaks again at 30 s (politely) and at 10 s (assertively), once each', () => {
    const said = new Map<string, Set<string>>();
    approvalAnnouncement([approval(60_000)], said, 0);
    expect(approvalAnnouncement([approval(60_000)], said, 30_000).polite).toBe('Payment for writer (2.05 AIT) is denied automatically in 30 seconds.');
    expect(approvalAnnouncement([approval(60_000)], said, 31_000)).toEqual({ polite: null, assertive: null });
    expect(approvalAnnouncement([approval(60_000)], said, 50_000).assertive).toBe('Payment for writer (2.05 AIT) is denied automatically in 10 seconds.');
    expect(approvalAnnouncement([approval(60_000)], said, 55_000)).toEqual({ polite: null, assertive: null });
  });

  it('does not repeat the countdown marks a payment was already past when it arrived, and forgets decided ones', () => {
    const said = new Map<string, Set<string>>();
    expect(approvalAnnouncement([approval(8_000)], said, 0).polite).toContain('Denied automatically in 8 seconds');
    expect(approvalAnnouncement([approval(8_000)], said, 1_000)).toEqual({ polite: null, assertive: null });
    approvalAnnouncement([], said, 2_000);
    expect(said.size).toBe(0);
  });
});
