import { z } from 'zod';
import { exportFileSchema, exportInputSchema } from './export-file';
import { isDecimalString } from '../domain/decimal';
import { isValidTimeZone, parseLocalDate } from '../domain/spend-period';

/** AIT as an exact decimal string ("12.5"), never a float. */
export const aitSchema = z.string().refine(isDecimalString, { message: 'must be a decimal number such as "12.5"' });
const nonNegativeAit = aitSchema.refine((v) => !v.startsWith('-'), { message: 'must not be negative' });
const timeZone = z.string().refine(isValidTimeZone, { message: 'unknown time zone' });

export const periodSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['daily', 'weekly', 'monthly']), timeZone }),
  z.object({
    kind: z.literal('custom'),
    timeZone,
    anchorDate: z.string().refine((s) => parseLocalDate(s) !== null, { message: 'must be a date YYYY-MM-DD' }),
    days: z.number().int().min(1).max(3660),
  }),
  z.object({ kind: z.literal('lifetime') }),
]);

/** One agent's spend controls ("*" = defaults for agents without their own). */
export const spendPolicySchema = z.object({
  hardLimitAit: nonNegativeAit.nullable(),
  softLimitAit: nonNegativeAit.nullable(),
  period: periodSpecSchema,
  /** Per-model caps within the same period (exact Ollama tag → AIT). */
  modelCapsAit: z.record(z.string().min(1), nonNegativeAit),
  maxPricePer1kAit: nonNegativeAit.nullable(),
  /** A single request costing more than this waits for the person's approval. */
  approvalThresholdAit: nonNegativeAit.nullable(),
  /** Also ask when a request would cross the soft limit. */
  approveOnSoftLimit: z.boolean(),
});
export type SpendPolicy = z.infer<typeof spendPolicySchema>;

/** Wallet-wide limit across all agents, and when to warn about a low balance. */
export const walletPolicySchema = z.object({
  limitAit: nonNegativeAit.nullable(),
  period: periodSpecSchema,
  lowBalanceAit: nonNegativeAit.nullable(),
  /** How long an approval waits before it is denied, in seconds. */
  approvalTimeoutS: z.number().int().min(5).max(3600),
});
export type WalletPolicy = z.infer<typeof walletPolicySchema>;

const usageSchema = z.object({
  limitAit: z.string().nullable(),
  softLimitAit: z.string().nullable(),
  reservedAit: z.string(),
  spentAit: z.string(),
  /** limit − reserved − spent; null when unlimited. */
  availableAit: z.string().nullable(),
  periodKey: z.string(),
  periodStartMs: z.number(),
  periodEndMs: z.number(),
  softCrossed: z.boolean(),
});
export type SpendUsage = z.infer<typeof usageSchema>;

export const agentSpendSchema = z.object({
  agentId: z.string(),
  /** Whether this agent has its own policy (false = the defaults apply). */
  custom: z.boolean(),
  policy: spendPolicySchema,
  usage: usageSchema,
  models: z.array(z.object({ model: z.string(), capAit: z.string(), usage: usageSchema })),
  /** Settled spend per local day (last 14 days, oldest first). */
  daily: z.array(z.object({ day: z.string(), spentAit: z.string() })),
});
export type AgentSpend = z.infer<typeof agentSpendSchema>;

export const spendOverviewSchema = z.object({
  agents: z.array(agentSpendSchema),
  defaults: spendPolicySchema,
  wallet: z.object({ policy: walletPolicySchema, usage: usageSchema }),
  totals: z.object({ reservedAit: z.string(), spentAit: z.string(), heldReservations: z.number().int() }),
  alerts: z.array(z.object({ kind: z.enum(['soft_limit', 'low_balance', 'reconcile']), message: z.string() })),
});
export type SpendOverview = z.infer<typeof spendOverviewSchema>;

export const walletStatusSchema = z.object({
  exists: z.boolean(),
  address: z.string().nullable(),
  /** os = Electron safeStorage; passphrase = scrypt keystore (unlock needed to send). */
  protection: z.enum(['os', 'passphrase']).nullable(),
  locked: z.boolean(),
  /** Whether OS-level encryption is available on this host. */
  osEncryption: z.boolean(),
  chainUrl: z.string().nullable(),
  balance: z
    .object({ ait: z.string(), computeSeconds: z.string(), nonce: z.number().int(), chainId: z.string().nullable(), fetchedAtMs: z.number() })
    .nullable(),
  balanceError: z.string().nullable(),
  lowBalance: z.boolean(),
});
export type WalletStatus = z.infer<typeof walletStatusSchema>;

