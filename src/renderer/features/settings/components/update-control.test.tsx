// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../../shared/contract/app';
import { dispatchEventBatch } from '../../../transport/event-handler';
import { TransportProvider } from '../../../transport/transport-context';
import { createFakeTransport } from '../../../testing/fake-transport';
import { renderWithClient } from '../../../testing/render-with-client';
import { settingsEventHandler } from '../api/settings-events';
import { UpdateControl } from './update-control';

const status = (over: Partial<UpdateStatus>): UpdateStatus => ({ state: 'idle', channel: 'stable', currentVersion: '0.1.0', version: null, releaseNotes: null, percent: null, message: '', checkedAtMs: null, ...over });
const settingsView = (updateChannel: 'stable' | 'beta') => ({
  settings: { ollamaUrl: 'http://127.0.0.1:11434', providerPort: 11500, hostPort: 7300, network: 'devnet' as const, vramThresholdGb: 8, quitOnClose: false, launchAtLogin: false, updateChannel, allowedOrigins: [], setup: null, keepGatewayRunning: false, providerBind: '127.0.0.1', providerLanPort: 11543, providerTls: true, providerRateLimitPerMinute: 120, traceContent: false, reconcileIntervalMin: 5, earnEnabled: false, earnModels: [], earnMinerId: '', earnPricePer1k: '0.002', earnPayoutAddress: '', earnLimits: { cpuPct: 80, ramPct: 70, gpuMemPct: 60 }, earnOwnAgentsFirst: true, earnHours: null, earnJobDeadlineS: 120, earnMaxOutputTokens: 1024 },
  overriddenByEnv: [],
  dataDir: '/d',
});
afterEach(cleanup);

describe('Settings → Updates', () => {
  it('checks for updates, shows the release notes and progress, and reports a deferred install', async () => {
    const transport = createFakeTransport({
      'app.updateStatus': () => status({}),
      'settings.get': () => settingsView('stable'),
      'app.checkForUpdates': () => status({ state: 'ready', version: '0.2.0', releaseNotes: 'Tray\nService mode', message: 'ClawGrid 0.2.0 is downloaded and verified. Restart to update.' }),
      'app.installUpdate': () => status({ state: 'deferred', version: '0.2.0', message: 'Not now: 1 payment is waiting for your approval.' }),
    });
    const { queryClient } = renderWithClient(<TransportProvider transport={transport}><UpdateControl /></TransportProvider>);
    fireEvent.click(await screen.findByRole('button', { name: 'Check for updates' }));
    expect(await screen.findByText(/Tray\s+Service mode/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'What is new in 0.2.0' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Restart to update to 0.2.0' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('1 payment is waiting'));
    act(() => dispatchEventBatch(queryClient, { 'app.update': status({ state: 'downloading', percent: 41.6, message: 'Downloading the update…' }) }, [settingsEventHandler]));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Downloading the update… 42 %'));
    expect((screen.getByRole('button', { name: 'Check for updates' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('the channel select changes the setting; the headless host cannot check', async () => {
    const transport = createFakeTransport({
      'app.updateStatus': () => status({ state: 'unsupported', message: 'The headless host updates with its checkout.' }),
      'settings.get': () => settingsView('stable'),
      'settings.update': (patch) => settingsView(patch.updateChannel ?? 'stable'),
    });
    renderWithClient(<TransportProvider transport={transport}><UpdateControl /></TransportProvider>);
    const select = (await screen.findByLabelText('Update channel')) as HTMLSelectElement;
    await waitFor(() => expect(select.disabled).toBe(false));
    fireEvent.change(select, { target: { value: 'beta' } });
    await waitFor(() => expect(select.value).toBe('beta'));
    expect(transport.calls.filter((c) => c.name === 'settings.update')).toEqual([{ name: 'settings.update', input: { updateChannel: 'beta' } }]);
    expect((screen.getByRole('button', { name: 'Check for updates' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('status').textContent).toContain('headless host');
  });
});
