// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useUiStore } from '../stores/ui-store';
import { createFakeTransport, type FakeHandlers, type FakeTransport } from '../testing/fake-transport';
import { appInfoFixture, sampleFixture, statusFixture } from '../testing/monitor-fixtures';
import { renderWithClient } from '../testing/render-with-client';
import { App } from './app';
// The pages are lazy chunks; load them with the test file so no test's time goes to transforming them.
import '../features/monitor/components/dashboard-page';
import '../features/routing/components/routing-page';
import type { CallOutput } from '../../shared/contract/calls';

type SetupState = CallOutput<'settings.get'>['settings']['setup'];
const settingsView = (setup: SetupState): CallOutput<'settings.get'> => ({
  settings: { ollamaUrl: 'http://127.0.0.1:11434', providerPort: 11500, hostPort: 7300, network: 'devnet', vramThresholdGb: 8, allowedOrigins: [], quitOnClose: false, launchAtLogin: false, updateChannel: 'stable', keepGatewayRunning: false, providerBind: '127.0.0.1', providerLanPort: 11543, providerTls: true, providerRateLimitPerMinute: 120, traceContent: false, reconcileIntervalMin: 5, setup, earnEnabled: false, earnModels: [], earnMinerId: '', earnPricePer1k: '0.002', earnPayoutAddress: '', earnLimits: { cpuPct: 80, ramPct: 70, gpuMemPct: 60 }, earnOwnAgentsFirst: true, earnHours: null, earnJobDeadlineS: 120, earnMaxOutputTokens: 1024 },
  overriddenByEnv: [],
  dataDir: '/home/me/.local/share/clawgrid',
});

function fakeHost(opts: { status?: 'open' | 'unauthorized' | 'connecting'; setup?: SetupState; extra?: FakeHandlers } = {}): FakeTransport {
  return createFakeTransport(
    {
      'app.info': () => appInfoFixture(),
      'settings.get': () => settingsView(opts.setup === undefined ? { outcome: 'finished', at: 1, skippedSteps: [] } : opts.setup),
      'monitor.snapshot': () => ({ samples: [sampleFixture(1_000)], status: statusFixture() }),
      'routing.snapshot': () => ({
        provider: { state: 'listening', url: 'http://127.0.0.1:11500', message: '' },
        network: { state: 'off', message: 'The GPU network is off' },
        requests: [],
        counts: { local: 0, network: 0, race: 0, none: 0 },
        agents: [],
      }),
      ...opts.extra,
    },
    { status: opts.status ?? 'open' },
  );
}

const current = () => screen.getAllByRole('button').filter((b) => b.getAttribute('aria-current') === 'page');

beforeEach(() => {
  useUiStore.setState({ page: 'dashboard' });
  window.history.replaceState(null, '', '/');
});
afterEach(cleanup);

