import QRCode from 'qrcode';
import { ContractError, type ErrorCode } from '../../shared/contract/errors';
import type { Approval, ReconcileIssue, SpendOverview, walletCalls, WalletStatus } from '../../shared/contract/wallet';
import { aitToUnits, unitsToAtto } from '../../shared/domain/escrow-lock';
import { formatAmount, parseAmount } from '../../shared/domain/decimal';
import type { PrivateKeyAccount } from 'viem/accounts';
import type { Admission } from '../routing/port';
import type { CoreServices, Feature } from '../feature';
import { createApprovals, type Approvals } from './approvals';
import { ChainError, createChainClient, TRANSFER_FEE_CS, type ChainClient } from './chain-client';
import { createKeyStore, type Encryptor } from './key-store';
import { KeyError } from './keystore-v3';
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
import { quoteSend } from './send-quote';
import { createSpendPolicies, DEFAULTS_ID, noNetworkBudgetPolicy } from './spend-policies';

export interface WalletFeatureOptions {
  /** OS encryption (Electron safeStorage); absent on the headless host. */
  encryptor?: Encryptor;
  /** The coordinator's payment views and the chain's legs, for reconciliation (adapters/network-payment-source.ts). */
  paymentSource?: PaymentSource | null;
  /** What books earnings (edge-miner mode), reconciled the same way; absent until that feature provides one. */
  earnings?: EarningsBook | null;
  /** A just-closed payment the ledger lacks waits this long before it is appended (default 60 s; env CLAWGRID_RECONCILE_GRACE_MS). */
  reconcileGraceMs?: number;
  /** The periodic runs wait until this says true (e.g. the network's resume of open intents at start is done). */
  reconcileReady?: () => boolean;
  /** Chain RPC base URL (or a getter: the devnet's port is only known once it runs); default: the devnet when network = devnet, else CLAWGRID_CHAIN_URL. */
  chainUrl?: string | null | (() => string | null);
  /** What a request's money did on the network (the network feature, through an adapter): resume and expiry ask it. */
  jobOutcome?: (requestId: string) => Promise<JobOutcome>;
  /** Agent ids the engine knows (for cards of agents that have not spent yet). */
  agentIds?: () => string[];
  /** scrypt cost for keystores (tests lower it). */
  scryptN?: number;
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

const keyErrorCodes: Record<KeyError['code'], ErrorCode> = {
  wrong_passphrase: 'UNAUTHORIZED',
  corrupt_keystore: 'INVALID_INPUT',
  unsupported_keystore: 'INVALID_INPUT',
  kdf_too_costly: 'INVALID_INPUT',
  invalid_key: 'INVALID_INPUT',
  wallet_exists: 'FORBIDDEN',
  no_wallet: 'NOT_FOUND',
  locked: 'UNAUTHORIZED',
};

async function guarded<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof KeyError) throw new ContractError(keyErrorCodes[err.code], err.message);
    if (err instanceof ChainError) throw new ContractError('UNAVAILABLE', err.message);
    throw err;
  }
}