export const ledgerEntrySchema = z.object({
  seq: z.number().int(),
  atMs: z.number(),
  kind: z.enum(['reserve', 'settle', 'release', 'refund', 'transfer', 'fee']),
  reservationId: z.string().nullable(),
  agentId: z.string().nullable(),
  model: z.string().nullable(),
  minerId: z.string().nullable(),
  amount: z.string(),
  jobId: z.string().nullable(),
  receiptId: z.string().nullable(),
  txHash: z.string().nullable(),
  counterparty: z.string().nullable(),
  note: z.string(),
});
export type LedgerEntryView = z.infer<typeof ledgerEntrySchema>;

/** The pre-payment simulation shown on an approval card. */
export const approvalSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  agentId: z.string(),
  model: z.string(),
  minerId: z.string().nullable(),
  pricePer1kAit: z.string(),
  maxTokens: z.number().int(),
  paymentAit: z.string(),
  feeAit: z.string(),
  /** The AIT delta for the wallet if the request uses its worst case: −(payment + fee). */
  deltaAit: z.string(),
  reason: z.string(),
  budget: z.array(z.object({ label: z.string(), limitAit: z.string().nullable(), beforeAit: z.string().nullable(), afterAit: z.string().nullable() })),
  createdAtMs: z.number(),
  deadlineMs: z.number(),
});
export type Approval = z.infer<typeof approvalSchema>;

const chainLegsSchema = z.object({
  state: z.string(),
  payee: z.string().nullable(),
  amountAit: z.string().nullable(),
  releasedAit: z.string().nullable(),
  refundedAit: z.string().nullable(),
  lockTx: z.string().nullable(),
  releaseTx: z.string().nullable(),
  refundTx: z.string().nullable(),
});
/** What a mismatch rests on: the coordinator's word, the chain's legs (null: no escrow; 'unavailable': unread) and the ledger's entries. */
export const mismatchEvidenceSchema = z.object({
  role: z.enum(['spend', 'earning']),
  coordinator: z.object({ status: z.string(), amountAit: z.string(), lockTx: z.string().nullable(), releaseTx: z.string().nullable(), refundTx: z.string().nullable() }).nullable(),
  chain: z.union([chainLegsSchema, z.literal('unavailable')]).nullable(),
  ledger: z.array(z.object({ seq: z.number().int(), kind: z.string(), amountAit: z.string(), atMs: z.number() })),
});
export type MismatchEvidenceView = z.infer<typeof mismatchEvidenceSchema>;

/** One reconciliation run (at start, periodic, or the button). */
export const reconcileRunSchema = z.object({
  id: z.number().int(),
  trigger: z.enum(['start', 'timer', 'button']),
  network: z.string().nullable(),
  startedAtMs: z.number(),
  finishedAtMs: z.number(),
  checked: z.number().int(),
  matched: z.number().int(),
  pending: z.number().int(),
  appended: z.number().int(),
  mismatches: z.number().int(),
  unchecked: z.number().int(),
  error: z.string().nullable(),
});
export type ReconcileRun = z.infer<typeof reconcileRunSchema>;

export const reconcileIssueSchema = z.object({
  id: z.number().int(),
  jobId: z.string(),
  kind: z.string(),
  detail: z.string(),
  localAit: z.string().nullable(),
  remoteAit: z.string().nullable(),
  status: z.enum(['open', 'resolved']),
  resolution: z.string().nullable(),
  foundAtMs: z.number(),
  evidence: mismatchEvidenceSchema.nullable(),
  runId: z.number().int().nullable(),
});
export type ReconcileIssue = z.infer<typeof reconcileIssueSchema>;

/** What a send will do, shown for review before anything is signed (MetaMask and Frame always show one). */
export const sendQuoteSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** The amount that will really move: whole compute-seconds, so it can be a little below what was typed. */
  amountAit: z.string(),
  amountComputeSeconds: z.string(),
  feeAit: z.string(),
  totalAit: z.string(),
  /** Balance just read from the chain; null when it could not be read. */
  balanceAit: z.string().nullable(),
  balanceAfterAit: z.string().nullable(),
  /** False when the balance is known and does not cover amount + fee. */
  sufficient: z.boolean(),
  /** The network the send happens on (devnet = play money). */
  network: z.string(),
});
export type SendQuote = z.infer<typeof sendQuoteSchema>;

const empty = z.object({}).strict();
const recipient = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an 0x address of 40 hex digits');
const passphrase = z.string().min(8, 'at least 8 characters').max(1024);

