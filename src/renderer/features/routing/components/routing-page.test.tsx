// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent, RequestLogEntry } from '../../../../shared/contract/routing';
import { useEventBridge } from '../../../transport/use-event-bridge';
import { routingEventHandler } from '../api/routing-events';
import { networkEventHandler } from '../../network/port';
import type { JobPaymentView } from '../../../../shared/contract/network';
import { TransportProvider } from '../../../transport/transport-context';
import { createFakeTransport, type FakeTransport } from '../../../testing/fake-transport';
import { renderWithClient } from '../../../testing/render-with-client';
import { RoutingPage } from './routing-page';
import { captureDownloads } from '../../../testing/capture-downloads';
import { useQueryClient } from '@tanstack/react-query';

const research: Agent = {
  id: 'research',
  name: 'research',
  builtIn: false,
  policy: { mode: 'auto', allowRace: true, maxPricePer1kAit: null, maxRequestsPerMinute: 600, requireProof: false },
  keys: [{ id: 'k1', prefix: 'cg_abcdef', createdAt: '2026-01-01T00:00:00Z', revokedAt: null, lastUsedAt: null }],
  createdAt: '2026-01-01T00:00:00Z',
};
const entry = (id: string, over: Partial<RequestLogEntry> = {}): RequestLogEntry => ({
  id, at: Date.now(), agentId: 'research', agentName: 'research', endpoint: 'chat', model: 'qwen3:32b', strategy: 'race', reasons: ['local_cold'],
  explanation: 'The model is local but not loaded (cold start). Races local against the network; the first token wins.', backend: 'network:miner-a',
  status: 'ok', httpStatus: 200, error: null, promptTokens: 10, evalTokens: 20, ttftMs: 850, durationMs: 1850, tokensPerSecond: 20, costAit: '0.0003', overheadMs: 0.2, jobId: 'job-1', ...over,
});

const handlers = [routingEventHandler, networkEventHandler];

function Bridge({ transport }: { transport: FakeTransport }) {
  useEventBridge(transport, useQueryClient(), handlers);
  return <RoutingPage />;
}

const LOCK = `0x${'c3'.repeat(32)}`;
const RELEASE = `0x${'d4'.repeat(32)}`;
const stored = { current: [] as JobPaymentView[] };
const payment = (jobId: string, state: JobPaymentView['state']): JobPaymentView => ({
  network: 'devnet', jobId, requestId: null, model: 'qwen3:32b', wire: 'v025', state, amountAit: '0.05', feeAit: '0.0005', lockTx: LOCK,
  releaseTx: state === 'released' ? RELEASE : null, refundTx: null, reason: null, createdAtMs: 1, updatedAtMs: 1, checkedAtMs: null,
});

