// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Approval } from '../../../../shared/contract/wallet';
import { TransportProvider } from '../../../transport/transport-context';
import { useEventBridge } from '../../../transport/use-event-bridge';
import { createFakeTransport, type FakeTransport } from '../../../testing/fake-transport';
import { renderWithClient } from '../../../testing/render-with-client';
import { walletEventHandler } from '../api/wallet-events';
import { ApprovalsBadge } from './approvals-drawer';
import { useQueryClient } from '@tanstack/react-query';

const handlers = [walletEventHandler];
afterEach(cleanup);

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

  it('is a modal dialog: focus moves in, Tab stays inside, Escape closes without deciding and focus returns', async () => {
    const decided: unknown[] = [];
    const transport = createFakeTransport({ 'wallet.approvals': () => ({ pending: [card] }), 'wallet.decide': (input) => (decided.push(input), { ok: true, message: '' }) });
    renderWithClient(
      <TransportProvider transport={transport}>
        <Badge transport={transport} />
      </TransportProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('approvals-count').textContent).toBe('1'));
    const badge = screen.getByTestId('approvals-badge');
    badge.focus();
    fireEvent.click(badge);
    const dialog = screen.getByRole('dialog', { name: 'Payments waiting for you' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Payments waiting for you' }));
    // row actions are named with what they decide
    expect(screen.getByRole('button', { name: 'Deny: default → llama3.1:70b' })).toBeTruthy();
    const buttons = [...dialog.querySelectorAll<HTMLElement>('button:not([disabled]), input')];
    buttons.at(-1)!.focus();
    fireEvent.keyDown(document, { key: 'Tab' });
    expect(document.activeElement).toBe(buttons[0]); // wraps to the first control
    fireEvent.keyDown(document, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(buttons.at(-1));
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(badge);
    expect(decided).toEqual([]);
  });
});