/** Calls of the wallet, spend controls, approvals and ledger. */
export const walletCalls = {
  /** Address, protection, lock state and the last known balance (refreshes the balance from the chain). */
  'wallet.status': { input: z.object({ refresh: z.boolean().optional() }).strict(), output: walletStatusSchema },
  /** Create a new key; a passphrase is required where the OS cannot encrypt. Refuses if a wallet exists. */
  'wallet.create': { input: z.object({ passphrase: passphrase.optional() }).strict(), output: walletStatusSchema },
  /** Import a private key, mnemonic or keystore v3 JSON. Refuses if a wallet exists (nothing is overwritten). */
  'wallet.import': {
    input: z
      .object({
        kind: z.enum(['privateKey', 'mnemonic', 'keystore']),
        secret: z.string().min(1).max(100_000),
        keystorePassphrase: z.string().max(1024).optional(),
        passphrase: passphrase.optional(),
      })
      .strict(),
    output: walletStatusSchema,
  },
  /** The key as an encrypted keystore v3 JSON (the private key itself never leaves main). */
  'wallet.export': {
    input: z.object({ exportPassphrase: passphrase, passphrase: z.string().max(1024).optional() }).strict(),
    output: z.object({ keystore: z.string(), address: z.string() }),
  },
  'wallet.unlock': { input: z.object({ passphrase: z.string().max(1024) }).strict(), output: walletStatusSchema },
  'wallet.lock': { input: empty, output: walletStatusSchema },
  /** Receive: the address and a QR code (SVG data URL). */
  'wallet.receive': { input: empty, output: z.object({ address: z.string(), qrDataUrl: z.string() }) },
  /** The review of a send (amount, fee, recipient, balance after) before it is signed; moves nothing. */
  'wallet.quoteSend': { input: z.object({ to: recipient, amountAit: nonNegativeAit }).strict(), output: sendQuoteSchema },
  /** Send AIT on chain (signed in main); amount in AIT, converted to compute-seconds (1 AIT = 3600). */
  'wallet.send': {
    input: z.object({ to: recipient, amountAit: nonNegativeAit, passphrase: z.string().max(1024).optional() }).strict(),
    output: z.object({ txHash: z.string(), amountComputeSeconds: z.string(), feeComputeSeconds: z.string() }),
  },
  /** Ledger entries, newest first. */
  'wallet.history': {
    input: z.object({ limit: z.number().int().min(1).max(1000).optional(), beforeSeq: z.number().int().optional() }).strict(),
    output: z.object({ entries: z.array(ledgerEntrySchema) }),
  },
  /** The ledger (oldest first, optionally one time range) as a CSV or JSON file, amounts as decimal strings. */
  'wallet.exportLedger': { input: exportInputSchema, output: exportFileSchema },
  /** Per-agent Available / Reserved / Spent, limits, daily spend, the wallet-wide limit and alerts. */
  'wallet.spendOverview': { input: empty, output: spendOverviewSchema },
  /** Set (or with null, remove) one agent's policy; "*" sets the defaults. */
  'wallet.setPolicy': { input: z.object({ agentId: z.string().min(1).max(200), policy: spendPolicySchema.nullable() }).strict(), output: spendOverviewSchema },
  'wallet.setWalletPolicy': { input: z.object({ policy: walletPolicySchema }).strict(), output: spendOverviewSchema },
  /** Requests waiting for the person's approval. */
  'wallet.approvals': { input: empty, output: z.object({ pending: z.array(approvalSchema) }) },
  /** Approve once, approve this agent+model for N hours, or deny. */
  'wallet.decide': {
    input: z
      .object({ id: z.string(), decision: z.enum(['approve_once', 'approve_for', 'deny']), hours: z.number().min(0.1).max(720).optional() })
      .strict(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  },
  /** Compare the ledger with the coordinator's payments; append what is missing, report the rest. */
  'wallet.reconcile': {
    input: empty,
    output: z.object({ checked: z.number().int(), appended: z.number().int(), issues: z.array(reconcileIssueSchema), error: z.string().nullable(), run: reconcileRunSchema.nullable() }),
  },
  /** Every reported issue (newest first) and the last run (when, what it matched, what it found). */
  'wallet.reconcileIssues': { input: empty, output: z.object({ issues: z.array(reconcileIssueSchema), lastRun: reconcileRunSchema.nullable() }) },
  /** Resolve a local-only payment: the coordinator never charged it (append a refund) or keep it. */
  'wallet.resolveIssue': {
    input: z.object({ id: z.number().int(), resolution: z.enum(['refund', 'keep']) }).strict(),
    output: z.object({ issues: z.array(reconcileIssueSchema) }),
  },
} as const;

/** Events of the wallet feature. */
export const walletEvents = {
  /** The whole pending approval list (the hub keeps only the latest payload per tick). */
  'wallet.approvals': z.object({ pending: z.array(approvalSchema) }),
  /** The ledger changed: refetch overview and history. Carries the newest entry seq. */
  'wallet.changed': z.object({ seq: z.number().int() }),
} as const;
