import { z } from 'zod';
import { tryParseDecimal } from '../../shared/domain/decimal';

/**
 * zod schemas for what the AITBC coordinator sends (aitbc.md §1–§5, §10). Lenient where the real server is
 * (extra keys kept, money as string or number), strict where ClawGrid relies on a value. The devnet answers
 * with exactly these shapes, and the drift test checks both against the OpenAPI spec.
 */

/** Decimal money as string or number → canonical exact decimal string (never a float). */
export const wireMoney = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const d = tryParseDecimal(v);
  if (d === null) {
    ctx.addIssue({ code: 'custom', message: `not a decimal: ${String(v).slice(0, 40)}` });
    return z.NEVER;
  }
  return d;
});

export const jobStateSchema = z.enum(['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED']);
export type JobState = z.infer<typeof jobStateSchema>;
export const TERMINAL_STATES: ReadonlySet<JobState> = new Set(['COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED']);

const record = z.record(z.string(), z.unknown());

/** `JobView` (§4.4): the fields beyond the spec's required two are optional on the wire. */
export const jobViewSchema = z.looseObject({
  job_id: z.string().min(1),
  state: jobStateSchema,
  assigned_miner_id: z.string().nullish(),
  requested_at: z.string().nullish(),
  expires_at: z.string().nullish(),
  error: z.string().nullish(),
  payment_id: z.string().nullish(),
  payment_status: z.string().nullish(),
  zk_status: z.string().nullish(),
  payload: record.nullish(),
  result: record.nullish(),
  /** v0.25 only: the terms a buyer signs the ESCROW_LOCK for (the server's price when bound to an offer). */
  payment_amount: wireMoney.nullish(),
  node_wallet_address: z.string().nullish(),
  provider_address: z.string().nullish(),
  buyer_address: z.string().nullish(),
  offer_id: z.string().nullish(),
});
export type JobView = z.infer<typeof jobViewSchema>;

export const jobListSchema = z.looseObject({
  items: z.array(jobViewSchema),
  /** The page length on the real coordinator, not a total count (§4.1). */
  total: z.number().int().optional(),
  limit: z.number().int().optional(),
  offset: z.number().int().optional(),
});

/** A signed receipt (§7.1): kept as a loose record; the proofs feature verifies it. */
export const receiptSchema = z.looseObject({
  receipt_id: z.string().optional(),
  job_id: z.string().optional(),
  provider: z.string().optional(),
  client: z.string().optional(),
  status: z.string().optional(),
  units: z.number().optional(),
  unit_price: z.number().optional(),
  price: z.number().optional(),
  signature: z.looseObject({ alg: z.string(), key_id: z.string(), sig: z.string() }).optional(),
});
export type Receipt = z.infer<typeof receiptSchema>;

export const jobResultSchema = z.looseObject({ result: record.nullish(), receipt: receiptSchema.nullish() });
export const receiptListSchema = z.looseObject({ items: z.array(receiptSchema) });

export const jobPaymentSchema = z.looseObject({
  job_id: z.string(),
  payment_id: z.string(),
  amount: wireMoney,
  currency: z.string(),
  status: z.string(),
  payment_method: z.string().optional(),
  escrow_address: z.string().nullish(),
  refund_address: z.string().nullish(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  released_at: z.string().nullish(),
  refunded_at: z.string().nullish(),
  transaction_hash: z.string().nullish(),
  refund_transaction_hash: z.string().nullish(),
});
export type JobPayment = z.infer<typeof jobPaymentSchema>;

export const nonceResponseSchema = z.looseObject({ wallet_address: z.string(), nonce: z.string().min(1), expires_at: z.number() });
export const userProfileSchema = z.looseObject({
  user_id: z.string(),
  email: z.string().optional(),
  username: z.string().optional(),
  created_at: z.string().optional(),
  session_token: z.string().min(1),
});
export const userBalanceSchema = z.looseObject({ user_id: z.string(), address: z.string().nullish(), balance: wireMoney });

export const healthSchema = z.looseObject({ status: z.string() });

/** One row of `GET /v1/marketplace/gpu/list` (§10.2). */
export const gpuListingSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  miner_id: z.string().nullish(),
  model: z.string().nullish(),
  memory_gb: z.number().nullish(),
  region: z.string().nullish(),
  price_per_hour: wireMoney.nullish(),
  status: z.string().nullish(),
  capabilities: z.unknown().optional(),
});
export type GpuListing = z.infer<typeof gpuListingSchema>;
export const gpuListSchema = z.array(gpuListingSchema);

/** One software offer of `GET /v1/marketplace/offer` (§10.1); untrusted claims. */
export const marketOfferSchema = z.looseObject({
  plugin_id: z.string().nullish(),
  offer_id: z.string().nullish(),
  service_type: z.string().nullish(),
  model: z.string().nullish(),
  status: z.string().nullish(),
  price: wireMoney.nullish(),
  price_unit: z.string().nullish(),
  provider_address: z.string().nullish(),
  node_id: z.string().nullish(),
  gpu_name: z.string().nullish(),
  region: z.string().nullish(),
  zk_proof: z.boolean().optional(),
});
export type MarketOffer = z.infer<typeof marketOfferSchema>;
export const marketOffersSchema = z.looseObject({ offers: z.array(marketOfferSchema), total: z.number().optional() });

/** Miner poll answer (§5). */
export const assignedJobSchema = z.looseObject({ job_id: z.string().min(1), payload: record, constraints: record.nullish() });
export type AssignedJob = z.infer<typeof assignedJobSchema>;
export const minerRegisterResponseSchema = z.looseObject({ status: z.string(), session_token: z.string().optional() });
export const okResponseSchema = z.looseObject({ status: z.string() });
export const minerResultResponseSchema = z.looseObject({ status: z.string(), receipt: receiptSchema.nullish() });

/** Error shape 1/2 (`{"detail": …}`) and shape 3 (the envelope), §2. */
export const detailErrorSchema = z.object({ detail: z.unknown() });
export const envelopeErrorSchema = z.object({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    status: z.number().int().optional(),
    details: z.array(z.looseObject({ field: z.string().optional(), message: z.string().optional(), retry_after: z.number().optional() })).optional(),
  }),
  timestamp: z.string().optional(),
  request_id: z.string().nullish(),
});
/** The separate marketplace service's fourth shape. */
export const marketErrorSchema = z.object({ error: z.string() });
