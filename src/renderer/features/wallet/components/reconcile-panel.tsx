import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReconcileIssue, ReconcileRun } from '../../../../shared/contract/wallet';
import { useTransport } from '../../../transport/transport-context';
import { reconcileMutation, resolveIssueMutation } from '../api/wallet-mutations';
import { issuesQuery } from '../api/wallet-queries';
import { shortAit } from './amount';

const TRIGGER: Record<ReconcileRun['trigger'], string> = { start: 'at start', timer: 'periodic', button: 'on request' };
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const shortTx = (tx: string | null) => (tx ? `${tx.slice(0, 10)}…` : '—');

/** The last run: when, on which network, how many payments matched, what it appended and found. */
export function runSummary(r: ReconcileRun): string {
  if (r.error) return r.error;
  const parts = [`${plural(r.matched, 'payment')} match${r.matched === 1 ? 'es' : ''}`];
  if (r.pending) parts.push(`${r.pending} still settling`);
  if (r.appended) parts.push(`${r.appended} appended`);
  parts.push(plural(r.mismatches, 'mismatch', 'mismatches'));
  if (r.unchecked) parts.push(`${r.unchecked} not reachable`);
  return `${parts.join(' · ')} (of ${r.checked} checked)`;
}

/** Reconciliation: the last run (at start, every few minutes while a network is connected, or the button) and each mismatch with its evidence. */
export function ReconcilePanel() {
  const transport = useTransport();
  const qc = useQueryClient();
  const data = useQuery(issuesQuery(transport)).data;
  const run = useMutation(reconcileMutation(transport, qc));
  const resolve = useMutation(resolveIssueMutation(transport, qc));
  const last = data?.lastRun ?? null;
  // open issues, and what the last run corrected (appended) so the person sees why the ledger grew
  const shown = data?.issues.filter((i) => i.status === 'open' || (last !== null && i.runId === last.id)) ?? [];
  return (
    <div className="reconcile" data-testid="reconcile">
      <h3>Reconciliation</h3>
      <button type="button" onClick={() => run.mutate()} disabled={run.isPending}>Compare with the coordinator</button>
      {run.data?.error ? <p className="warning" role="status">{run.data.error}</p> : null}
      {last ? (
        <p data-testid="reconcile-last-run" data-run-id={last.id}>
          Last run {new Date(last.finishedAtMs).toLocaleString()} ({TRIGGER[last.trigger]}{last.network ? `, ${last.network}` : ''}): <span data-testid="reconcile-summary">{runSummary(last)}</span>
        </p>
      ) : (
        <p className="muted">Not run yet: it runs once a network is connected, then every few minutes.</p>
      )}
      {shown.length ? (
        <ul className="reconcile-issues" aria-label="Mismatches">
          {shown.map((i) => <IssueItem key={i.id} issue={i} onResolve={(resolution) => resolve.mutate({ id: i.id, resolution })} />)}
        </ul>
      ) : null}
    </div>
  );
}

function IssueItem({ issue: i, onResolve }: { issue: ReconcileIssue; onResolve: (r: 'refund' | 'keep') => void }) {
  const e = i.evidence;
  const chain = e?.chain;
  const job = i.jobId.slice(0, 12);
  return (
    <li className={i.status === 'open' ? 'warning' : 'muted'} data-testid="reconcile-issue" data-kind={i.kind} data-status={i.status}>
      <b>Job {job}</b>: {i.detail}{i.status === 'resolved' && i.resolution !== 'appended' ? ` (resolved: ${i.resolution ?? '—'})` : ''}
      <dl className="evidence" data-testid="reconcile-evidence">
        <dt>Coordinator</dt>
        <dd>{e?.coordinator ? `${e.coordinator.status}, ${shortAit(e.coordinator.amountAit, 8)} AIT` : 'no payment for this job'}</dd>
        <dt>Chain</dt>
        <dd>{chain === 'unavailable' ? 'could not be read' : chain ? `${chain.state}, locked ${shortAit(chain.amountAit, 8)} AIT · lock ${shortTx(chain.lockTx)} · release ${shortTx(chain.releaseTx)}${chain.refundTx ? ` · refund ${shortTx(chain.refundTx)}` : ''}` : 'no escrow'}</dd>
        <dt>Ledger</dt>
        <dd>{e?.ledger.length ? e.ledger.map((l) => `#${l.seq} ${l.kind} ${shortAit(l.amountAit, 8)} AIT`).join(', ') : 'no entry'}</dd>
      </dl>
      {i.status === 'open' ? (
        <>
          {i.kind === 'unknown_to_coordinator' ? <button type="button" onClick={() => onResolve('refund')} aria-label={`Record refund for job ${job}`}>Record refund</button> : null}
          <button type="button" onClick={() => onResolve('keep')} aria-label={`Keep payment for job ${job}`}>Keep</button>
        </>
      ) : null}
    </li>
  );
}
