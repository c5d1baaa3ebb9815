import type { StrategyCounts } from '../../../../shared/contract/routing';
import { ExportButtons } from '../../../components/export-buttons';
import { useRequestsExport, useRoutingSnapshot } from '../hooks/use-routing';
import { AgentPanel } from './agent-panel';
import { RequestLog } from './request-log';
import { RoutingCharts } from './routing-charts';
import { TeamPanel } from '../../team/port';
import './routing.css';

const STRATEGIES: (keyof StrategyCounts)[] = ['local', 'network', 'race', 'none'];

/** Routing: where each request ran and why, how fast, at what cost; agents, their policies and keys. */
export function RoutingPage() {
  const snapshot = useRoutingSnapshot();
  if (snapshot.isPending) {
    return (
      <p className="muted" aria-busy="true" data-testid="page-routing">
        Loading routing…
      </p>
    );
  }
  if (snapshot.isError) {
    return (
      <div data-testid="page-routing">
        <p className="warning" role="alert" data-testid="routing-error">
          Could not load routing: {snapshot.error.message}
        </p>
        <button type="button" onClick={() => void snapshot.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const { provider, network, requests, counts, agents } = snapshot.data;
  return (
    <div className="routing-page" data-testid="page-routing">
      <p className="note">Routing decisions: where each request runs — the local Ollama, the GPU network, or a race of both — and why.</p>
      <section className="card" aria-labelledby="endpoint-head">
        <h2 id="endpoint-head">Ollama-compatible endpoint</h2>
        <p data-testid="provider-status" className={provider.state === 'error' ? 'warning' : ''}>
          {provider.state === 'listening' ? (
            <>
              Listening at <code>{provider.url}</code> — set it as OpenClaw’s provider <code>baseUrl</code> with <code>api: &quot;ollama&quot;</code>.
            </>
          ) : (
            provider.message
          )}
        </p>
        <p className="note">GPU network: {network.message}</p>
        <ul className="strategy-counts" aria-label="Requests per strategy" data-testid="strategy-counts">
          {STRATEGIES.map((s) => (
            <li key={s}>
              <span className={`strategy strategy-${s}`}>{s}</span> <strong data-testid={`count-${s}`}>{counts[s]}</strong>
            </li>
          ))}
        </ul>
      </section>
      <RoutingCharts requests={requests} />
      <section className="card" aria-labelledby="log-head">
        <div className="card-head">
          <h2 id="log-head">Requests</h2>
          <RequestsExport />
        </div>
        <RequestLog requests={requests} />
      </section>
      <AgentPanel agents={agents} />
      <TeamPanel />
    </div>
  );
}

/** Every metered request (not only the 200 shown), as CSV or JSON. */
function RequestsExport() {
  const exporter = useRequestsExport();
  return <ExportButtons what="the request log" testId="requests-export" run={(format) => exporter.mutateAsync({ format })} />;
}
