import { useState } from 'react';
import type { JobPaymentView, PaymentState } from '../../../../shared/contract/network';
import './payments.css';

const LABEL: Record<PaymentState, string> = {
  locked: 'locked',
  awaiting_acceptance: 'awaiting acceptance',
  released: 'released',
  disputed: 'disputed',
  refunded: 'refunded',
  failed: 'failed',
};

/** What each state means, for the badge's title and screen readers. */
const MEANING: Record<PaymentState, string> = {
  locked: 'The payment is locked in escrow on the chain while the job runs.',
  awaiting_acceptance: 'The result came; the payment is released to the miner when accepted or when the acceptance window ends.',
  released: 'The escrow was released to the miner.',
  disputed: 'The result was rejected: the miner was not paid and the escrow stays locked until the network’s operator rules.',
  refunded: 'The escrow was refunded to your wallet.',
  failed: 'The payment did not settle on the chain.',
};

/** Shortens a transaction hash for a table cell: 0x1234…abcd. */
export function shortHash(hash: string): string {
  return hash.length > 14 ? `${hash.slice(0, 6)}…${hash.slice(-4)}` : hash;
}

/** A payment's state as a badge (text, not only color), its meaning and any reason in the title. */
export function PaymentBadge({ payment }: { payment: Pick<JobPaymentView, 'state' | 'reason'> }) {
  const title = payment.reason ? `${MEANING[payment.state]} ${payment.reason}` : MEANING[payment.state];
  return (
    <span className={`pay-badge pay-${payment.state}`} title={title} data-testid="payment-state" data-state={payment.state}>
      {LABEL[payment.state]}
    </span>
  );
}

/** One chain transaction: shortened on screen, whole for screen readers and in the title, with a copy button. */
export function TxHash({ label, hash }: { label: string; hash: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <span className="tx-hash" data-testid={`tx-${label}`} data-hash={hash}>
      <span className="muted small">{label}</span>{' '}
      <code title={hash}>
        <span aria-hidden="true">{shortHash(hash)}</span>
        <span className="sr-only">{hash}</span>
      </code>
      <button
        type="button"
        className="copy-button"
        aria-label={`Copy ${label} transaction ${hash}`}
        title={`Copy ${label} transaction ${hash}`}
        onClick={() => void navigator.clipboard?.writeText(hash).then(() => setCopied(true), () => setCopied(false))}
      >
        Copy
      </button>
      <span className="sr-only" role="status">
        {copied === true ? 'Copied' : copied === false ? 'Could not copy: select the hash instead' : ''}
      </span>
    </span>
  );
}

/** The transactions a payment has on the chain so far (lock, then release or refund). */
export function PaymentTxs({ payment }: { payment: Pick<JobPaymentView, 'lockTx' | 'releaseTx' | 'refundTx'> }) {
  return (
    <span className="pay-txs">
      {payment.lockTx && <TxHash label="lock" hash={payment.lockTx} />}
      {payment.releaseTx && <TxHash label="release" hash={payment.releaseTx} />}
      {payment.refundTx && <TxHash label="refund" hash={payment.refundTx} />}
    </span>
  );
}

/** A network job's payment in a row: its state and its chain transactions. */
export function PaymentSummary({ payment }: { payment: JobPaymentView }) {
  return (
    <span className="pay-summary" data-testid="payment" data-job={payment.jobId}>
      <PaymentBadge payment={payment} /> <span className="muted small">{payment.amountAit} AIT</span> <PaymentTxs payment={payment} />
    </span>
  );
}
