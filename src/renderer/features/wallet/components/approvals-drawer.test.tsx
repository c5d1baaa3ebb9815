// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../../shared/contract/wallet';
import { TransportProvider } from '../../../transport/transport-context';
import { useEventBridge } from '../../../transport/use-event-bridge';
import { createFakeTransport, type FakeTransport } from '../../../testing/fake-transport';
import { renderWithClient } from '../../../testing/render-with-client';
import { walletEventHandler } from '../api/wallet-events';
import { ApprovalsBadge } from './approvals-drawer';
import { useQueryClient } from '@tanstack/react-query';

const handlers = [walletEventHandler];

/** The badge as the shell mounts it: `wallet.approvals` events reach it through the wallet's handler. */
function Badge({ transport }: { transport: FakeTransport }) {
  useEventBridge(transport, useQueryClient(), handlers);
  return <ApprovalsBadge />;
}

const card: Approval = {
  id: 'apr_1',
  requestId: 'req-1',
  agentId: 'default',
  model: 'llama3.1:70b',
  minerId: 'miner-7',
  pricePer1kAit: '0.5',
  maxTokens: 4096,
  paymentAit: '2.048',
  feeAit: '0.0512',
  deltaAit: '-2.0992',
  reason: 'Costs up to 2.0992 AIT, above the approval threshold of 1 AIT',
  budget: [{ label: 'the daily budget of agent "default"', limitAit: '10', beforeAit: '10', afterAit: '7.9008' }],
  createdAtMs: Date.now(),
  deadlineMs: Date.now() + 120_000,
};

describe('approvals drawer', () => {
  it('shows the count, the simulated payment, and sends the decision', async () => {
    const decided: unknown[] = [];
    const transport = createFakeTransport({
      'wallet.approvals': () => ({ pending: [] }),
      'wallet.decide': (input) => (decided.push(input), { ok: true, message: 'Approved once' }),
    });
    renderWithClient(
      <TransportProvider transport={transport}>
        <Badge transport={transport} />
      </TransportProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('approvals-count').textContent).toBe('0'));
    act(() => transport.emit({ 'wallet.approvals': { pending: [card] } }));
    await waitFor(() => expect(screen.getByTestId('approvals-count').textContent).toBe('1'));
    fireEvent.click(screen.getByTestId('approvals-badge'));
    expect(screen.getByTestId('approval-delta').textContent).toContain('-2.0992 AIT');
    expect(screen.getByText('miner-7', { exact: false })).toBeTruthy();
    expect(screen.getByText('10 → 7.9008 AIT left')).toBeTruthy();
    fireEvent.click(screen.getByTestId('deny'));
    await waitFor(() => expect(decided).toEqual([{ id: 'apr_1', decision: 'deny' }]));
    act(() => transport.emit({ 'wallet.approvals': { pending: [] } }));
    await waitFor(() => expect(screen.getByTestId('approvals-count').textContent).toBe('0'));
    expect(screen.getByText('Nothing is waiting.')).toBeTruthy();
  });
});
