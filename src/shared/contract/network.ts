import { z } from 'zod';
import { parseAmount, tryParseAmount } from '../domain/decimal';
import { networkSettingSchema } from './settings';

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);

/** The devnet faucet's play money: more than 0 and at most 1000 AIT at a time (the devnet's own /rpc/faucet cap). */
export const FAUCET_MAX_AIT = '1000';
const faucetAmount = z.string().superRefine((v, ctx) => {
  const a = /^-?\d+(\.\d+)?$/.test(v) ? tryParseAmount(v) : null;
  if (a === null) ctx.addIssue({ code: 'custom', message: 'must be a decimal amount such as "100"' });
  else if (a <= 0n) ctx.addIssue({ code: 'custom', message: `must be more than 0 (got ${v})` });
  else if (a > parseAmount(FAUCET_MAX_AIT)) ctx.addIssue({ code: 'custom', message: `at most ${FAUCET_MAX_AIT} AIT at a time` });
});

/** One model offered by one miner (the engine's NetworkOffer, as the UI sees it). */
export const networkOfferSchema = z.object({
  minerId: z.string(),
  model: z.string(),
  pricePer1kTokensAit: decimalString,
  region: z.string().nullable(),
  gpu: z.string().nullable(),
  zkProof: z.boolean(),
  providerAddress: z.string().nullable(),
});

export const devnetMinerSchema = z.object({
  minerId: z.string(),
  state: z.enum(['starting', 'online', 'error', 'stopped']),
  message: z.string(),
  backend: z.enum(['ollama', 'simulated']),
  models: z.array(z.string()),
  pricePer1kTokensAit: decimalString,
  completed: z.number().int(),
  failed: z.number().int(),
});

/** Where ClawGrid's GPU network stands: which network, its health, the client wallet and (devnet) its miners. */
export const networkStatusSchema = z.object({
  network: z.string(),
  kind: z.enum(['devnet', 'remote', 'off']),
  health: z.object({ state: z.enum(['ok', 'degraded', 'down', 'off']), message: z.string() }),
  coordinatorUrl: z.string().nullable(),
  /** The wallet address ClawGrid logs in with on this network. */
  clientAddress: z.string().nullable(),
  /** Coordinator-side balance (AIT, exact decimal) when the network reports one. */
  balanceAit: decimalString.nullable(),
  devnet: z.object({ url: z.string(), miners: z.array(devnetMinerSchema), receiptKeyId: z.string() }).nullable(),
});
export type NetworkStatus = z.infer<typeof networkStatusSchema>;

/**
 * Where a network job's payment stands, from the coordinator's and the chain's word (AITBC v0.25's acceptance window,
 * or c27c654's escrow): locked in escrow; awaiting acceptance (the result came, the window is open); released to the
 * miner; disputed (rejected: the escrow stays locked until the network's operator rules); refunded; failed (settlement
 * did not land, or the network dropped the payment).
 */
export const paymentStateSchema = z.enum(['locked', 'awaiting_acceptance', 'released', 'disputed', 'refunded', 'failed']);
export type PaymentState = z.infer<typeof paymentStateSchema>;

/** One network job's payment as ClawGrid stored it (kept current from the coordinator while it can still change). */
export const jobPaymentViewSchema = z.object({
  /** "devnet" or the coordinator URL the job ran on. */
  network: z.string(),
  jobId: z.string(),
  /** The request it paid for (the request log's id; a moved job's is `<id>~2`), when known. */
  requestId: z.string().nullable(),
  model: z.string().nullable(),
  wire: z.enum(['v025', 'c27c654']),
  state: paymentStateSchema,
  /** What the chain moved into escrow (AIT). */
  amountAit: decimalString,
  /** The lock's chain fee (AIT), when the buyer paid one (v0.25). */
  feeAit: decimalString.nullable(),
  lockTx: z.string().nullable(),
  releaseTx: z.string().nullable(),
  refundTx: z.string().nullable(),
  /** Why it was rejected, is not accepted yet, or failed, in words a person understands. */
  reason: z.string().nullable(),
  createdAtMs: z.number().int(),
  updatedAtMs: z.number().int(),
  /** When ClawGrid last asked the coordinator about it (null: never since the job). */
  checkedAtMs: z.number().int().nullable(),
});
export type JobPaymentView = z.infer<typeof jobPaymentViewSchema>;

/** Calls of the AITBC network feature. */
export const networkCalls = {
  /** The active network, health, client wallet, balance and devnet miners. */
  'network.status': { input: z.object({}).strict(), output: networkStatusSchema },
  /** Current offers on the active network (empty when off). */
  'network.offers': { input: z.object({}).strict(), output: z.object({ offers: z.array(networkOfferSchema) }) },
  /** Switch network (devnet / coordinator URL / off); ledgers are never mixed, each network has its own. */
  'network.select': { input: z.object({ network: networkSettingSchema }).strict(), output: networkStatusSchema },
  /** Devnet only: credit play-money AIT to the client wallet. */
  'network.faucet': { input: z.object({ amountAit: faucetAmount.optional() }).strict(), output: networkStatusSchema },
  /**
   * Stored payments of network jobs, newest first: those of `jobIds`, else those in `states`, else the most recent.
   * `refresh` first asks the active network's coordinator about the ones that can still change (never the others).
   */
  'network.payments': {
    input: z
      .object({
        jobIds: z.array(z.string().min(1).max(200)).max(500).optional(),
        states: z.array(paymentStateSchema).min(1).optional(),
        limit: z.number().int().min(1).max(500).default(200),
        refresh: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ payments: z.array(jobPaymentViewSchema) }),
  },
} as const;

/** Events of the AITBC network feature. */
export const networkEvents = {
  /** Fired when the network, its health or the devnet miners change. */
  'network.status': networkStatusSchema,
  /** Some job's payment was recorded or changed state: refetch payments (carries the count now disputed). */
  'network.payments': z.object({ at: z.number().int(), disputed: z.number().int().nonnegative() }),
} as const;
