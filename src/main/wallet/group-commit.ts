import type { Amount } from '../../shared/domain/decimal';
import type { Logger } from '../log/logger';
import type { CloseResult, Ledger, LedgerOp, OpResult, ReserveInput, ReserveResult, SettleRef } from './ledger-types';

/**
 * Group commit in front of the ledger: callers queue reservations, settlements and releases; on the
 * next turn of the event loop (setImmediate) the whole queue is applied in order in ONE BEGIN IMMEDIATE
 * transaction (`Ledger.apply`), which re-reads the scope totals under the write lock — so the database
 * stays the arbiter between processes — and decides every admission of the batch against them in memory.
 * A reservation's promise resolves only after COMMIT (WAL: on disk for a later process even after
 * kill -9); nobody waits on a transaction of their own. A batch that fails is retried one op per
 * transaction, so one bad op cannot refuse its neighbours.
 */
export interface GroupCommit {
  /** Resolves after the reservation (or the refusal) is decided and committed. */
  reserve(input: ReserveInput): Promise<ReserveResult>;
  settle(id: string, actualPayment: Amount, ref: SettleRef): Promise<CloseResult>;
  release(id: string, reason: string): Promise<CloseResult>;
  /** Resolves once everything queued before the call is committed (or has failed). */
  flush(): Promise<void>;
  /** Commits what is queued now; later calls each run in their own transaction at once. */
  close(): void;
  /** Batches and operations committed so far (bench, diagnostics). */
  stats(): { batches: number; ops: number };
}

export interface GroupCommitOptions {
  /** Most operations per transaction (a longer queue is split); default 512. */
  maxBatch?: number;
  /** How a flush is scheduled; default setImmediate (captured when the committer is created). */
  schedule?: (fn: () => void) => void;
  log?: Logger;
}

interface Pending {
  op: LedgerOp;
  resolve(r: OpResult): void;
  reject(err: unknown): void;
}

export function createGroupCommit(ledger: Ledger, opts: GroupCommitOptions = {}): GroupCommit {
  const maxBatch = opts.maxBatch ?? 512;
  const schedule = opts.schedule ?? setImmediate;
  let queue: Pending[] = [];
  let scheduled = false;
  let closed = false;
  let last: Promise<unknown> = Promise.resolve();
  let batches = 0;
  let opsDone = 0;

  const commit = (batch: Pending[]) => {
    batches++;
    opsDone += batch.length;
    let results: OpResult[];
    try {
      results = ledger.apply(batch.map((p) => p.op));
    } catch (err) {
      opts.log?.warn('wallet.batch_failed', { ops: batch.length, err: String(err) });
      for (const p of batch) {
        try {
          p.resolve(ledger.apply([p.op])[0]!);
        } catch (e) {
          p.reject(e);
        }
      }
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]!));
  };

  const drain = () => {
    scheduled = false;
    while (queue.length) {
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
      commit(batch);
    }
  };

  const enqueue = <R extends OpResult>(op: LedgerOp): Promise<R> => {
    const p = new Promise<R>((resolve, reject) => {
      queue.push({ op, resolve: resolve as (r: OpResult) => void, reject });
    });
    last = p.catch(() => undefined);
    if (closed) drain();
    else if (!scheduled) {
      scheduled = true;
      schedule(drain);
    }
    return p;
  };

  return {
    reserve: (input) => enqueue<ReserveResult>({ kind: 'reserve', input }),
    settle: (id, actualPayment, ref) => enqueue<CloseResult>({ kind: 'settle', id, actualPayment, ref }),
    release: (id, reason) => enqueue<CloseResult>({ kind: 'release', id, reason }),
    flush: () => last.then(() => undefined),
    close() {
      closed = true;
      drain();
    },
    stats: () => ({ batches, ops: opsDone }),
  };
}
