import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ChainVerifyResult } from '../../../../shared/contract/proofs';
import { useTransport } from '../../../transport/transport-context';
import { formatClock } from '../../../lib/format';
import { verifyChainMutation } from '../api/proofs-mutations';
import { proofsListQuery, proofsProgressQuery } from '../api/proofs-queries';
import { DisputedPayments, jobPaymentsQuery, PaymentSummary, refreshPaymentsMutation } from '../../network/port';
import { KeysPanel } from './keys-panel';
import { ProofDrawer } from './proof-drawer';
import { ProofStatusBadge } from './status-badge';
import './proofs.css';

function ChainSummary({ result }: { result: ChainVerifyResult }) {
  return (
    <p className={result.intact ? 'note' : 'warning'} role="status" data-testid="chain-result" data-intact={String(result.intact)}>
      {result.intact ? `Chain intact: ${result.checked} links recomputed.` : `Chain broken at link #${result.brokenAt?.seq}: ${result.brokenAt?.reason}`}{' '}
      {result.counts.verified} verified, {result.counts.no_proof_requested} signed without proof, {result.counts.failed} failed, {result.counts.unverified} unverified,{' '}
      {result.counts.local} local.
    </p>
  );
}

/** Proofs: every hybrid execution as a chain link, its receipt/proof status, and "verify all". */
export function ProofsPage() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const list = useQuery(proofsListQuery(transport));
  const progress = useQuery(proofsProgressQuery()).data ?? null;
  const [selected, setSelected] = useState<number | null>(null);
  const verify = useMutation(verifyChainMutation(transport, queryClient));
  const links = list.data?.links ?? [];
  const payments = useQuery(jobPaymentsQuery(transport, links.flatMap((l) => (l.jobId ? [l.jobId] : [])))).data ?? [];
  // Opening the page asks the network about payments that may have moved since (a window ended, a ruling came).
  const { mutate: refreshPayments } = useMutation(refreshPaymentsMutation(transport, queryClient));
  useEffect(() => {
    refreshPayments(undefined);
  }, [refreshPayments]);

  const total = list.data?.total ?? 0;
  const running = verify.isPending || (progress?.running ?? false);
  return (
    <div className="proofs-page" data-testid="page-proofs">
      <DisputedPayments />
      <section className="card" aria-labelledby="chain-head">
        <div className="section-head">
          <h2 id="chain-head">Proof chain</h2>
          <button type="button" onClick={() => verify.mutate()} disabled={running || total === 0} data-testid="verify-all">
            Verify all
          </button>
        </div>
        <p className="note">
          Receipts are signed by the network’s coordinator; ZK proofs attest receipt integrity, not that a model ran correctly. Open a link for what exactly it
          attests.
        </p>
        {running && (
          <div data-testid="verify-progress">
            <progress max={progress?.total || 1} value={progress?.done ?? 0} aria-label="Verify all progress" />{' '}
            <span className="muted">{progress ? `${progress.done} / ${progress.total}` : 'starting…'}</span>
          </div>
        )}
        {verify.data && <ChainSummary result={verify.data} />}
        {verify.isError && <p className="warning" role="alert">{verify.error.message}</p>}
        {list.isPending && (
          <p className="muted" aria-busy="true">
            Loading the chain…
          </p>
        )}
        {list.isError && (
          <p className="warning" role="alert" data-testid="proofs-error">
            Could not load proofs: {list.error.message}
          </p>
        )}
        {!list.data ? null : links.length === 0 ? (
          <p className="note" data-testid="proofs-empty">No executions yet. Every request the hybrid engine runs appears here, local or on the network.</p>
        ) : (
          <ol className="proof-timeline" data-testid="proof-timeline" aria-label={`${total} links, newest first`}>
            {links.map((l) => {
              const payment = l.jobId ? payments.find((p) => p.jobId === l.jobId && p.network === l.network) : undefined;
              return (
                <li key={l.seq} data-testid="proof-link" data-seq={l.seq} className={selected === l.seq ? 'selected' : ''}>
                  <button type="button" className="proof-link" onClick={() => setSelected(l.seq)} aria-expanded={selected === l.seq}>
                    <span className="proof-seq">#{l.seq}</span>
                    <span className="muted">{formatClock(l.atMs)}</span>
                    <code>{l.model}</code>
                    <span className="muted">{l.backend === 'local' ? 'local' : (l.network ?? 'network')}</span>
                    <span className="muted small">{l.jobId ? `job ${l.jobId.slice(0, 8)}…` : ''}</span>
                    {l.hasProof && <span className="tag">ZK</span>}
                    <ProofStatusBadge status={l.status} reason={l.reason} />
                  </button>
                  {payment && (
                    <div className="proof-payment">
                      <span className="muted small">Payment</span> <PaymentSummary payment={payment} />
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </section>
      {selected !== null && <ProofDrawer seq={selected} onClose={() => setSelected(null)} />}
      <KeysPanel />
    </div>
  );
}
