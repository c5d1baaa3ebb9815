import { randomUUID } from 'node:crypto';
import type { Approval } from '../../shared/contract/wallet';
import type { Db } from '../store/database';

export type ApprovalOutcome = 'approved' | 'denied' | 'timeout' | 'aborted';

/**
 * The approval queue: paid requests above a threshold wait here until the person decides or the
 * deadline passes (→ denied). Pending items live in memory (they belong to live HTTP requests);
 * "approve this agent+model for N hours" grants are stored in SQLite.
 */
export interface Approvals {
  /** Waits for a decision; resolves 'timeout' at the deadline and 'aborted' when the signal fires. */
  request(card: Omit<Approval, 'id' | 'createdAtMs' | 'deadlineMs'>, opts: { signal: AbortSignal; timeoutMs: number }): Promise<ApprovalOutcome>;
  decide(id: string, decision: 'approve_once' | 'approve_for' | 'deny', hours?: number): { ok: boolean; message: string };
  pending(): Approval[];
  hasGrant(agentId: string, model: string): boolean;
  /** Called with the full pending list after every change, and with each new card. */
  onChange(listener: (pending: Approval[], added: Approval | null) => void): () => void;
  /** Denies everything pending (shutdown). */
  close(): void;
}

interface Waiting {
  card: Approval;
  resolve: (o: ApprovalOutcome) => void;
  cleanup: () => void;
}

export function createApprovals(db: Db, opts: { now?: () => number } = {}): Approvals {
  const now = opts.now ?? Date.now;
  const waiting = new Map<string, Waiting>();
  const listeners = new Set<(pending: Approval[], added: Approval | null) => void>();
  const grantStmt = db.prepare<[string, string, number], { until_ms: number }>(
    'SELECT until_ms FROM approval_grants WHERE agent_id = ? AND model = ? AND until_ms > ?',
  );
  const list = () => [...waiting.values()].map((w) => w.card).sort((a, b) => a.createdAtMs - b.createdAtMs);
  const emit = (added: Approval | null) => {
    const p = list();
    for (const l of listeners) l(p, added);
  };
  const finish = (id: string, outcome: ApprovalOutcome) => {
    const w = waiting.get(id);
    if (!w) return false;
    waiting.delete(id);
    w.cleanup();
    w.resolve(outcome);
    emit(null);
    return true;
  };

  return {
    request(input, { signal, timeoutMs }) {
      if (signal.aborted) return Promise.resolve('aborted');
      const created = now();
      const card: Approval = { ...input, id: `apr_${randomUUID().replace(/-/g, '').slice(0, 20)}`, createdAtMs: created, deadlineMs: created + timeoutMs };
      return new Promise<ApprovalOutcome>((resolve) => {
        const timer = setTimeout(() => finish(card.id, 'timeout'), timeoutMs);
        const onAbort = () => finish(card.id, 'aborted');
        signal.addEventListener('abort', onAbort, { once: true });
        waiting.set(card.id, {
          card,
          resolve,
          cleanup: () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', onAbort);
          },
        });
        emit(card);
      });
    },
    decide(id, decision, hours) {
      const w = waiting.get(id);
      if (!w) return { ok: false, message: 'This request is no longer waiting (it was decided, timed out or canceled)' };
      if (decision === 'approve_for') {
        const h = hours ?? 1;
        db.prepare(
          `INSERT INTO approval_grants (agent_id, model, until_ms, created_ms) VALUES (?, ?, ?, ?)
           ON CONFLICT (agent_id, model) DO UPDATE SET until_ms = excluded.until_ms, created_ms = excluded.created_ms`,
        ).run(w.card.agentId, w.card.model, now() + Math.round(h * 3_600_000), now());
        // Others waiting for the same agent+model are covered by the grant too.
        for (const other of [...waiting.values()]) {
          if (other.card.agentId === w.card.agentId && other.card.model === w.card.model) finish(other.card.id, 'approved');
        }
        return { ok: true, message: `Approved ${w.card.agentId} / ${w.card.model} for ${h} h` };
      }
      finish(id, decision === 'deny' ? 'denied' : 'approved');
      return { ok: true, message: decision === 'deny' ? 'Denied' : 'Approved once' };
    },
    pending: list,
    hasGrant: (agentId, model) => grantStmt.get(agentId, model, now()) !== undefined,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      for (const id of [...waiting.keys()]) finish(id, 'denied');
    },
  };
}
