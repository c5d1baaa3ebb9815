// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReconcileIssue, ReconcileRun } from '../../../../shared/contract/wallet';
import { createFakeTransport } from '../../../testing/fake-transport';
import { renderWithClient } from '../../../testing/render-with-client';
import { TransportProvider } from '../../../transport/transport-context';
import { ReconcilePanel, runSummary } from './reconcile-panel';

afterEach(cleanup);

const run = (id: number, extra: Partial<ReconcileRun> = {}): ReconcileRun => ({ id, trigger: 'timer', network: 'devnet', startedAtMs: 0, finishedAtMs: 1_000, checked: 3, matched: 2, pending: 0, appended: 0, mismatches: 1, unchecked: 0, error: null, ...extra });
const mismatch: ReconcileIssue = {
  id: 7, jobId: 'abcdef0123456789', kind: 'amount_mismatch', detail: 'Ledger settled 1 AIT, the coordinator released 0.9 AIT', localAit: '1', remoteAit: '0.9', status: 'open', resolution: null, foundAtMs: 0, runId: 2,
  evidence: {
    role: 'spend', coordinator: { status: 'released', amountAit: '0.9', lockTx: '0xlocklocklock', releaseTx: '0xrelrelrel', refundTx: null },
    chain: { state: 'released', payee: '0xpayee', amountAit: '0.9', releasedAit: '0.9', refundedAit: '0', lockTx: '0x1111111111aaaa', releaseTx: '0x2222222222bbbb', refundTx: null },
    ledger: [{ seq: 12, kind: 'settle', amountAit: '1', atMs: 0 }],
  },
};

describe('Reconciliation panel', () => {
  it('says what a run found', () => {
    expect(runSummary(run(1))).toBe('2 payments match · 1 mismatch (of 3 checked)');
    expect(runSummary(run(1, { matched: 1, mismatches: 0, pending: 2, appended: 1, unchecked: 1 }))).toBe('1 payment matches · 2 still settling · 1 appended · 0 mismatches · 1 not reachable (of 3 checked)');
    expect(runSummary(run(1, { error: 'Could not reach the coordinator: timeout' }))).toBe('Could not reach the coordinator: timeout');
  });

  it('shows the last run and each mismatch with its evidence; the button runs it again', async () => {
    let runs = 1;
    const transport = createFakeTransport({
      'wallet.reconcileIssues': () => ({ issues: [mismatch], lastRun: run(runs + 1) }),
      'wallet.reconcile': () => (runs++, { checked: 3, appended: 0, issues: [mismatch], error: null, run: run(runs + 1) }),
    });
    renderWithClient(
      <TransportProvider transport={transport}>
        <ReconcilePanel />
      </TransportProvider>,
    );
    expect((await screen.findByTestId('reconcile-last-run')).textContent).toMatch(/periodic, devnet\): 2 payments match · 1 mismatch/);
    const item = screen.getByTestId('reconcile-issue');
    expect(item.textContent).toContain('Job abcdef012345');
    const ev = within(item).getByTestId('reconcile-evidence').textContent ?? '';
    expect(ev).toContain('released, 0.9 AIT');
    expect(ev).toContain('lock 0x11111111… · release 0x22222222…');
    expect(ev).toContain('#12 settle 1 AIT');
    fireEvent.click(screen.getByRole('button', { name: 'Compare with the coordinator' }));
    await waitFor(() => expect(transport.calls.filter((c) => c.name === 'wallet.reconcile')).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('reconcile-last-run').getAttribute('data-run-id')).toBe('3'));
  });
});