describe('Shell', () => {
  it('switches pages from the sidebar and marks the current one', async () => {
    renderWithClient(<App transport={fakeHost()} />);
    expect(await screen.findByTestId('gpu-card-0')).toBeTruthy();
    expect(current().map((b) => b.dataset.testid)).toEqual(['nav-dashboard']);

    fireEvent.click(screen.getByTestId('nav-routing'));

    expect(current().map((b) => b.dataset.testid)).toEqual(['nav-routing']);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Routing');
    await waitFor(() => expect(screen.getByTestId('page-routing').textContent).toContain('127.0.0.1:11500'));
    expect(screen.queryByTestId('gpu-card-0')).toBeNull();
    expect(window.location.search).toBe('?page=routing');
  });

  it('switches pages with Alt+<n> and Ctrl+<n>', async () => {
    renderWithClient(<App transport={fakeHost()} />);
    await screen.findByTestId('gpu-card-0');

    fireEvent.keyDown(window, { key: '5', code: 'Digit5', altKey: true });
    expect(current().map((b) => b.dataset.testid)).toEqual(['nav-wallet']);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Wallet & Spend');

    fireEvent.keyDown(window, { key: '7', code: 'Digit7', ctrlKey: true });
    expect(current().map((b) => b.dataset.testid)).toEqual(['nav-upgrades']);

    // a plain digit (typing in a field) does not navigate
    fireEvent.keyDown(window, { key: '1', code: 'Digit1' });
    expect(current().map((b) => b.dataset.testid)).toEqual(['nav-upgrades']);

    fireEvent.keyDown(window, { key: '1', code: 'Digit1', altKey: true });
    expect(await screen.findByTestId('gpu-card-0')).toBeTruthy();
  });

  it('opens every page from the sidebar', async () => {
    renderWithClient(<App transport={fakeHost()} />);
    for (const id of ['models', 'routing', 'agents', 'wallet', 'proofs', 'upgrades', 'earn', 'settings', 'dashboard']) {
      fireEvent.click(screen.getByTestId(`nav-${id}`));
      expect(screen.getByTestId(`nav-${id}`).getAttribute('aria-current')).toBe('page');
      expect(await screen.findByTestId(`page-${id}`)).toBeTruthy();
      // one <h1> per page (the header's), and focus moved to it as a page load would
      expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
      expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 }));
    }
  });

  it('on a fresh data dir opens "Set up ClawGrid", and leaving it is remembered in settings', async () => {
    const transport = fakeHost({ setup: null, extra: { 'settings.update': (patch) => settingsView(patch.setup ?? null) } });
    renderWithClient(<App transport={transport} />);
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Set up ClawGrid'));
    expect(await screen.findByTestId('setup-step-ollama')).toBeTruthy();
    // the sidebar stays usable: the flow never blocks the app
    expect(screen.getByTestId('nav-dashboard').hasAttribute('disabled')).toBe(false);
    fireEvent.click(screen.getByTestId('setup-skip-all'));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Dashboard'));
    const update = transport.calls.find((c) => c.name === 'settings.update');
    expect(update?.input).toMatchObject({ setup: { outcome: 'skipped', skippedSteps: ['ollama', 'gpu', 'openclaw', 'agents', 'wallet', 'network'] } });
  });

  it('does not open the setup once it was finished or skipped', async () => {
    renderWithClient(<App transport={fakeHost()} />);
    expect(await screen.findByTestId('gpu-card-0')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Dashboard');
  });

  it('shows network, host kind, connection, version and data dir', async () => {
    const transport = fakeHost();
    renderWithClient(<App transport={transport} />);
    expect((await screen.findByTestId('network-badge')).textContent).toBe('…');
    await waitFor(() => expect(screen.getByTestId('network-badge').textContent).toBe('DEVNET — play money'));
    expect(screen.getByTestId('host-kind').textContent).toBe('Headless · browser');
    expect(screen.getByTestId('conn-status').textContent).toBe('Connected (WebSocket)');
    expect(screen.getByTestId('app-version').textContent).toBe('v0.1.0');
    expect(screen.getByTestId('data-dir').textContent).toContain('/home/me/.local/share/clawgrid');

    act(() => transport.setStatus('closed'));
    expect(screen.getByTestId('conn-status').textContent).toBe('Disconnected — reconnecting… (WebSocket)');
  });

  it('refetches the snapshot after a reconnect, since ticks were missed meanwhile', async () => {
    const transport = fakeHost();
    renderWithClient(<App transport={transport} />);
    await screen.findByTestId('gpu-card-0');
    const snapshots = () => transport.calls.filter((c) => c.name === 'monitor.snapshot').length;
    expect(snapshots()).toBe(1);

    act(() => transport.setStatus('closed'));
    act(() => transport.setStatus('open'));

    await waitFor(() => expect(snapshots()).toBe(2));
  });
});

describe('Access token', () => {
  it('shows only the auth page, and loads no data, when unauthorized', () => {
    const transport = fakeHost({ status: 'unauthorized' });
    renderWithClient(<App transport={transport} />);

    expect(screen.getByTestId('auth-required').textContent).toContain('This ClawGrid window needs its access token.');
    expect(screen.getByTestId('auth-required').textContent).toContain('#token=…');
    expect(screen.queryByTestId('nav-dashboard')).toBeNull();
    expect(transport.calls).toEqual([]);
  });

  it('switches to the auth page when the host refuses the token later', async () => {
    const transport = fakeHost();
    renderWithClient(<App transport={transport} />);
    await screen.findByTestId('gpu-card-0');

    act(() => transport.setStatus('unauthorized'));

    expect(screen.getByTestId('auth-required')).toBeTruthy();
    expect(screen.queryByTestId('gpu-card-0')).toBeNull();
  });
});