function renderPage() {
  const transport = createFakeTransport({
    'network.payments': ({ jobIds }) => ({ payments: stored.current.filter((p) => jobIds?.includes(p.jobId)) }),
    'routing.snapshot': () => ({
      provider: { state: 'listening', url: 'http://127.0.0.1:11500', message: '' },
      network: { state: 'ok', message: 'devnet is up' },
      requests: [],
      counts: { local: 0, network: 0, race: 0, none: 0 },
      agents: [research],
    }),
    'routing.updatePolicy': ({ agentId, policy }) => ({ ...research, id: agentId, policy: { ...research.policy, ...policy } }),
    'routing.createAgent': ({ name }) => ({ agent: { ...research, id: name, name }, key: 'cg_secret-key-shown-once' }),
    'routing.exportRequests': ({ format }) => ({ filename: `clawgrid-requests-2026-12-02.${format}`, mimeType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json', content: format === 'csv' ? 'id\r\na\r\n' : '[]\n' }),
  });
  renderWithClient(
    <TransportProvider transport={transport}>
      <Bridge transport={transport} />
    </TransportProvider>,
  );
  return transport;
}

afterEach(() => {
  cleanup();
  stored.current = [];
});

describe('Routing page', () => {
  it('shows where to point OpenClaw, then each request live as events arrive', async () => {
    const transport = renderPage();
    expect((await screen.findByTestId('provider-status')).textContent).toContain('http://127.0.0.1:11500');
    expect(screen.getByTestId('request-log-empty')).toBeTruthy();
    act(() => transport.emit({ 'routing.requests': { entries: [entry('a'), entry('b', { strategy: 'local', backend: 'local', reasons: ['local_warm'] })], counts: { local: 1, network: 0, race: 1, none: 0 } } }));
    await waitFor(() => expect(screen.getAllByTestId('request-row')).toHaveLength(2));
    expect(screen.getAllByTestId('request-strategy').map((e) => e.textContent)).toEqual(['local', 'race']);
    expect(screen.getByTestId('count-race').textContent).toBe('1');
    expect(screen.getAllByTestId('request-row')[1]!.textContent).toContain('local_cold');
  });

  it('shows each network request’s payment state and chain transactions, kept current by events', async () => {
    stored.current = [payment('job-1', 'awaiting_acceptance')];
    const transport = renderPage();
    await screen.findByTestId('provider-status');
    act(() => transport.emit({ 'routing.requests': { entries: [entry('a'), entry('b', { strategy: 'local', backend: 'local', jobId: null })], counts: { local: 1, network: 0, race: 1, none: 0 } } }));
    await waitFor(() => expect(screen.getByTestId('request-payment').getAttribute('data-state')).toBe('awaiting_acceptance'));
    expect(screen.getByTestId('request-payment').textContent).toContain('awaiting acceptance');
    expect(screen.getAllByTestId('request-payment')).toHaveLength(1); // the local request has none
    expect(screen.getByTestId('tx-lock').querySelector('button')?.getAttribute('aria-label')).toBe(`Copy lock transaction ${LOCK}`);
    // the acceptance window ended: main announces it and the row follows
    stored.current = [payment('job-1', 'released')];
    act(() => transport.emit({ 'network.payments': { at: 2, disputed: 0 } }));
    await waitFor(() => expect(screen.getByTestId('request-payment').getAttribute('data-state')).toBe('released'));
    expect(screen.getByTestId('tx-release').getAttribute('data-hash')).toBe(RELEASE);
  });

  it('saves a policy change for the agent', async () => {
    const transport = renderPage();
    fireEvent.change(await screen.findByLabelText('Runs'), { target: { value: 'network' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(transport.calls.find((c) => c.name === 'routing.updatePolicy')?.input).toMatchObject({ agentId: 'research', policy: { mode: 'network' } }));
  });

  it('creates an agent and shows its key once, ready to copy', async () => {
    renderPage();
    fireEvent.change(await screen.findByTestId('new-agent-name'), { target: { value: 'writer' } });
    fireEvent.click(screen.getByTestId('create-agent'));
    expect(((await screen.findByTestId('issued-key-value')) as HTMLInputElement).value).toBe('cg_secret-key-shown-once');
  });

  it('exports the request log as CSV or JSON through routing.exportRequests and saves the file', async () => {
    const cap = captureDownloads();
    try {
      const transport = renderPage();
      fireEvent.click(await screen.findByRole('button', { name: 'Export CSV: the request log' }));
      await waitFor(() => expect(cap.downloads).toHaveLength(1));
      fireEvent.click(screen.getByRole('button', { name: 'Export JSON: the request log' }));
      await waitFor(() => expect(cap.downloads).toHaveLength(2));
      expect(transport.calls.filter((c) => c.name === 'routing.exportRequests').map((c) => c.input)).toEqual([{ format: 'csv' }, { format: 'json' }]);
      expect(cap.downloads.map((d) => [d.filename, d.type])).toEqual([
        ['clawgrid-requests-2026-12-02.csv', 'text/csv; charset=utf-8'],
        ['clawgrid-requests-2026-12-02.json', 'application/json'],
      ]);
      expect(await cap.downloads[0]!.text).toBe('id\r\na\r\n');
    } finally {
      cap.restore();
    }
  });
});
