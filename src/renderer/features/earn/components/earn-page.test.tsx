// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EarnJob, EarnStatus } from '../../../../shared/contract/earn';
import type { Settings } from '../../../../shared/contract/settings';
import { createFakeTransport } from '../../../testing/fake-transport';
import { renderWithClient } from '../../../testing/render-with-client';
import { TransportProvider } from '../../../transport/transport-context';
import { EarnPage } from './earn-page';

afterEach(cleanup);

const EARN_DEFAULTS: Partial<Settings> = {
  earnEnabled: false, earnModels: ['llama3.2:3b'], earnMinerId: '', earnPricePer1k: '0.004', earnPayoutAddress: '', earnLimits: { cpuPct: 80, ramPct: 70, gpuMemPct: 60 },
  earnOwnAgentsFirst: true, earnHours: null, earnJobDeadlineS: 120, earnMaxOutputTokens: 1024,
};

const status: EarnStatus = {
  state: 'paused', reasons: [{ code: 'gpu_mem', message: 'GPU memory at 75 %, above the 60 % limit' }], minerId: 'rig-1', network: 'devnet', registered: true, problem: null,
  lastHeartbeat: { at: 1_000, capacity: 0 }, payoutAddress: '0x00000000000000000000000000000000000000aa', allowedModels: ['llama3.2:3b'], servedModels: ['llama3.2:3b'], pricePer1kAit: '0.004',
  usage: { cpuPct: 12, ramPct: 40, gpuMemPct: 75 }, localInflight: 0, servingInflight: 0,
  offers: [{ offerId: 'offer-1', pluginId: 'p', model: 'llama3.2:3b', pricePer1kAit: '0.004', status: 'active', providerAddress: '0x00000000000000000000000000000000000000aa' }],
  totals: { pendingAit: '0', releasedAit: '0.02', jobsServed: 1 },
};
const job: EarnJob = {
  jobId: 'job-abc', network: 'devnet', model: 'llama3.2:3b', state: 'completed', error: null, polledAt: 1_000, resultAt: 1_020, promptTokens: 10, outputTokens: 20,
  receipt: { receiptId: 'rcpt-1', priceAit: '0.00012', units: 0.03, unitType: '1k_tokens', signer: 'key', verified: true, verdict: 'signature valid' },
  paymentStatus: 'released', pendingAit: '0.02', releasedAit: '0.02', releasedAt: 2_000, releaseTx: '0xabcdef0123',
};

describe('Earn page', () => {
  it('says why it is paused, shows the offer, the served job with its receipt and earning, and saves limits', async () => {
    let saved: Partial<Settings> | null = null;
    const settings = (s: Partial<Settings> = {}) => ({ settings: { ...EARN_DEFAULTS, earnEnabled: true, ...s } as Settings, overriddenByEnv: ['earnEnabled'], dataDir: '/tmp/x' });
    const transport = createFakeTransport({
      'earn.status': () => status,
      'earn.jobs': () => ({ jobs: [job] }),
      'earn.earnings': () => ({ days: [{ day: '2026-12-02', pendingAit: '0', releasedAit: '0.02', jobs: 1 }] }),
      'settings.get': () => settings(),
      'settings.update': (patch) => ((saved = patch), settings(patch)),
    });
    renderWithClient(<TransportProvider transport={transport}><EarnPage /></TransportProvider>);
    expect((await screen.findByTestId('earn-state')).textContent).toBe('Paused');
    expect(screen.getByRole('list', { name: 'Why not earning' }).textContent).toContain('GPU memory at 75 %, above the 60 % limit');
    expect(within(screen.getByTestId('earn-offers')).getByText('offer-1')).toBeTruthy();
    expect((await screen.findByTestId('earn-receipt-job-abc')).textContent).toBe('signature valid');
    expect(screen.getByTestId('earn-job-released-job-abc').textContent).toContain('0.02');
    expect(screen.getByRole('meter', { name: 'Share of the best day' }).getAttribute('aria-valuenow')).toBe('100');

    // set by the environment: shown, not editable
    expect((screen.getByLabelText('Serve network jobs on this machine') as HTMLInputElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/^GPU memory/), { target: { value: '80' } });
    fireEvent.click(screen.getByLabelText('Only during these hours (local time)'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved).toEqual({ earnLimits: { cpuPct: 80, ramPct: 70, gpuMemPct: 80 }, earnHours: { startHour: 22, endHour: 7 } }));
  });
});
