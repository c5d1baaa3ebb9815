import type { Deployment, DeploymentMetrics } from '../../../../shared/contract/models';
import { formatBytesAsGb, NOT_REPORTED } from '../../../lib/format';

function pct(n: number | null): string {
  return n === null ? NOT_REPORTED : `${Math.round(n * 100)}%`;
}
function ms(n: number | null): string {
  return n === null ? NOT_REPORTED : `${Math.round(n)} ms`;
}
function eta(sec: number | null): string {
  if (sec === null) return NOT_REPORTED;
  if (sec < 60) return `${Math.ceil(sec)} s`;
  return `${Math.floor(sec / 60)} min ${Math.round(sec % 60)} s`;
}

const STEP_TEXT = { pull: 'Downloading', warm: 'Warming up', register: 'Registering', done: 'Ready' } as const;

function Progress({ d }: { d: Deployment }) {
  const p = d.progress;
  if (d.step !== 'pull' || !p) return <span>{STEP_TEXT[d.step]}…</span>;
  const ratio = p.totalBytes > 0 ? p.completedBytes / p.totalBytes : 0;
  return (
    <div className="pull-progress">
      <div className="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(ratio * 100)} data-testid={`progress-${d.id}`}>
        <span style={{ width: `${(ratio * 100).toFixed(1)}%` }} />
      </div>
      <span className="muted small" data-testid={`progress-text-${d.id}`}>
        {formatBytesAsGb(p.completedBytes)} / {formatBytesAsGb(p.totalBytes)} · {p.bytesPerSec ? `${(p.bytesPerSec / 1e6).toFixed(1)} MB/s` : NOT_REPORTED} · ETA {eta(p.etaSec)}
      </span>
    </div>
  );
}

/** Deployments with live progress, their metering metrics, and cancel / retry / undeploy. */
export function DeploymentsPanel(props: {
  deployments: Deployment[];
  metrics: Map<string, DeploymentMetrics>;
  meteringAvailable: boolean;
  onCancel(id: string): void;
  onRetry(id: string): void;
  onUndeploy(id: string): void;
}) {
  return (
    <section className="card" aria-labelledby="deployments-title" data-testid="deployments">
      <h2 id="deployments-title">Deployments</h2>
      {props.deployments.length === 0 ? (
        <p className="muted">Nothing deployed yet: pick a model below and deploy it in one click.</p>
      ) : (
        <table className="table" data-testid="deployments-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">Requests</th>
              <th scope="col" className="num">Errors</th>
              <th scope="col" className="num">Avg / p95</th>
              <th scope="col" className="num">Local</th>
              <th scope="col" className="num">Fallbacks</th>
              <th scope="col" className="num">AIT spent</th>
              <th scope="col" className="num">AIT / 1k</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {props.deployments.map((d) => {
              const m = props.metrics.get(d.id);
              return (
                <tr key={d.id} data-testid={`deployment-${d.registeredName}`}>
                  <td>
                    <div className="model-name">{d.registeredName}</div>
                    <div className="muted small">{d.target === 'local' ? 'local (Ollama)' : d.minerId ? `network, miner ${d.minerId}` : 'network, engine chooses'}</div>
                  </td>
                  <td data-testid={`deployment-status-${d.registeredName}`}>
                    {d.status === 'running' ? <Progress d={d} /> : d.status === 'failed' ? <span className="warn-text">Failed at {d.error?.step}: {d.error?.message}</span> : d.status === 'canceled' ? 'Canceled' : 'Ready'}
                  </td>
                  <td className="num">{m ? m.requests : NOT_REPORTED}</td>
                  <td className="num">{pct(m?.errorRate ?? null)}</td>
                  <td className="num">
                    {ms(m?.avgLatencyMs ?? null)} / {ms(m?.p95LatencyMs ?? null)}
                  </td>
                  <td className="num">{pct(m?.localShare ?? null)}</td>
                  <td className="num">{m ? m.fallbacks : NOT_REPORTED}</td>
                  <td className="num">{m ? m.aitSpent : NOT_REPORTED}</td>
                  <td className="num">{m?.costPer1kTokensAit ?? NOT_REPORTED}</td>
                  <td className="actions">
                    {d.status === 'running' ? (
                      <button type="button" onClick={() => props.onCancel(d.id)} data-testid={`cancel-${d.registeredName}`} aria-label={`Cancel ${d.registeredName}`}>Cancel</button>
                    ) : null}
                    {d.status === 'failed' || d.status === 'canceled' ? (
                      <button type="button" onClick={() => props.onRetry(d.id)} data-testid={`retry-${d.registeredName}`} aria-label={`Retry ${d.registeredName}`}>Retry</button>
                    ) : null}
                    {d.status !== 'running' ? (
                      <button type="button" onClick={() => props.onUndeploy(d.id)} data-testid={`undeploy-${d.registeredName}`} aria-label={`${d.status === 'ready' ? 'Undeploy' : 'Remove'} ${d.registeredName}`}>{d.status === 'ready' ? 'Undeploy' : 'Remove'}</button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {props.meteringAvailable ? null : <p className="note">Metrics appear once the engine meters requests for these models.</p>}
    </section>
  );
}
