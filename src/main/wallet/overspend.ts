import type { ReconcileIssue } from '../../shared/contract/wallet';
import type { Db } from '../store/database';
import type { Overspend } from './ledger-admission';
import { listIssues } from './reconcile';

/** The reconcile-issue kind of a settle capped at its reservation. */
export const OVER_RESERVATION = 'over_reservation';

/**
 * Settles the network asked above their reservation (issue #14 item 1): each is a dispute on the Wallet page (an open
 * reconcile issue, kind `over_reservation`, the excess as the remote amount), and the agent's network spend stays
 * paused while one of its disputes is open (rebuilt from the issues on start, so a restart does not lift it).
 */
export interface OverspendDisputes {
  /** Records the dispute and pauses the agent; returns the issue (null when it was recorded before). */
  record(o: Overspend): ReconcileIssue | null;
  pausedReason(agentId: string): string | null;
  /** Re-reads which agents have open disputes (after the person resolved one). */
  refresh(): void;
}

export function createOverspendDisputes(db: Db, now: () => number = Date.now): OverspendDisputes {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO reconcile_issues (job_id, kind, detail, local_amount, remote_amount, status, resolution, found_ms, resolved_ms)
     VALUES (?, '${OVER_RESERVATION}', ?, NULL, ?, 'open', NULL, ?, NULL)`,
  );
  const open = db.prepare<[], { agent_id: string | null; job_id: string; remote_amount: string | null }>(
    `SELECT e.agent_id, i.job_id, i.remote_amount FROM reconcile_issues i JOIN ledger_entries e ON e.job_id = i.job_id AND e.kind = 'settle'
     WHERE i.kind = '${OVER_RESERVATION}' AND i.status = 'open'`,
  );
  const paused = new Map<string, string>();
  const reason = (jobId: string, excess: string | null) => `job ${jobId} was charged ${excess ?? 'more'} AIT above what was reserved for it; review the dispute on the Wallet page`;
  const refresh = () => {
    paused.clear();
    for (const r of open.all()) if (r.agent_id) paused.set(r.agent_id, reason(r.job_id, r.remote_amount));
  };
  refresh();
  return {
    record(o) {
      const detail = `The network asked ${o.excessAit} AIT more than the ${o.reservedAit} AIT reserved for this job; the ledger booked only the reservation and paused agent "${o.agentId}"'s network spend`;
      const added = insert.run(o.jobId, detail, o.excessAit, now()).changes > 0;
      paused.set(o.agentId, reason(o.jobId, o.excessAit));
      return added ? (listIssues(db, true).find((i) => i.jobId === o.jobId && i.kind === OVER_RESERVATION) ?? null) : null;
    },
    pausedReason: (agentId) => paused.get(agentId) ?? null,
    refresh,
  };
}
