import type { PrivateKeyAccount } from 'viem/accounts';
import { ContractError } from '../../shared/contract/errors';
import type { Approval, ReconcileIssue, SpendOverview, walletCalls } from '../../shared/contract/wallet';
import type { Admission } from '../routing/port';
import type { CoreServices, Feature } from '../feature';
import { createApprovals, type Approvals } from './approvals';
import { createGroupCommit } from './group-commit';
import { createLedger } from './ledger';
import { createLedgerAdmission, type Overspend } from './ledger-admission';
import { createResumer } from './ledger-resume';
import { createOverspendDisputes } from './overspend';
import type { JobOutcome } from '../../shared/domain/job-outcome';
import { ledgerEntriesBetween } from './ledger-export';
import { exportLedger } from '../../shared/domain/spend-export';
import type { Ledger } from './ledger-types';
import { listIssues, resolveIssue } from './reconcile';
import { createReconcileRunner } from './reconcile-runner';
import { lastRun } from './reconcile-store';
import type { EarningsBook, PaymentSource } from './reconcile-types';
import { buildOverview } from './spend-overview';
import { createSpendPolicies, DEFAULTS_ID, noNetworkBudgetPolicy } from './spend-policies';
import { createWalletAccount, guarded, type WalletAccountOptions } from './wallet-account';

/** The account's options (key encryption, scrypt cost, chain URL) and the spending side's. */
export interface WalletFeatureOptions extends WalletAccountOptions {
  /** The coordinator's payment views and the chain's legs, for reconciliation (adapters/network-payment-source.ts). */
  paymentSource?: PaymentSource | null;
  /** What books earnings (edge-miner mode), reconciled the same way; absent until that feature provides one. */
  earnings?: EarningsBook | null;
  /** A just-closed payment the ledger lacks waits this long before it is appended (default 60 s; env CLAWGRID_RECONCILE_GRACE_MS). */
  reconcileGraceMs?: number;
  /** The periodic runs wait until this says true (e.g. the network's resume of open intents at start is done). */
  reconcileReady?: () => boolean;
  /** What a request's money did on the network (the network feature, through an adapter): resume and expiry ask it. */
  jobOutcome?: (requestId: string) => Promise<JobOutcome>;
  /** Agent ids the engine knows (for cards of agents that have not spent yet). */
  agentIds?: () => string[];
  timeZone?: string;
}

/** Something the person should be told about now (Electron words it and shows a native notification). */
export type WalletNotice =
  | { kind: 'approval'; approval: Approval }
  | { kind: 'soft_limit'; agentId: string }
  /** Reconciliation found payments that differ from the coordinator's records (new ones only). */
  | { kind: 'disputes'; issues: ReconcileIssue[] };

export interface WalletFeature extends Feature<typeof walletCalls> {
  /** The engine's spend port. */
  readonly admission: Admission;
  readonly ledger: Ledger;
  readonly approvals: Approvals;
  /** Gives an agent its own policy with no network budget (hard limit 0); the person raises it with `wallet.setPolicy`. */
  withholdNetworkBudget(agentId: string): void;
  onNotice(listener: (n: WalletNotice) => void): () => void;
  /** The wallet's signing account when it is usable without asking (OS-protected or unlocked); null otherwise. */
  escrowSigner(): Promise<PrivateKeyAccount | null>;
  /** The address escrowSigner would sign with, read without touching the key (null when it would return null). */
  escrowPayer(): string | null;
}

