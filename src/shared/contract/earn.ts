import { z } from 'zod';

/** Why earn mode is not taking jobs (one entry per reason; see shared/domain/earn-policy.ts). */
export const earnReasonSchema = z.object({
  code: z.enum(['off', 'network', 'no_key', 'no_models', 'cpu', 'ram', 'gpu_mem', 'own_agents', 'schedule', 'busy']),
  message: z.string(),
});

/** The offer as the network's marketplace lists it (null fields: the marketplace did not say). */
export const earnOfferSchema = z.object({
  offerId: z.string().nullable(),
  pluginId: z.string(),
  model: z.string(),
  pricePer1kAit: z.string(),
  status: z.string(),
  providerAddress: z.string().nullable(),
});

export const earnStatusSchema = z.object({
  state: z.enum(['off', 'earning', 'paused']),
  reasons: z.array(earnReasonSchema),
  /** The miner's registration: id, network, whether the coordinator accepted it, the last heartbeat sent. */
  minerId: z.string(),
  network: z.string(),
  registered: z.boolean(),
  /** Registration / wire trouble the person should see (null = none). */
  problem: z.string().nullable(),
  lastHeartbeat: z.object({ at: z.number().int(), capacity: z.number().int() }).nullable(),
  payoutAddress: z.string().nullable(),
  /** Allow-listed models, and those of them installed locally (what is served). */
  allowedModels: z.array(z.string()),
  servedModels: z.array(z.string()),
  pricePer1kAit: z.string(),
  usage: z.object({ cpuPct: z.number().nullable(), ramPct: z.number().nullable(), gpuMemPct: z.number().nullable() }),
  localInflight: z.number().int(),
  servingInflight: z.number().int(),
  offers: z.array(earnOfferSchema),
  totals: z.object({ pendingAit: z.string(), releasedAit: z.string(), jobsServed: z.number().int() }),
});
export type EarnStatus = z.infer<typeof earnStatusSchema>;

/** One job served (or refused) on this machine, with its receipt's public facts (never the prompt or the answer). */
export const earnJobSchema = z.object({
  jobId: z.string(),
  network: z.string(),
  model: z.string(),
  state: z.enum(['running', 'completed', 'failed', 'refused']),
  error: z.string().nullable(),
  polledAt: z.number().int(),
  resultAt: z.number().int().nullable(),
  promptTokens: z.number().int().nullable(),
  outputTokens: z.number().int().nullable(),
  receipt: z
    .object({ receiptId: z.string(), priceAit: z.string().nullable(), units: z.number().nullable(), unitType: z.string().nullable(), signer: z.string().nullable(), verified: z.boolean().nullable(), verdict: z.string() })
    .nullable(),
  /** The coordinator's payment status for the job, and what this ledger booked from it and from the chain. */
  paymentStatus: z.string().nullable(),
  pendingAit: z.string().nullable(),
  releasedAit: z.string().nullable(),
  releasedAt: z.number().int().nullable(),
  releaseTx: z.string().nullable(),
});
export type EarnJob = z.infer<typeof earnJobSchema>;

/** Earned AIT per local day: booked pending, and released on the chain. */
export const earnDaySchema = z.object({ day: z.string(), pendingAit: z.string(), releasedAit: z.string(), jobs: z.number().int() });

/** Calls of earn mode (its settings go through `settings.update`: earnEnabled, earnLimits, earnHours…). */
export const earnCalls = {
  /** Earning / paused and why / off, the registration, the offer as the network lists it, totals. */
  'earn.status': { input: z.object({}).strict(), output: earnStatusSchema },
  /** Jobs served, newest first, with their receipts and earnings. */
  'earn.jobs': { input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(), output: z.object({ jobs: z.array(earnJobSchema) }) },
  /** Earnings over time, one row per local day (oldest first). */
  'earn.earnings': { input: z.object({ days: z.number().int().min(1).max(365).default(30) }).strict(), output: z.object({ days: z.array(earnDaySchema) }) },
} as const;

/** Events of earn mode. */
export const earnEvents = {
  /** The status changed (state, reasons, a job served, an earning booked). */
  'earn.status': earnStatusSchema,
} as const;
