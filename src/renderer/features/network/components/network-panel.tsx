import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTransport } from '../../../transport/transport-context';
import { describeNetwork } from '../../../components/network-badge';
import { faucetMutation } from '../api/network-mutations';
import { networkOffersQuery, networkStatusQuery } from '../api/network-queries';
import { NetworkChoice } from './network-choice';

/** Header badge for the active network; opens the network panel. Devnet always reads "DEVNET — play money". */
export function NetworkMenu({ network }: { network: string | undefined }) {
  const transport = useTransport();
  const status = useQuery(networkStatusQuery(transport));
  const [open, setOpen] = useState(false);
  const label = describeNetwork(status.data?.network ?? network);
  const health = status.data?.health.state;
  return (
    <>
      <button type="button" className={`badge badge-${label.tone} network-menu-button`} title={label.title} data-testid="network-badge" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {label.text}
        {health ? <span className={`net-dot net-${health}`} data-testid="network-health-dot" aria-label={`health ${health}`} /> : null}
      </button>
      {open ? <NetworkPanel onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function NetworkPanel({ onClose }: { onClose: () => void }) {
  const transport = useTransport();
  const qc = useQueryClient();
  const status = useQuery(networkStatusQuery(transport));
  const offers = useQuery(networkOffersQuery(transport));
  const s = status.data;
  const faucet = useMutation(faucetMutation(transport, qc));

  return (
    <aside className="network-panel" data-testid="network-panel" aria-label="AITBC network">
      <div className="drawer-head">
        <h2>AITBC network</h2>
        <button type="button" onClick={onClose} aria-label="Close network panel">×</button>
      </div>
      {s ? (
        <dl className="network-facts">
          <dt>Active</dt>
          <dd data-testid="network-active">{s.kind === 'devnet' ? 'DEVNET — play money' : s.kind === 'off' ? 'Off (local only)' : s.network}</dd>
          <dt>Health</dt>
          <dd data-testid="network-health" className={`net-${s.health.state}`}>{s.health.state} — {s.health.message}</dd>
          {s.coordinatorUrl ? (<><dt>Coordinator</dt><dd><code>{s.coordinatorUrl}</code></dd></>) : null}
          {s.clientAddress ? (<><dt>Wallet</dt><dd><code>{s.clientAddress}</code></dd></>) : null}
          {s.balanceAit !== null ? (<><dt>Balance</dt><dd data-testid="network-balance">{s.balanceAit} AIT{s.kind === 'devnet' ? ' (play money)' : ''}</dd></>) : null}
        </dl>
      ) : (
        <p className="muted">Loading…</p>
      )}
      {s?.devnet ? (
        <section>
          <h3>Devnet miners</h3>
          <ul className="network-miners" data-testid="devnet-miners">
            {s.devnet.miners.map((m) => (
              <li key={m.minerId}>
                <code>{m.minerId}</code> {m.pricePer1kTokensAit} AIT/1k · {m.state} · {m.completed} done
                {m.backend === 'simulated' ? <span className="badge badge-devnet" data-testid="simulated-label"> SIMULATED inference (no Ollama)</span> : null}
              </li>
            ))}
          </ul>
          <button type="button" data-testid="network-faucet" disabled={faucet.isPending} onClick={() => faucet.mutate()}>Faucet: +100 play AIT</button>
          {faucet.error ? <p className="warning">{faucet.error.message}</p> : null}
        </section>
      ) : null}
      <section>
        <h3>Offers</h3>
        {offers.data?.offers.length ? (
          <table className="network-offers" data-testid="network-offers">
            <thead><tr><th>Miner</th><th>Model</th><th>AIT / 1k tokens</th><th>Region</th></tr></thead>
            <tbody>
              {offers.data.offers.map((o) => (
                <tr key={`${o.minerId}/${o.model}`}><td><code>{o.minerId}</code></td><td><code>{o.model}</code></td><td>{o.pricePer1kTokensAit}</td><td>{o.region ?? '—'}</td></tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted" data-testid="network-no-offers">{offers.isLoading ? 'Loading offers…' : 'No offers on this network right now.'}</p>
        )}
      </section>
      <NetworkChoice />
    </aside>
  );
}
