import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SendQuote } from '../../../../shared/contract/wallet';
import { LiveError } from '../../../components/live-error';
import { useTransport } from '../../../transport/transport-context';
import { walletQuoteSendMutation, walletSendMutation } from '../api/wallet-mutations';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const DECIMAL = /^\d+(\.\d+)?$/;

/** What is wrong with the typed send, before main is asked (main validates again). */
export function sendFormProblem(to: string, amount: string): string | null {
  if (!ADDRESS.test(to.trim())) return 'The recipient must be an 0x address of 40 hex digits.';
  if (!DECIMAL.test(amount.trim()) || !/[1-9]/.test(amount)) return 'The amount must be a positive number of AIT, such as 1.5.';
  return null;
}

/** Send in two steps: fill in → review (amount, fee, recipient, balance after) → confirm or go back. */
export function SendForm() {
  const transport = useTransport();
  const qc = useQueryClient();
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const quote = useMutation(walletQuoteSendMutation(transport));
  const send = useMutation(walletSendMutation(transport, qc));
  const amountRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const review = (e: FormEvent) => {
    e.preventDefault();
    const p = sendFormProblem(to, amount);
    setProblem(p);
    send.reset();
    if (!p) quote.mutate({ to: to.trim(), amountAit: amount.trim() });
  };
  const back = () => {
    quote.reset();
    amountRef.current?.focus();
  };
  if (quote.data && !send.isSuccess) {
    return <SendReview q={quote.data} sending={send.isPending} error={send.error} onBack={back} onConfirm={() => send.mutate({ to: quote.data.to, amountAit: quote.data.amountAit })} />;
  }
  return (
    <form className="inline-form" data-testid="send-form" onSubmit={review} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Send AIT</h3>
      <label>
        Recipient{' '}
        <input placeholder="0x…" value={to} onChange={(e) => setTo(e.target.value)} data-testid="send-to" aria-invalid={problem?.startsWith('The recipient') || undefined} aria-describedby={`${id}-err`} />
      </label>
      <label>
        Amount (AIT){' '}
        <input ref={amountRef} placeholder="1.5" value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" data-testid="send-amount" aria-invalid={problem?.startsWith('The amount') || undefined} aria-describedby={`${id}-err`} />
      </label>
      <button type="submit" disabled={quote.isPending} data-testid="send-review">{quote.isPending ? 'Checking…' : 'Review send'}</button>
      <LiveError id={`${id}-err`} error={problem ? { message: problem } : quote.error} testId="send-error" />
      <div role="status">{send.data ? <p className="muted" data-testid="send-result">Sent: transaction {send.data.txHash.slice(0, 14)}… ({send.data.amountComputeSeconds} compute-seconds + fee {send.data.feeComputeSeconds}).</p> : null}</div>
    </form>
  );
}

function SendReview({ q, sending, error, onBack, onConfirm }: { q: SendQuote; sending: boolean; error: Error | null; onBack(): void; onConfirm(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const devnet = q.network === 'devnet';
  return (
    <section className="send-review" data-testid="send-review-panel" aria-labelledby="send-review-title">
      <h3 id="send-review-title" tabIndex={-1} ref={heading}>Review the send{devnet ? ' (devnet — play money)' : ''}</h3>
      <dl className="approval-facts">
        <dt>To</dt><dd><code data-testid="review-to">{q.to}</code></dd>
        <dt>Amount</dt><dd data-testid="review-amount">{q.amountAit} AIT</dd>
        <dt>Network fee</dt><dd data-testid="review-fee">{q.feeAit} AIT</dd>
        <dt>Total</dt><dd data-testid="review-total">{q.totalAit} AIT</dd>
        <dt>Balance now</dt><dd>{q.balanceAit === null ? 'unknown' : `${q.balanceAit} AIT`}</dd>
        <dt>Balance after</dt><dd data-testid="review-balance-after">{q.balanceAfterAit === null ? 'unknown (balance could not be read)' : `${q.balanceAfterAit} AIT`}</dd>
        <dt>From</dt><dd><code>{q.from}</code></dd>
      </dl>
      {!q.sufficient ? <p className="warning" role="alert" data-testid="review-insufficient">The balance does not cover amount + fee.</p> : null}
      <p className="note">A transfer on chain cannot be undone.</p>
      <div className="approval-actions">
        <button type="button" onClick={onBack} disabled={sending} data-testid="send-back">Back</button>
        <button type="button" className="primary" onClick={onConfirm} disabled={sending || !q.sufficient} data-testid="send-confirm">{sending ? 'Sending…' : `Confirm: send ${q.amountAit} AIT`}</button>
      </div>
      <LiveError error={error} testId="send-error" />
    </section>
  );
}
