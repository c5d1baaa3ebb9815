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
} as const;

/** Events of the AITBC network feature. */
export const networkEvents = {
  /** Fired when the network, its health or the devnet miners change. */
  'network.status': networkStatusSchema,
} as const;
