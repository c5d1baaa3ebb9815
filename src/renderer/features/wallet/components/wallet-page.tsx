import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTransport } from '../../../transport/transport-context';
import { reconcileMutation, resolveIssueMutation } from '../api/wallet-mutations';
import { issuesQuery, spendOverviewQuery } from '../api/wallet-queries';
import { shortAit } from './amount';
import { HistoryTable } from './history-table';
import { AgentSpendCard, UsageBar } from './spend-cards';
import { WalletPanel } from './wallet-panel';

/** Wallet & Spend: balance and keys, per-agent budgets, alerts, reconciliation and the ledger. */
export function WalletPage() {
  const transport = useTransport();
  const overview = useQuery(spendOverviewQuery(transport));
  const o = overview.data;
  return (
    <div className="wallet-page" data-testid="page-wallet">
      {o?.alerts.map((a) => (
        <p key={a.message} className="warning" data-testid={`alert-${a.kind}`}>{a.message}</p>
      ))}
      <div className="wallet-top">
        <WalletPanel />
        <section className="card" aria-labelledby="spend-total-title">
          <h2 id="spend-total-title">All agents</h2>
          {o ? (
            <>
              <p>Reserved <b data-testid="total-reserved">{shortAit(o.totals.reservedAit)}</b> AIT in {o.totals.heldReservations} open request(s) · Spent <b data-testid="total-spent">{shortAit(o.totals.spentAit)}</b> AIT</p>
              <h3>Wallet-wide {o.wallet.policy.period.kind} limit</h3>
              <UsageBar u={o.wallet.usage} testId="spend-bar-wallet" />
            </>
          ) : (
            <p className="muted">Loading…</p>
          )}
          <Reconcile />
        </section>
      </div>
      {overview.isError ? <p className="warning">{overview.error.message}</p> : null}
      <h2>Spend per agent</h2>
      <div className="card-grid">{o?.agents.map((a) => <AgentSpendCard key={a.agentId} agent={a} />)}</div>
      <HistoryTable />
    </div>
  );
}

function Reconcile() {
  const transport = useTransport();
  const qc = useQueryClient();
  const issues = useQuery(issuesQuery(transport));
  const run = useMutation(reconcileMutation(transport, qc));
  const resolve = useMutation(resolveIssueMutation(transport, qc));
  const open = issues.data?.issues.filter((i) => i.status === 'open') ?? [];
  return (
    <div className="reconcile" data-testid="reconcile">
      <h3>Reconciliation</h3>
      <button type="button" onClick={() => run.mutate()} disabled={run.isPending}>Compare with the coordinator</button>
      {run.data ? <span className="muted"> {run.data.error ?? `${run.data.checked} payments checked, ${run.data.appended} appended`}</span> : null}
      {open.map((i) => (
        <p key={i.id} className="warning">
          {i.jobId.slice(0, 12)}: {i.detail}{' '}
          {i.kind === 'unknown_to_coordinator' ? <button type="button" onClick={() => resolve.mutate({ id: i.id, resolution: 'refund' })} aria-label={`Record refund for job ${i.jobId.slice(0, 12)}`}>Record refund</button> : null}
          <button type="button" onClick={() => resolve.mutate({ id: i.id, resolution: 'keep' })} aria-label={`Keep payment for job ${i.jobId.slice(0, 12)}`}>Keep</button>
        </p>
      ))}
    </div>
  );
}
