import { useQuery } from '@tanstack/react-query';
import { useTransport } from '../../../transport/transport-context';
import { spendOverviewQuery } from '../api/wallet-queries';
import { shortAit } from './amount';
import { HistoryTable } from './history-table';
import { ReconcilePanel } from './reconcile-panel';
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
          <ReconcilePanel />
        </section>
      </div>
      {overview.isError ? <p className="warning">{overview.error.message}</p> : null}
      <h2>Spend per agent</h2>
      <div className="card-grid">{o?.agents.map((a) => <AgentSpendCard key={a.agentId} agent={a} />)}</div>
      <HistoryTable />
    </div>
  );
}