export function createWalletFeature(core: CoreServices, opts: WalletFeatureOptions = {}): WalletFeature {
  const { db, hub, log } = core;
  const timeZone = opts.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const ledger = createLedger(db);
  const commits = createGroupCommit(ledger, { log });
  const policies = createSpendPolicies(db, { timeZone });
  const approvals = createApprovals(db);
  const notices = new Set<(n: WalletNotice) => void>();
  const notify = (n: WalletNotice) => notices.forEach((l) => l(n));
  let changeSeq = 0;
  const changed = () => hub.publish('wallet.changed', { seq: ++changeSeq });
  const softAlerted = new Set<string>();
  const startedMs = Date.now();
  // A settle above its reservation: capped by the ledger, a dispute here, the agent paused, the person told
  const disputes = createOverspendDisputes(db);
  const overspent = (o: Overspend) => {
    log.warn('wallet.over_reservation', { agent: o.agentId, job: o.jobId, excess: o.excessAit });
    const issue = disputes.record(o);
    if (issue) notify({ kind: 'disputes', issues: [issue] });
    changed();
  };

  const account = createWalletAccount(core, { ledger, policies, changed }, opts);
  const status = account.status;

  const admission = createLedgerAdmission({
    ledger,
    commits,
    policies,
    approvals,
    log,
    onChanged: changed,
    onOverspend: overspent,
    pausedReason: disputes.pausedReason,
    onSoftLimit(agentId) {
      if (softAlerted.has(agentId)) return;
      softAlerted.add(agentId);
      notify({ kind: 'soft_limit', agentId });
    },
  });
  approvals.onChange((pending, added) => {
    hub.publish('wallet.approvals', { pending });
    if (added) notify({ kind: 'approval', approval: added });
  });

  const overview = async (): Promise<SpendOverview> => {
    await commits.flush(); // read your writes: settles/releases queued for the next batch are counted
    const s = await status(false);
    const alerts: SpendOverview['alerts'] = [];
    if (s.lowBalance && s.balance) alerts.push({ kind: 'low_balance', message: `Low balance: ${s.balance.ait} AIT (alert below ${policies.wallet().lowBalanceAit} AIT)` });
    const open = listIssues(db, true).length;
    if (open) alerts.push({ kind: 'reconcile', message: `${open} payment${open === 1 ? '' : 's'} differ from the coordinator's records — see Reconciliation` });
    return buildOverview(db, ledger, policies, { agentIds: opts.agentIds?.() ?? [], alerts, timeZone, nowMs: Date.now() });
  };

  let timer: ReturnType<typeof setInterval> | null = null;
  // Held reservations a previous run left, and any past its deadline, settle from the network's word (ledger-resume.ts)
  const resumer = createResumer({ ledger, commits, outcome: opts.jobOutcome ?? null, startedMs, onOverspend: overspent, log, changed });
  const expire = () => resumer.run();
  const graceEnv = Number(core.env.CLAWGRID_RECONCILE_GRACE_MS);
  const reconciler = createReconcileRunner({
    db, ledger, log, source: opts.paymentSource ?? null, earnings: opts.earnings ?? null, drain: () => commits.flush(),
    intervalMin: () => core.settings.get().reconcileIntervalMin,
    graceMs: opts.reconcileGraceMs ?? (Number.isFinite(graceEnv) && core.env.CLAWGRID_RECONCILE_GRACE_MS ? graceEnv : undefined),
    onRun: changed,
    // not before the first resume pass: a job resume is settling would otherwise be booked as found externally
    ready: () => resumer.passes() > 0 && (opts.reconcileReady?.() ?? true),
    onDisputes: (issues) => notify({ kind: 'disputes', issues }),
  });

  return {
    admission,
    ledger,
    approvals,
    withholdNetworkBudget(agentId) {
      policies.set(agentId, noNetworkBudgetPolicy(timeZone));
      changed();
    },
    escrowSigner: () => account.escrowSigner(),
    escrowPayer: () => account.escrowPayer(),
    onNotice(listener) {
      notices.add(listener);
      return () => notices.delete(listener);
    },
    handlers: {
      ...account.handlers,
      'wallet.history': async ({ limit, beforeSeq }) => (await commits.flush(), { entries: ledger.entries({ limit: limit ?? 100, beforeSeq }) }),
      'wallet.exportLedger': async ({ format, fromMs, toMs }) => (await commits.flush(), exportLedger(ledgerEntriesBetween(core.db, { fromMs, toMs }), format)),
      'wallet.spendOverview': () => overview(),
      'wallet.setPolicy': ({ agentId, policy }) =>
        guarded(async () => {
          if (policy === null && agentId === DEFAULTS_ID) throw new ContractError('INVALID_INPUT', 'The defaults cannot be removed, only changed');
          policies.set(agentId, policy);
          softAlerted.delete(agentId);
          changed();
          return overview();
        }),
      'wallet.setWalletPolicy': ({ policy }) => (policies.setWallet(policy), changed(), overview()),
      'wallet.approvals': () => ({ pending: approvals.pending() }),
      'wallet.decide': ({ id, decision, hours }) => approvals.decide(id, decision, hours),
      'wallet.reconcile': () => reconciler.run(),
      'wallet.reconcileIssues': () => ({ issues: listIssues(db), lastRun: lastRun(db) }),
      'wallet.resolveIssue': ({ id, resolution }) =>
        guarded(() => {
          try {
            resolveIssue(db, ledger, id, resolution);
            disputes.refresh(); // a resolved overspend dispute lifts its agent's pause
          } catch (err) {
            throw new ContractError('INVALID_INPUT', err instanceof Error ? err.message : String(err));
          }
          changed();
          return { issues: listIssues(db) };
        }),
    },
    start() {
      expire(); // crash recovery: every reservation a previous run left held, against the network's word
      timer = setInterval(expire, 30_000);
      timer.unref?.();
      reconciler.start(); // at start (once a network is connected), then every reconcileIntervalMin minutes
    },
    async close() {
      if (timer) clearInterval(timer);
      await reconciler.stop();
      await resumer.close();
      approvals.close();
      await new Promise((r) => setImmediate(r)); // let denied admissions queue their release
      await commits.flush(); // every queued settle/release is committed before the DB closes
      commits.close();
    },
  };
}
