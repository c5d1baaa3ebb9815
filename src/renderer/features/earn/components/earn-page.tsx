import { useQuery } from '@tanstack/react-query';
import { useTransport } from '../../../transport/transport-context';
import { earnEarningsQuery, earnStatusQuery, type EarnStatusView } from '../api/earn-queries';
import { EarnJobsTable } from './earn-jobs-table';
import { EarnLimitsForm } from './earn-limits-form';

const STATE_TEXT: Record<EarnStatusView['state'], string> = { earning: 'Earning', paused: 'Paused', off: 'Off' };
const pct = (n: number | null) => (n === null ? 'n/a' : `${Math.round(n)} %`);

/** Earn: ClawGrid as a miner on the network — status and why, the offer, jobs served, earnings, limits and schedule. */
export function EarnPage() {
  const transport = useTransport();
  const status = useQuery(earnStatusQuery(transport));
  const s = status.data;
  return (
    <div className="earn-page" data-testid="page-earn">
      {status.isError ? <p className="warning">{status.error.message}</p> : null}
      <div className="two-col">
        <section className="card" aria-labelledby="earn-status-title">
          <h2 id="earn-status-title">Status</h2>
          {s ? (
            <>
              <p className="earn-state" data-testid="earn-state">{STATE_TEXT[s.state]}{s.state === 'earning' && s.servingInflight ? ` (serving ${s.servingInflight} job)` : ''}</p>
              {s.reasons.length ? (
                <ul aria-label="Why not earning" data-testid="earn-reasons">
                  {s.reasons.map((r) => <li key={r.code}>{r.message}</li>)}
                </ul>
              ) : null}
              {s.problem ? <p className="warning">{s.problem}</p> : null}
              <dl className="approval-facts">
                <dt>Miner</dt><dd><code>{s.minerId}</code> on {s.network} {s.registered ? '(registered)' : '(not registered)'}</dd>
                <dt>Last heartbeat</dt><dd>{s.lastHeartbeat ? `${new Date(s.lastHeartbeat.at).toLocaleTimeString()}, capacity ${s.lastHeartbeat.capacity}` : 'none yet'}</dd>
                <dt>Payout address</dt><dd><code data-testid="earn-payout">{s.payoutAddress ?? 'none: set up a wallet or CLAWGRID_PAYOUT_ADDRESS'}</code></dd>
                <dt>Models served</dt><dd>{s.servedModels.join(', ') || 'none'}{s.allowedModels.length > s.servedModels.length ? ` (allowed, not installed: ${s.allowedModels.filter((m) => !s.servedModels.includes(m)).join(', ')})` : ''}</dd>
                <dt>Machine now</dt><dd>CPU {pct(s.usage.cpuPct)} · RAM {pct(s.usage.ramPct)} · GPU memory {pct(s.usage.gpuMemPct)} · your requests in flight {s.localInflight}</dd>
                <dt>Earned</dt><dd><span data-testid="earn-released">{s.totals.releasedAit}</span> AIT released · {s.totals.pendingAit} AIT pending · {s.totals.jobsServed} job(s) served</dd>
              </dl>
            </>
          ) : (
            <p className="muted">Loading…</p>
          )}
        </section>
        <section className="card" aria-labelledby="earn-offer-title">
          <h2 id="earn-offer-title">The offer, as the network lists it</h2>
          {s && s.offers.length ? (
            <table className="table" data-testid="earn-offers">
              <thead><tr><th scope="col">Model</th><th scope="col">Price per 1k tokens</th><th scope="col">Status</th><th scope="col">Offer id</th><th scope="col">Pays to</th></tr></thead>
              <tbody>
                {s.offers.map((o) => (
                  <tr key={o.pluginId}><td>{o.model}</td><td>{o.pricePer1kAit} AIT</td><td>{o.status}</td><td><code>{o.offerId ?? '—'}</code></td><td><code>{o.providerAddress ?? '—'}</code></td></tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No offer listed{s?.state === 'off' ? ' (earn mode is off)' : ''}.</p>
          )}
        </section>
      </div>
      <EarnLimitsForm />
      <EarnJobsTable />
      <EarningsOverTime />
    </div>
  );
}

function EarningsOverTime() {
  const transport = useTransport();
  const days = useQuery(earnEarningsQuery(transport)).data?.days ?? [];
  const max = Math.max(0, ...days.map((d) => Number(d.releasedAit) + Number(d.pendingAit)));
  return (
    <section className="card" aria-labelledby="earn-days-title">
      <h2 id="earn-days-title">Earnings over time</h2>
      {days.length ? (
        <table className="table" data-testid="earn-days">
          <thead><tr><th scope="col">Day</th><th scope="col">Released (AIT)</th><th scope="col">Pending (AIT)</th><th scope="col">Jobs</th><th scope="col">Share of the best day</th></tr></thead>
          <tbody>
            {days.map((d) => {
              const share = max > 0 ? Math.round(((Number(d.releasedAit) + Number(d.pendingAit)) / max) * 100) : 0;
              return (
                <tr key={d.day}>
                  <th scope="row">{d.day}</th><td>{d.releasedAit}</td><td>{d.pendingAit}</td><td>{d.jobs}</td>
                  <td><div className="bar" role="meter" aria-label="Share of the best day" aria-valuemin={0} aria-valuemax={100} aria-valuenow={share}><span style={{ width: `${share}%` }} /></div></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">Nothing earned in the last 30 days.</p>
      )}
    </section>
  );
}
