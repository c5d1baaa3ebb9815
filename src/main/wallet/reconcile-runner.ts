import type { ReconcileIssue, ReconcileRun } from '../../shared/contract/wallet';
import type { Logger } from '../log/logger';
import type { Db } from '../store/database';
import type { Ledger } from './ledger-types';
import { reconcile } from './reconcile';
import { beginRun, finishRun, lastRun, listIssues } from './reconcile-store';
import type { EarningsBook, PaymentSource } from './reconcile-types';

export interface ReconcileRunnerDeps {
  db: Db;
  ledger: Ledger;
  log: Logger;
  /** The coordinator side; null = none wired (the button says so). */
  source: PaymentSource | null;
  earnings?: EarningsBook | null;
  /** Commits queued settles/releases before comparing. */
  drain: () => Promise<void>;
  /** Minutes between periodic runs (the `reconcileIntervalMin` setting, read at each tick). */
  intervalMin: () => number;
  graceMs?: number;
  /** Told after every recorded run (the page refetches: new entries, issues, the last run) and of new open issues. */
  onRun(): void;
  onDisputes(issues: ReconcileIssue[]): void;
  /**
   * Whether the periodic runs may begin (default: at once). A start-up step that settles open intents from the
   * coordinator (resume after a crash) says when it is done, so the two never book the same job concurrently.
   */
  ready?: () => boolean;
  /** How often the runner looks whether a run is due (default 5 s). */
  tickMs?: number;
}

export interface RunOutcome {
  checked: number;
  appended: number;
  issues: ReconcileIssue[];
  error: string | null;
  run: ReconcileRun | null;
}

/**
 * Runs reconciliation at start (as soon as a network is connected), every `intervalMin` minutes while one is,
 * and on the button; one run at a time (a second request joins the running one). Every run is recorded.
 */
export function createReconcileRunner(d: ReconcileRunnerDeps) {
  let running: Promise<RunOutcome> | null = null;
  let lastAttemptMs = 0;
  let startedRun = false;
  let timer: ReturnType<typeof setInterval> | null = null;

  async function runOnce(trigger: ReconcileRun['trigger']): Promise<RunOutcome> {
    const open = () => listIssues(d.db, true);
    if (!d.source) return { checked: 0, appended: 0, issues: open(), error: 'No coordinator connected: nothing to compare with', run: lastRun(d.db) };
    const network = d.source.connected();
    if (!network) return { checked: 0, appended: 0, issues: open(), error: 'No network is connected (network is off): nothing to compare with', run: lastRun(d.db) };
    const started = Date.now();
    lastAttemptMs = started;
    const runId = beginRun(d.db, trigger, network, started);
    const known = new Set(open().map((i) => i.id));
    try {
      const r = await reconcile(d.db, d.ledger, d.source, { runId, drain: d.drain, earnings: d.earnings ?? null, ...(d.graceMs !== undefined ? { graceMs: d.graceMs } : {}) });
      const mismatches = r.issues.filter((i) => r.found.includes(i.id)).length;
      finishRun(d.db, runId, { network: r.network, finishedAtMs: Date.now(), checked: r.checked, matched: r.matched, pending: r.pending, appended: r.appended, mismatches, unchecked: r.unchecked, error: null });
      d.onRun();
      const fresh = r.issues.filter((i) => !known.has(i.id));
      if (fresh.length) d.onDisputes(fresh);
      return { checked: r.checked, appended: r.appended, issues: r.issues, error: null, run: lastRun(d.db) };
    } catch (err) {
      const error = `Could not reach the coordinator: ${err instanceof Error ? err.message : String(err)}`;
      finishRun(d.db, runId, { network, finishedAtMs: Date.now(), checked: 0, matched: 0, pending: 0, appended: 0, mismatches: 0, unchecked: 0, error });
      d.log.warn('wallet.reconcile_failed', { err: error });
      d.onRun();
      return { checked: 0, appended: 0, issues: open(), error, run: lastRun(d.db) };
    }
  }

  function run(trigger: ReconcileRun['trigger']): Promise<RunOutcome> {
    running ??= runOnce(trigger).finally(() => {
      running = null;
    });
    return running;
  }

  function tick(): void {
    if (running || !d.source?.connected() || (d.ready && !d.ready())) return;
    const due = !startedRun || Date.now() - lastAttemptMs >= d.intervalMin() * 60_000;
    if (!due) return;
    const trigger = startedRun ? 'timer' : 'start';
    startedRun = true;
    void run(trigger);
  }

  return {
    run: () => run('button'),
    lastRun: () => lastRun(d.db),
    start() {
      timer = setInterval(tick, d.tickMs ?? 5_000);
      timer.unref?.();
      tick();
    },
    /** Stops the timer and waits for a run in progress (its writes land before the database closes). */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
export type ReconcileRunner = ReturnType<typeof createReconcileRunner>;
