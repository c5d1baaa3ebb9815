// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../../shared/contract/calls';
import { TransportProvider } from '../../../transport/transport-context';
import { createFakeTransport } from '../../../testing/fake-transport';
import { renderWithClient } from '../../../testing/render-with-client';
import { TeamPanel } from './team-panel';

const FP = 'AB:'.repeat(31) + 'CD';

function renderPanel(status: CallOutput<'team.status'>) {
  const transport = createFakeTransport({ 'team.status': () => status });
  renderWithClient(
    <TransportProvider transport={transport}>
      <TeamPanel />
    </TransportProvider>,
  );
}

afterEach(cleanup);

describe('Team panel', () => {
  it('shows the listener, the fingerprint to pin and who is connected', async () => {
    renderPanel({
      listener: { state: 'listening', url: 'https://192.168.1.5:11543', message: `Serving the team at https://192.168.1.5:11543 (TLS; agent keys required; pin SHA-256 ${FP}).`, fingerprint256: FP, spkiSha256: 'c3BraQ==', rateLimitPerMinute: 120 },
      peers: [
        { address: '192.168.1.20', local: false, agentId: 'alice', agentName: 'alice-laptop', requests: 12, limited: 2, lastSeenAt: Date.now() - 5000 },
        { address: '127.0.0.1', local: true, agentId: 'default', agentName: 'default', requests: 3, limited: 0, lastSeenAt: Date.now() - 60_000 },
      ],
    });
    expect((await screen.findByTestId('team-fingerprint')).textContent).toBe(FP);
    const rows = screen.getAllByTestId('team-peer');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('192.168.1.20');
    expect(rows[0]!.textContent).toContain('alice-laptop');
    expect(rows[0]!.textContent).toContain('12');
    expect(rows[1]!.textContent).toContain('(this machine)');
  });

  it('says plainly when a LAN bind was refused, and that no one connected', async () => {
    renderPanel({ listener: { state: 'refused', url: null, message: 'Refusing to serve 0.0.0.0 without TLS: …', fingerprint256: null, spkiSha256: null, rateLimitPerMinute: 120 }, peers: [] });
    const listener = await screen.findByTestId('team-listener');
    expect(listener.textContent).toContain('without TLS');
    expect(listener.className).toContain('warning');
    expect(screen.queryByTestId('team-fingerprint')).toBeNull();
    expect(screen.getByTestId('team-peers-empty')).toBeTruthy();
  });
});
