import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AgentsOverview } from '../../../../shared/contract/openclaw';
import { useTransport } from '../../../transport/transport-context';
import { openclawKeepGatewayMutation } from '../api/openclaw-mutations';

const when = (t: number | null) => (t === null ? '—' : new Date(t).toLocaleTimeString());
const mib = (b: number) => `${Math.round(b / 1024 ** 2)} MiB`;

/** Always-on agents: ClawGrid runs the gateway, restarts it, and shows what its processes use. */
export function GatewayCard({ overview }: { overview: AgentsOverview }) {
  const transport = useTransport();
  const qc = useQueryClient();
  const keep = useMutation(openclawKeepGatewayMutation(transport, qc));
  const s = overview.supervision;
  const r = overview.resources;
  const on = s?.enabled ?? false;
  return (
    <section className="card" data-testid="gateway-supervision">
      <h2>Always-on gateway</h2>
      <label>
        <input type="checkbox" data-testid="keep-gateway" checked={on} disabled={keep.isPending} onChange={(e) => keep.mutate({ enabled: e.target.checked })} /> Keep the
        OpenClaw gateway running with ClawGrid (health check every 30 s, restart with backoff)
      </label>
      {s && (
        <dl className="metrics inline">
          <div><dt>State</dt><dd data-testid="supervision-phase">{s.phase}</dd></div>
          <div><dt>PID</dt><dd>{s.pid ?? '—'}</dd></div>
          <div><dt>Healthy since</dt><dd>{when(s.healthySince)}</dd></div>
          <div><dt>Restarts</dt><dd data-testid="supervision-restarts">{s.restarts}</dd></div>
          {s.nextRestartAt && <div><dt>Next restart</dt><dd>{when(s.nextRestartAt)}</dd></div>}
        </dl>
      )}
      {s?.lastError && <p className="warning" data-testid="supervision-error">Last error ({when(s.lastErrorAt)}): {s.lastError}</p>}
      {r && (
        <>
          <p data-testid="gateway-resources">
            All agents run inside the gateway: its {r.pids.length} processes use CPU {r.cpuPercent.toFixed(0)} % (limit {r.limits.cpuPercent} %) and memory{' '}
            {mib(r.rssBytes)} = {r.memPercent.toFixed(1)} % (limit {r.limits.memPercent} %) of this machine.
          </p>
          {r.pausedAgents.length > 0 && <p className="warning" data-testid="spend-paused">Network spend paused for {r.pausedAgents.join(', ')}: {r.reason}</p>}
        </>
      )}
      {keep.error && <p className="warning">{keep.error.message}</p>}
    </section>
  );
}
