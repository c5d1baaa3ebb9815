import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Approval } from '../../../../shared/contract/wallet';
import { LiveError } from '../../../components/live-error';
import { ModalDialog } from '../../../components/modal-dialog';
import { useTransport } from '../../../transport/transport-context';
import { approvalDecisionMutation } from '../api/wallet-mutations';
import { approvalsQuery } from '../api/wallet-queries';
import { shortAit } from './amount';
import { ApprovalAnnouncer } from './approval-announcer';

/** Header button with the number of payments waiting; opens the approvals dialog. Waiting payments are announced. */
export function ApprovalsBadge() {
  const transport = useTransport();
  const q = useQuery(approvalsQuery(transport));
  const [open, setOpen] = useState(false);
  const count = q.data?.pending.length ?? 0;
  return (
    <>
      <button type="button" className={`approvals-badge${count ? ' has-pending' : ''}`} data-testid="approvals-badge" onClick={() => setOpen((o) => !o)} aria-haspopup="dialog" aria-expanded={open}>
        Approvals <span className="badge-count" data-testid="approvals-count">{count}</span>
        <span className="visually-hidden"> {count === 1 ? 'payment waiting' : 'payments waiting'}</span>
      </button>
      <ApprovalAnnouncer />
      {open ? <ApprovalsDialog pending={q.data?.pending ?? []} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/** Escape or × closes it without deciding: what is waiting keeps waiting (and is denied when its time runs out). */
function ApprovalsDialog({ pending, onClose }: { pending: Approval[]; onClose: () => void }) {
  return (
    <ModalDialog labelledBy="approvals-title" onClose={onClose} className="approvals-drawer" testId="approvals-dialog">
      <div className="drawer-head">
        <h2 id="approvals-title" tabIndex={-1} data-autofocus>Payments waiting for you</h2>
        <button type="button" onClick={onClose} aria-label="Close approvals">×</button>
      </div>
      <p className="note">Closing (Esc) decides nothing: a payment you leave waiting is denied when its time runs out.</p>
      {pending.length === 0 ? <p className="muted">Nothing is waiting.</p> : pending.map((a) => <ApprovalCard key={a.id} approval={a} />)}
    </ModalDialog>
  );
}

function useSecondsLeft(deadlineMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return Math.max(0, Math.round((deadlineMs - now) / 1000));
}

/** The simulation of the payment before it happens, and the three answers (each named with the agent and model). */
export function ApprovalCard({ approval: a }: { approval: Approval }) {
  const transport = useTransport();
  const [hours, setHours] = useState(1);
  const decide = useMutation(approvalDecisionMutation(transport));
  const left = useSecondsLeft(a.deadlineMs);
  const what = `${a.agentId} → ${a.model}`;
  const titleId = `approval-${a.id}-title`;
  return (
    <article className="card approval-card" data-testid="approval-card" data-request-id={a.requestId} aria-labelledby={titleId}>
      <header id={titleId}>
        <strong>{a.agentId}</strong> → <code>{a.model}</code> {a.minerId ? <span className="muted">on {a.minerId}</span> : null}
      </header>
      <p className="approval-delta" data-testid="approval-delta">{shortAit(a.deltaAit, 6)} AIT <span className="muted">worst case</span></p>
      <dl className="approval-facts">
        <dt>Price</dt><dd>{a.pricePer1kAit} AIT / 1k tokens</dd>
        <dt>Tokens (max)</dt><dd>{a.maxTokens.toLocaleString()}</dd>
        <dt>Payment + fee</dt><dd>{a.paymentAit} + {a.feeAit} AIT</dd>
        {a.budget.map((b) => (
          <div key={b.label} className="approval-budget"><dt>{b.label}</dt><dd>{b.beforeAit === null ? 'no limit' : `${shortAit(b.beforeAit)} → ${shortAit(b.afterAit)} AIT left`}</dd></div>
        ))}
      </dl>
      <p className="muted">{a.reason}. Denied automatically in <span data-testid="approval-seconds-left">{left}</span> s.</p>
      <div className="approval-actions">
        <button type="button" data-testid="approve-once" disabled={decide.isPending} onClick={() => decide.mutate({ id: a.id, decision: 'approve_once' })} aria-label={`Approve once: ${what}`}>Approve once</button>
        <span className="approve-for">
          <button type="button" data-testid="approve-for" disabled={decide.isPending} onClick={() => decide.mutate({ id: a.id, decision: 'approve_for', hours })}>Approve {a.agentId} + {a.model} for</button>
          <input type="number" min={0.1} max={720} step={0.5} value={hours} aria-label={`Hours to approve ${what} for`} onChange={(e) => setHours(Number(e.target.value) || 1)} /> h
        </span>
        <button type="button" className="danger" data-testid="deny" disabled={decide.isPending} onClick={() => decide.mutate({ id: a.id, decision: 'deny' })} aria-label={`Deny: ${what}`}>Deny</button>
      </div>
      <LiveError error={decide.data && !decide.data.ok ? { message: decide.data.message } : decide.error} />
    </article>
  );
}
