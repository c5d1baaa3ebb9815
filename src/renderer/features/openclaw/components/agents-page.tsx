import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AgentsOverview, OpenClawDetection } from '../../../../shared/contract/openclaw';
import { LiveError } from '../../../components/live-error';
import { useTransport } from '../../../transport/transport-context';
import { openclawRefreshMutation, openclawUnwireMutation, openclawWireMutation } from '../api/openclaw-mutations';
import { openclawAgentsQuery, openclawWiringQuery } from '../api/openclaw-queries';
import { GatewayCard } from './gateway-card';

const ago = (t: number | null) => (t === null ? '—' : `${Math.max(0, Math.round((Date.now() - t) / 60_000))} min ago`);
const uptime = (ms: number | null) => (ms === null ? '—' : ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3_600_000).toFixed(1)} h`);

/** OpenClaw found or not, and the exact commands that fix what is missing. */
export function DetectionCard({ d }: { d: OpenClawDetection | null }) {
  if (!d) return <p className="muted">Checking for OpenClaw…</p>;
  return (
    <section className="card" data-testid="openclaw-detection">
      <h2>OpenClaw</h2>
      <dl className="metrics inline">
        <div><dt>Version</dt><dd data-testid="openclaw-version">{d.version ?? 'not found'}</dd></div>
        <div><dt>Node</dt><dd>{d.nodeVersion ?? 'not found'}</dd></div>
        <div><dt>Gateway</dt><dd data-testid="gateway-state">{d.gateway.live ? (d.gateway.ready ? 'live, ready' : 'live, not ready') : 'down'}</dd></div>
        <div><dt>Gateway version</dt><dd>{d.gateway.version ?? '—'}</dd></div>
        <div><dt>Uptime</dt><dd>{uptime(d.gateway.uptimeMs)}</dd></div>
      </dl>
      <p className="note">Config: {d.configPath}</p>
      {d.fixes.map((f) => (
        <div className="warning" key={f.problem} data-testid="openclaw-fix">
          <p>{f.problem}</p>
          <code className="fix-command">{f.command}</code>
        </div>
      ))}
    </section>
  );
}

/** "Use ClawGrid for these agents" and Undo. */
export function WiringCard({ overview }: { overview: AgentsOverview }) {
  const transport = useTransport();
  const qc = useQueryClient();
  const wiring = useQuery(openclawWiringQuery(transport));
  const [selected, setSelected] = useState<string[]>([]);
  const [primary, setPrimary] = useState('');
  const wire = useMutation(openclawWireMutation(transport, qc));
  const undo = useMutation(openclawUnwireMutation(transport, qc));
  const w = wiring.data;
  const error = wire.error ?? undo.error;
  return (
    <section className="card" data-testid="openclaw-wiring">
      <h2>Use ClawGrid for these agents</h2>
      <p className="note">Writes the provider <code>clawgrid</code> (Ollama API, {w?.baseUrl ?? 'ClawGrid’s endpoint'}, one ClawGrid key per agent) through OpenClaw’s own CLI, dry run first.</p>
      <div className="toggles">
        {overview.agents.map((a) => (
          <label key={a.id}>
            <input type="checkbox" checked={selected.includes(a.id)} onChange={(e) => setSelected((s) => (e.target.checked ? [...s, a.id] : s.filter((x) => x !== a.id)))} /> {a.id}
          </label>
        ))}
      </div>
      <label>
        Primary model (optional){' '}
        <input data-testid="wire-primary" value={primary} placeholder={w?.models[0] ?? 'e.g. qwen3:8b'} onChange={(e) => setPrimary(e.target.value)} />
      </label>{' '}
      <button type="button" data-testid="wire-button" disabled={selected.length === 0 || wire.isPending} onClick={() => wire.mutate({ agentIds: selected, primary: primary || null, fallbacks: [] })}>
        {wire.isPending ? 'Writing…' : 'Use ClawGrid'}
      </button>{' '}
      <button type="button" data-testid="unwire-button" disabled={!w?.canUndo || undo.isPending} onClick={() => undo.mutate()}>
        Undo
      </button>
      {w?.message && <p className="note" data-testid="wiring-message">{w.message}</p>}
      {w?.wired && <p className="note">On ClawGrid: {w.agentIds.join(', ')} · models: {w.models.join(', ') || '—'}</p>}
      <LiveError error={error} testId="wiring-error" />
    </section>
  );
}

/** Gateway and agent health joined with ClawGrid's own metering (real AIT cost, where requests ran). */
export function AgentsPage() {
  const transport = useTransport();
  const { data } = useQuery(openclawAgentsQuery(transport));
  const refresh = useMutation(openclawRefreshMutation(transport));
  const o = data;
  return (
    <div className="dashboard agents-page" data-testid="page-agents">
      <div className="section-head">
        <h2>Gateway and agents</h2>
        <button type="button" onClick={() => refresh.mutate()} disabled={o?.polling}>{o?.polling ? 'Refreshing…' : 'Refresh'}</button>
      </div>
      {o?.alerts.map((a) => (
        <p key={a.id} className={a.severity === 'error' ? 'warning alert-error' : 'warning'} data-testid="openclaw-alert">{a.message}</p>
      ))}
      <DetectionCard d={o?.detection ?? null} />
      {o && o.detection?.state === 'ok' && <GatewayCard overview={o} />}
      {o && o.detection?.state === 'ok' && <WiringCard overview={o} />}
      <section className="card">
        <h2>Agents</h2>
        {!o || o.agents.length === 0 ? (
          <p className="muted" data-testid="agents-message">{o?.agentsMessage || 'No agents yet.'}</p>
        ) : (
          <table className="table" data-testid="agents-table">
            <thead>
              <tr>
                <th scope="col">Agent</th><th scope="col">Model</th><th scope="col" className="num">Sessions</th><th scope="col">Last activity</th>
                <th scope="col" className="num">Tokens in / out</th><th scope="col" className="num">Cost (AIT)</th><th scope="col">Ran on</th>
              </tr>
            </thead>
            <tbody>
              {o.agents.map((a) => (
                <tr key={a.id} data-testid={`agent-row-${a.id}`}>
                  <td>{a.name ?? a.id}</td>
                  <td>{a.model ?? '—'}{a.onClawGrid && <span className="tag"> ClawGrid</span>}</td>
                  <td className="num">{a.sessions}</td>
                  <td>{ago(a.lastActivityAt)}</td>
                  <td className="num">{a.inputTokens} / {a.outputTokens}</td>
                  <td className="num">{a.costAit ?? '—'}</td>
                  <td>{a.backends.map((b) => `${b.backend} ${b.requests}`).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {o && o.agents.length > 0 && o.agentsMessage && <p className="note">{o.agentsMessage}</p>}
      </section>
    </div>
  );
}
