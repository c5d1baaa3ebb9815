import { useQuery } from '@tanstack/react-query';
import type { TeamPeer } from '../../../../shared/contract/team';
import { useTransport } from '../../../transport/transport-context';
import { teamStatusQuery } from '../api/team-status-query';

const ago = (ms: number) => {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : new Date(ms).toLocaleString();
};

function PeerRow({ p }: { p: TeamPeer }) {
  return (
    <tr data-testid="team-peer">
      <td>
        <code>{p.address}</code>
        {p.local ? ' (this machine)' : ''}
      </td>
      <td>{p.agentName}</td>
      <td>{p.requests}</td>
      <td>{p.limited}</td>
      <td title={new Date(p.lastSeenAt).toISOString()}>{ago(p.lastSeenAt)}</td>
    </tr>
  );
}

/** Serving a team: the TLS listener's address and certificate fingerprint, and who is connected. */
export function TeamPanel() {
  const status = useQuery(teamStatusQuery(useTransport()));
  return (
    <section className="card" aria-labelledby="team-head" data-testid="team-panel">
      <h2 id="team-head">Team</h2>
      {status.isPending ? (
        <p className="muted">Loading…</p>
      ) : status.isError ? (
        <p className="warning" data-testid="team-error">
          Could not load who is connected: {status.error.message}
        </p>
      ) : (
        <>
          <p data-testid="team-listener" className={status.data.listener.state === 'refused' || status.data.listener.state === 'error' ? 'warning' : ''}>
            {status.data.listener.message}
          </p>
          {status.data.listener.fingerprint256 && (
            <p className="note">
              Certificate SHA-256 (pin it in each client): <code data-testid="team-fingerprint">{status.data.listener.fingerprint256}</code>
              {status.data.listener.spkiSha256 && (
                <>
                  {' '}
                  · curl: <code>--pinnedpubkey sha256//{status.data.listener.spkiSha256}</code>
                </>
              )}
            </p>
          )}
          {status.data.peers.length === 0 ? (
            <p className="muted" data-testid="team-peers-empty">
              No one has connected since ClawGrid started.
            </p>
          ) : (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Peer</th>
                    <th scope="col">Agent</th>
                    <th scope="col">Requests</th>
                    <th scope="col">Rate-limited</th>
                    <th scope="col">Last seen</th>
                  </tr>
                </thead>
                <tbody>
                  {status.data.peers.map((p) => (
                    <PeerRow key={`${p.address}|${p.agentId}`} p={p} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
