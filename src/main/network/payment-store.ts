import type { JobPaymentView, PaymentState } from '../../shared/contract/network';
import type { NetworkPayment } from '../routing/port';
import type { Db } from '../store/database';

/** A job's payment as the network runtime saw it (after the lock, after settling, or on a dispute). */
export interface PaymentNote {
  network: string;
  jobId: string;
  requestId: string | null;
  model: string | null;
  payment: NetworkPayment;
}

/** The states a payment can still leave by itself (the coordinator moves them): kept current on a timer. */
export const OPEN_STATES: readonly PaymentState[] = ['locked', 'awaiting_acceptance'];

/** Durable per-job payments (table network_payments, migration 10): one row per (network, job). */
export interface PaymentStore {
  /** Inserts or updates the job's row; a known transaction hash is never forgotten. True when anything shown changed. */
  put(note: PaymentNote, now?: number): boolean;
  /** Marks the row asked about at `now`, and applies what the coordinator said (null: nothing new). True when changed. */
  checked(network: string, jobId: string, next: NetworkPayment | null, now?: number): boolean;
  get(network: string, jobId: string): JobPaymentView | null;
  /** Newest first: those of `jobIds`, else those in `states`, else the most recent. */
  list(q: { jobIds?: readonly string[]; states?: readonly PaymentState[]; limit: number }): JobPaymentView[];
  count(states: readonly PaymentState[], network?: string): number;
}

interface Row {
  network: string;
  job_id: string;
  request_id: string | null;
  model: string | null;
  wire: JobPaymentView['wire'];
  state: PaymentState;
  amount_ait: string;
  fee_ait: string | null;
  lock_tx: string | null;
  release_tx: string | null;
  refund_tx: string | null;
  reason: string | null;
  created_ms: number;
  updated_ms: number;
  checked_ms: number | null;
}

const toView = (r: Row): JobPaymentView => ({
  network: r.network,
  jobId: r.job_id,
  requestId: r.request_id,
  model: r.model,
  wire: r.wire,
  state: r.state,
  amountAit: r.amount_ait,
  feeAit: r.fee_ait,
  lockTx: r.lock_tx,
  releaseTx: r.release_tx,
  refundTx: r.refund_tx,
  reason: r.reason,
  createdAtMs: r.created_ms,
  updatedAtMs: r.updated_ms,
  checkedAtMs: r.checked_ms,
});

/** What the person sees of a payment: a change in any of these is a change worth an event. */
const shown = (v: Pick<JobPaymentView, 'state' | 'amountAit' | 'lockTx' | 'releaseTx' | 'refundTx' | 'reason'>) => JSON.stringify([v.state, v.amountAit, v.lockTx, v.releaseTx, v.refundTx, v.reason]);

export function createPaymentStore(db: Db): PaymentStore {
  const select = db.prepare<[string, string], Row>('SELECT * FROM network_payments WHERE network = ? AND job_id = ?');
  const upsert = db.prepare(
    `INSERT INTO network_payments (network, job_id, request_id, model, wire, state, amount_ait, fee_ait, lock_tx, release_tx, refund_tx, reason, created_ms, updated_ms, checked_ms)
     VALUES (@network, @jobId, @requestId, @model, @wire, @state, @amountAit, @feeAit, @lockTx, @releaseTx, @refundTx, @reason, @now, @now, @checked)
     ON CONFLICT (network, job_id) DO UPDATE SET
       request_id = COALESCE(excluded.request_id, request_id), model = COALESCE(excluded.model, model), wire = excluded.wire,
       state = excluded.state, amount_ait = excluded.amount_ait, fee_ait = COALESCE(excluded.fee_ait, fee_ait),
       lock_tx = COALESCE(excluded.lock_tx, lock_tx), release_tx = COALESCE(excluded.release_tx, release_tx),
       refund_tx = COALESCE(excluded.refund_tx, refund_tx), reason = COALESCE(excluded.reason, reason),
       updated_ms = excluded.updated_ms, checked_ms = COALESCE(excluded.checked_ms, checked_ms)`,
  );
  const touch = db.prepare('UPDATE network_payments SET checked_ms = ? WHERE network = ? AND job_id = ?');
  const write = (n: PaymentNote, now: number, checked: number | null) => {
    const p = n.payment;
    upsert.run({ network: n.network, jobId: n.jobId, requestId: n.requestId, model: n.model, wire: p.wire, state: p.state, amountAit: p.amountAit, feeAit: p.feeAit, lockTx: p.lockTx, releaseTx: p.releaseTx, refundTx: p.refundTx, reason: p.reason ?? null, now, checked });
  };
  const get = (network: string, jobId: string) => {
    const r = select.get(network, jobId);
    return r ? toView(r) : null;
  };
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');
  return {
    get,
    put(note, now = Date.now()) {
      return db.transaction(() => {
        const before = get(note.network, note.jobId);
        write(note, now, null);
        const after = get(note.network, note.jobId) as JobPaymentView;
        return !before || shown(before) !== shown(after);
      })();
    },
    checked(network, jobId, next, now = Date.now()) {
      return db.transaction(() => {
        const before = get(network, jobId);
        if (!before) return false;
        if (!next || shown(before) === shown({ ...next, reason: next.reason ?? before.reason })) {
          touch.run(now, network, jobId);
          return false;
        }
        write({ network, jobId, requestId: null, model: null, payment: next }, now, now);
        return true;
      })();
    },
    list({ jobIds, states, limit }) {
      if (jobIds) {
        if (jobIds.length === 0) return [];
        return (db.prepare(`SELECT * FROM network_payments WHERE job_id IN (${marks(jobIds.length)}) ORDER BY created_ms DESC LIMIT ?`).all(...jobIds, limit) as Row[]).map(toView);
      }
      if (states) {
        return (db.prepare(`SELECT * FROM network_payments WHERE state IN (${marks(states.length)}) ORDER BY created_ms DESC LIMIT ?`).all(...states, limit) as Row[]).map(toView);
      }
      return (db.prepare('SELECT * FROM network_payments ORDER BY created_ms DESC LIMIT ?').all(limit) as Row[]).map(toView);
    },
    count(states, network) {
      const where = `state IN (${marks(states.length)})${network === undefined ? '' : ' AND network = ?'}`;
      const args = network === undefined ? [...states] : [...states, network];
      return (db.prepare(`SELECT COUNT(*) AS n FROM network_payments WHERE ${where}`).get(...args) as { n: number }).n;
    },
  };
}
