import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { JobPaymentView } from '../../../../shared/contract/network';
import { formatClock } from '../../../lib/format';
import { useUiStore } from '../../../stores/ui-store';
import { useTransport } from '../../../transport/transport-context';
import { refreshPaymentsMutation } from '../api/network-mutations';
import { disputedPaymentsQuery } from '../api/network-queries';
import { PaymentTxs } from './payment-state';

function DisputedJob({ p }: { p: JobPaymentView }) {
  const fee = p.feeAit ? ` (plus the ${p.feeAit} AIT chain fee)` : '';
  return (
    <li className="disputed-job" data-testid="disputed-job" data-job={p.jobId}>
      <p>
        <strong>
          Job <code>{p.jobId}</code>
        </strong>{' '}
        {p.model ? (
          <>
            · <code>{p.model}</code>{' '}
          </>
        ) : null}
        <span className="muted small">
          · {p.network} · {formatClock(p.createdAtMs)}
        </span>
      </p>
      <p data-testid="disputed-reason">{p.reason ?? 'ClawGrid rejected the result.'}</p>
      <p data-testid="disputed-next-steps">
        The miner was not paid. The {p.amountAit} AIT{fee} you locked stays in escrow until the network’s operator rules on the dispute: then it is refunded
        to your wallet or released to the miner. What you can do: check again for the ruling; quote the job id and the lock transaction to the network’s
        operator; if you trust this coordinator and the receipt only failed because of its key, pin its key under “Coordinator keys” below and verify again.
      </p>
      <PaymentTxs payment={p} />
    </li>
  );
}

/** Disputed payments, visible at once at the top of the Proofs page, each with what to do next. */
export function DisputedPayments() {
  const transport = useTransport();
  const qc = useQueryClient();
  const disputed = useQuery(disputedPaymentsQuery(transport)).data ?? [];
  const check = useMutation(refreshPaymentsMutation(transport, qc));
  if (disputed.length === 0) return null;
  const n = disputed.length;
  return (
    <section className="card disputed-payments" aria-labelledby="disputed-head" data-testid="disputed-payments">
      <div className="section-head">
        <h2 id="disputed-head">
          {n} disputed {n === 1 ? 'payment' : 'payments'}
        </h2>
        <button type="button" onClick={() => check.mutate(disputed.map((p) => p.jobId))} disabled={check.isPending} data-testid="disputed-check">
          {check.isPending ? 'Checking…' : 'Check again'}
        </button>
      </div>
      <p role="alert" data-testid="disputed-summary">
        {n === 1 ? 'A network job’s result was rejected' : `${n} network jobs’ results were rejected`}: the miner was not paid and the escrow stays locked
        until the network’s operator rules.
      </p>
      {check.isError && <p className="warning">Could not ask the network: {check.error.message}</p>}
      <ul className="disputed-list">
        {disputed.map((p) => (
          <DisputedJob key={`${p.network} ${p.jobId}`} p={p} />
        ))}
      </ul>
    </section>
  );
}

/** In the header, only while some payment is disputed: how many, and the way to the Proofs page that explains them. */
export function DisputedBadge() {
  const disputed = useQuery(disputedPaymentsQuery(useTransport())).data ?? [];
  const setPage = useUiStore((s) => s.setPage);
  if (disputed.length === 0) return null;
  const n = disputed.length;
  return (
    <button type="button" className="badge disputed-badge" data-testid="disputed-badge" onClick={() => setPage('proofs')} aria-label={`${n} disputed ${n === 1 ? 'payment' : 'payments'}: open the Proofs page`}>
      {n} disputed
    </button>
  );
}
