import { useQuery } from '@tanstack/react-query';
import { formatClock } from '../../../lib/format';
import { useTransport } from '../../../transport/transport-context';
import { jobPaymentsQuery } from '../api/network-queries';
import { PaymentBadge, PaymentTxs } from './payment-state';

/** A network job's payment in full (the Proofs drawer): state, amounts, chain transactions, why, and when last asked. */
export function PaymentDetails({ jobId, network }: { jobId: string; network: string | null }) {
  const payments = useQuery(jobPaymentsQuery(useTransport(), [jobId])).data ?? [];
  const p = payments.find((x) => x.network === network) ?? payments[0];
  if (!p) return <p className="note" data-testid="payment-details-none">No payment is stored for this job (it ran unpaid, or before ClawGrid kept payments).</p>;
  return (
    <dl className="proof-fields" data-testid="payment-details" data-state={p.state}>
      <dt>State</dt>
      <dd>
        <PaymentBadge payment={p} />
      </dd>
      <dt>Escrowed</dt>
      <dd>
        {p.amountAit} AIT{p.feeAit ? ` + ${p.feeAit} AIT chain fee` : ''} ({p.wire === 'v025' ? 'AITBC v0.25' : 'AITBC c27c654'})
      </dd>
      <dt>Transactions</dt>
      <dd>
        <PaymentTxs payment={p} />
      </dd>
      {p.reason && (
        <>
          <dt>Why</dt>
          <dd data-testid="payment-details-reason">{p.reason}</dd>
        </>
      )}
      <dt>Last asked</dt>
      <dd>{p.checkedAtMs === null ? 'not since the job' : formatClock(p.checkedAtMs)}</dd>
    </dl>
  );
}
