import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AgentSpend, SpendPolicy, SpendUsage } from '../../../../shared/contract/wallet';
import { LiveError } from '../../../components/live-error';
import { useTransport } from '../../../transport/transport-context';
import { setPolicyMutation } from '../api/wallet-mutations';
import { ratio, shortAit } from './amount';

/** Available / Reserved / Spent as one stacked bar against the limit. */
export function UsageBar({ u, testId }: { u: SpendUsage; testId?: string }) {
  const spent = ratio(u.spentAit, u.limitAit);
  const reserved = ratio(u.reservedAit, u.limitAit);
  return (
    <div className="usage">
      <div className="usage-bar" role="img" aria-label={`spent ${u.spentAit}, reserved ${u.reservedAit} of ${u.limitAit ?? 'no limit'} AIT`} data-testid={testId}>
        <span className="usage-spent" style={{ width: `${spent * 100}%` }} />
        <span className="usage-reserved" style={{ width: `${Math.min(reserved, 1 - spent) * 100}%` }} />
      </div>
      <div className="usage-legend">
        <span>Available <b data-testid={testId ? `${testId}-available` : undefined}>{shortAit(u.availableAit)}</b></span>
        <span>Reserved <b>{shortAit(u.reservedAit)}</b></span>
        <span>Spent <b data-testid={testId ? `${testId}-spent` : undefined}>{shortAit(u.spentAit)}</b></span>
        <span className="muted">of {u.limitAit === null ? 'no limit' : `${shortAit(u.limitAit)} AIT`}</span>
      </div>
    </div>
  );
}

/** Settled spend per day, last 14 days (bars scaled to the busiest day). */
function DailyChart({ daily }: { daily: AgentSpend['daily'] }) {
  const max = daily.reduce((m, d) => Math.max(m, Number(d.spentAit)), 0);
  return (
    <div className="daily-chart" aria-label="Spend per day, last 14 days">
      {daily.map((d) => (
        <span key={d.day} className="daily-bar" title={`${d.day}: ${d.spentAit} AIT`} style={{ height: `${max > 0 ? Math.max(2, (Number(d.spentAit) / max) * 100) : 2}%` }} />
      ))}
    </div>
  );
}

export function AgentSpendCard({ agent }: { agent: AgentSpend }) {
  const [editing, setEditing] = useState(false);
  return (
    <article className="card agent-spend" data-testid={`spend-card-${agent.agentId}`}>
      <header className="agent-spend-head">
        <h3>{agent.agentId}</h3>
        <span className="muted">{agent.policy.period.kind}{agent.custom ? '' : ' · defaults'}</span>
        <button type="button" onClick={() => setEditing((e) => !e)} data-testid={`edit-limits-${agent.agentId}`} aria-label={`${editing ? 'Close limits' : 'Limits'} of ${agent.agentId}`} aria-expanded={editing}>{editing ? 'Close' : 'Limits'}</button>
      </header>
      {agent.usage.softCrossed ? <p className="warning">Soft limit crossed ({shortAit(agent.usage.softLimitAit)} AIT)</p> : null}
      <UsageBar u={agent.usage} testId={`spend-bar-${agent.agentId}`} />
      {agent.models.map((m) => (
        <div key={m.model} className="model-cap">
          <span className="muted">{m.model}</span>
          <UsageBar u={m.usage} />
        </div>
      ))}
      <DailyChart daily={agent.daily} />
      {editing ? <LimitEditor agentId={agent.agentId} policy={agent.policy} onDone={() => setEditing(false)} /> : null}
    </article>
  );
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** Edits one agent's policy (saving creates an agent-specific policy over the defaults). */
export function LimitEditor({ agentId, policy, onDone }: { agentId: string; policy: SpendPolicy; onDone: () => void }) {
  const transport = useTransport();
  const qc = useQueryClient();
  const [p, setP] = useState(policy);
  const [caps, setCaps] = useState(Object.entries(policy.modelCapsAit).map(([m, c]) => `${m}=${c}`).join(', '));
  const save = useMutation(setPolicyMutation(transport, qc));
  const submit = () => {
    const modelCapsAit = Object.fromEntries(caps.split(',').map((s) => s.trim()).filter(Boolean).map((s) => s.split('=').map((x) => x.trim()) as [string, string]));
    save.mutate({ agentId, policy: { ...p, modelCapsAit } }, { onSuccess: onDone });
  };
  const tz = 'timeZone' in p.period ? p.period.timeZone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  const field = (label: string, key: 'hardLimitAit' | 'softLimitAit' | 'maxPricePer1kAit' | 'approvalThresholdAit') => (
    <label>
      {label}
      <input value={p[key] ?? ''} placeholder="none" inputMode="decimal" onChange={(e) => setP({ ...p, [key]: orNull(e.target.value) })} data-testid={`limit-${key}`} />
    </label>
  );
  return (
    <form className="limit-editor" onSubmit={(e) => (e.preventDefault(), submit())} data-testid="limit-editor">
      {field('Hard limit (AIT)', 'hardLimitAit')}
      {field('Soft limit (AIT)', 'softLimitAit')}
      {field('Ask approval above (AIT / request)', 'approvalThresholdAit')}
      {field('Max price (AIT / 1k tokens)', 'maxPricePer1kAit')}
      <label>
        Period
        <select
          value={p.period.kind === 'custom' ? 'daily' : p.period.kind}
          onChange={(e) => setP({ ...p, period: e.target.value === 'lifetime' ? { kind: 'lifetime' } : { kind: e.target.value as 'daily' | 'weekly' | 'monthly', timeZone: tz } })}
        >
          <option value="daily">Daily</option>
          <option value="weekly">Weekly (Monday)</option>
          <option value="monthly">Monthly</option>
          <option value="lifetime">No reset</option>
        </select>
      </label>
      <label>
        Time zone
        <input value={tz} onChange={(e) => p.period.kind !== 'lifetime' && setP({ ...p, period: { ...p.period, timeZone: e.target.value } })} />
      </label>
      <label>
        Model caps (model=AIT, …)
        <input value={caps} onChange={(e) => setCaps(e.target.value)} placeholder="llama3.1:70b=5" />
      </label>
      <label className="check">
        <input type="checkbox" checked={p.approveOnSoftLimit} onChange={(e) => setP({ ...p, approveOnSoftLimit: e.target.checked })} /> Ask approval when crossing the soft limit
      </label>
      <p className="muted">Changing the period kind or time zone starts a fresh count for the new period.</p>
      <button type="submit" disabled={save.isPending} data-testid="save-limits">Save</button>
      <LiveError error={save.error} />
    </form>
  );
}