export function createWalletFeature(core: CoreServices, opts: WalletFeatureOptions = {}): WalletFeature {
  const { db, hub, log } = core;
  const timeZone = opts.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const ledger = createLedger(db);
  const commits = createGroupCommit(ledger, { log });
  const policies = createSpendPolicies(db, { timeZone });
  const approvals = createApprovals(db);
  const keys = createKeyStore(db, { encryptor: opts.encryptor, scryptN: opts.scryptN });
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

  const chainUrl = (): string | null => {
    if (typeof opts.chainUrl === 'function') {
      const url = opts.chainUrl();
      if (url) return url;
    } else if (opts.chainUrl !== undefined) return opts.chainUrl;
    const network = core.settings.get().network;
    // the devnet serves the chain RPC subset on its own port (the aitbc feature's CLAWGRID_DEVNET_PORT)
    if (network === 'devnet') return `http://127.0.0.1:${core.env.CLAWGRID_DEVNET_PORT ?? 8203}`;
    return core.env.CLAWGRID_CHAIN_URL ?? null;
  };
  let chain: { url: string; client: ChainClient } | null = null;
  const client = (): ChainClient => {
    const url = chainUrl();
    if (!url) throw new ChainError('No chain is configured (network is off)');
    if (chain?.url !== url) chain = { url, client: createChainClient(url, { timeoutMs: 5000 }) };
    return chain.client;
  };
  let balance: WalletStatus['balance'] = null;
  let balanceError: string | null = null;

  const status = async (refresh: boolean): Promise<WalletStatus> => {
    const k = keys.status();
    if (refresh && k.address) {
      try {
        const a = await client().account(k.address);
        const perAit = await client().unitsPerAit();
        balance = { ait: formatAmount(unitsToAtto(a.balance, perAit)), computeSeconds: a.balance.toString(), nonce: a.nonce, chainId: a.chainId, fetchedAtMs: Date.now() };
        balanceError = null;
      } catch (err) {
        balanceError = err instanceof Error ? err.message : String(err);
      }
    }
    const low = policies.wallet().lowBalanceAit;
    return {
      ...k,
      osEncryption: keys.osEncryption(),
      chainUrl: chainUrl(),
      balance: k.address ? balance : null,
      balanceError: k.address ? balanceError : null,
      lowBalance: balance !== null && low !== null && parseAmount(balance.ait) < parseAmount(low),
    };
  };

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
    async escrowSigner() {
      const k = keys.status();
      if (!k.exists || k.locked) return null;
      return keys.account().catch(() => null);
    },
    escrowPayer() {
      const k = keys.status();
      // as account() decides: a passphrase key once unlocked, an OS-protected one while the OS store works
      return k.exists && !k.locked && (k.protection !== 'os' || keys.osEncryption()) ? k.address : null;
    },
    onNotice(listener) {
      notices.add(listener);
      return () => notices.delete(listener);
    },
    handlers: {
      'wallet.status': ({ refresh }) => status(refresh ?? false),
      'wallet.create': ({ passphrase }) => guarded(async () => (await keys.create(passphrase), status(true))),
      'wallet.import': ({ kind, secret, keystorePassphrase, passphrase }) =>
        guarded(async () => (await keys.import(kind, secret, { keystorePassphrase, passphrase }), status(true))),
      'wallet.export': ({ exportPassphrase, passphrase }) =>
        guarded(async () => ({ keystore: await keys.exportKeystore(exportPassphrase, passphrase), address: keys.status().address ?? '' })),
      'wallet.unlock': ({ passphrase }) => guarded(async () => (await keys.unlock(passphrase), status(false))),
      'wallet.lock': () => (keys.lock(), status(false)),
      'wallet.receive': () =>
        guarded(async () => {
          const address = keys.status().address;
          if (!address) throw new KeyError('no_wallet', 'No wallet yet: create or import one first');
          const svg = await QRCode.toString(address, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
          return { address, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
        }),
      'wallet.quoteSend': ({ to, amountAit }) =>
        guarded(async () => {
          const s = await status(true);
          if (!s.address) throw new KeyError('no_wallet', 'No wallet yet: create or import one first');
          const balanceUnits = s.balance && !s.balanceError ? BigInt(s.balance.computeSeconds) : null;
          const unitsPerAit = await client().unitsPerAit();
          return quoteSend({ from: s.address, to, amountAit, feeUnits: TRANSFER_FEE_CS, balanceUnits, unitsPerAit, network: core.settings.get().network });
        }),
      'wallet.send': ({ to, amountAit, passphrase }) =>
        guarded(async () => {
          const amount = parseAmount(amountAit);
          // the chain's own unit scale (36,000,000 per AIT on v0.25 chains, 3,600 before), never assumed
          const perAit = await client().unitsPerAit();
          const cs = aitToUnits(amount, perAit);
          if (cs <= 0n) throw new ContractError('INVALID_INPUT', `The amount is below one chain unit (1/${perAit} AIT)`);
          const account = await keys.account(passphrase);
          const r = await client().transfer(account, to, cs, { feeCs: TRANSFER_FEE_CS });
          ledger.recordTransfer({ to, amount: unitsToAtto(cs, perAit), fee: unitsToAtto(r.fee, perAit), txHash: r.txHash });
          changed();
          await status(true);
          return { txHash: r.txHash, amountComputeSeconds: cs.toString(), feeComputeSeconds: r.fee.toString() };
        }),
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
