import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Approval } from '../../../../shared/contract/wallet';
import { useTransport } from '../../../transport/transport-context';
import { approvalDecisionMutation } from '../api/wallet-mutations';
import { approvalsQuery } from '../api/wallet-queries';
import { shortAit } from './amount';

/** Header button with the number of payments waiting; opens the approvals drawer. */
export function ApprovalsBadge() {
  const transport = useTransport();
  const q = useQuery(approvalsQuery(transport));
  const [open, setOpen] = useState(false);
  const count = q.data?.pending.length ?? 0;
  return (
    <>
      <button type="button" className={`approvals-badge${count ? ' has-pending' : ''}`} data-testid="approvals-badge" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        Approvals <span className="badge-count" data-testid="approvals-count">{count}</span>
      </button>
      {open ? <ApprovalsDrawer pending={q.data?.pending ?? []} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ApprovalsDrawer({ pending, onClose }: { pending: Approval[]; onClose: () => void }) {
  return (
    <aside className="approvals-drawer" data-testid="approvals-drawer" aria-label="Payment approvals">
      <div className="drawer-head">
        <h2>Payments waiting for you</h2>
        <button type="button" onClick={onClose} aria-label="Close approvals">×</button>
      </div>
      {pending.length === 0 ? <p className="muted">Nothing is waiting.</p> : pending.map((a) => <ApprovalCard key={a.id} approval={a} />)}
    </aside>
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

/** The simulation of the payment before it happens, and the three answers. */
export function ApprovalCard({ approval: a }: { approval: Approval }) {
  const transport = useTransport();
  const [hours, setHours] = useState(1);
  const decide = useMutation(approvalDecisionMutation(transport));
  const left = useSecondsLeft(a.deadlineMs);
  return (
    <article className="card approval-card" data-testid="approval-card" data-request-id={a.requestId}>
      <header>
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
      <p className="muted">{a.reason}. Denied automatically in {left} s.</p>
      <div className="approval-actions">
        <button type="button" data-testid="approve-once" disabled={decide.isPending} onClick={() => decide.mutate({ id: a.id, decision: 'approve_once' })}>Approve once</button>
        <span className="approve-for">
          <button type="button" data-testid="approve-for" disabled={decide.isPending} onClick={() => decide.mutate({ id: a.id, decision: 'approve_for', hours })}>Approve {a.agentId} + model for</button>
          <input type="number" min={0.1} max={720} step={0.5} value={hours} aria-label="Hours" onChange={(e) => setHours(Number(e.target.value) || 1)} /> h
        </span>
        <button type="button" className="danger" data-testid="deny" disabled={decide.isPending} onClick={() => decide.mutate({ id: a.id, decision: 'deny' })}>Deny</button>
      </div>
      {decide.data && !decide.data.ok ? <p className="warning">{decide.data.message}</p> : null}
      {decide.error ? <p className="warning">{decide.error.message}</p> : null}
    </article>
  );
}
