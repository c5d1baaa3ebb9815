import { z } from 'zod';
import { exportFileSchema, exportInputSchema } from './export-file';

const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal amount such as "0.5"');

/** Where a request ran: the three strategies, plus "none" when nothing could serve it (503/429). */
export const strategySchema = z.enum(['local', 'network', 'race', 'none']);
export type Strategy = z.infer<typeof strategySchema>;

/** Why the planner chose what it chose; each code has one sentence in planner.ts. */
export const reasonCodeSchema = z.enum([
  'name_local',
  'name_network',
  'name_race',
  'name_miner',
  'policy_local',
  'policy_network',
  'local_warm',
  'local_cold',
  'local_missing',
  'over_vram',
  'exceeds_local_context',
  'network_off',
  'network_down',
  'no_offer',
  'over_price_cap',
  'budget_exhausted',
  'race_disallowed',
  'local_down',
  'suffix_forbidden',
]);
export type ReasonCode = z.infer<typeof reasonCodeSchema>;

/** An agent's routing policy: the person edits it on the Routing page. */
export const agentPolicySchema = z.object({
  /** auto: the planner decides; local/network: always there. */
  mode: z.enum(['auto', 'local', 'network']),
  /** May the planner hedge a cold local model with the network. */
  allowRace: z.boolean(),
  /** Never pay more than this per 1k tokens (AIT); null = no cap. */
  maxPricePer1kAit: decimal.nullable(),
  /** Runaway guard: requests per minute before 429. */
  maxRequestsPerMinute: z.number().int().min(1).max(100_000),
  /** Ask the network for a Groth16 receipt proof on every job (constraints.zk_proof_required). */
  requireProof: z.boolean().default(false),
});
export type AgentPolicy = z.infer<typeof agentPolicySchema>;

export const agentKeySchema = z.object({
  id: z.string(),
  /** The first characters of the key, enough to recognise it ("cg_1a2b3c…"). */
  prefix: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type AgentKey = z.infer<typeof agentKeySchema>;

export const agentSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The built-in agent for requests without a ClawGrid key (plain Ollama clients, `ollama-local`). */
  builtIn: z.boolean(),
  policy: agentPolicySchema,
  keys: z.array(agentKeySchema),
  createdAt: z.string(),
});
export type Agent = z.infer<typeof agentSchema>;

/** One request as the Routing page shows it. */
export const requestLogEntrySchema = z.object({
  id: z.string(),
  at: z.number().int(),
  agentId: z.string(),
  agentName: z.string(),
  endpoint: z.enum(['chat', 'generate', 'embed']),
  model: z.string(),
  strategy: strategySchema,
  reasons: z.array(reasonCodeSchema),
  explanation: z.string(),
  /** Who answered: local, network (miner id when known), or null when nothing did. */
  backend: z.string().nullable(),
  status: z.enum(['ok', 'error', 'canceled']),
  httpStatus: z.number().int(),
  error: z.string().nullable(),
  promptTokens: z.number().int().nonnegative(),
  evalTokens: z.number().int().nonnegative(),
  ttftMs: z.number().nonnegative().nullable(),
  durationMs: z.number().nonnegative(),
  tokensPerSecond: z.number().nonnegative().nullable(),
  costAit: decimal,
  overheadMs: z.number().nonnegative(),
  jobId: z.string().nullable(),
});
export type RequestLogEntry = z.infer<typeof requestLogEntrySchema>;

export const strategyCountsSchema = z.object({ local: z.number().int(), network: z.number().int(), race: z.number().int(), none: z.number().int() });
export type StrategyCounts = z.infer<typeof strategyCountsSchema>;

export const providerStatusSchema = z.object({
  state: z.enum(['starting', 'listening', 'error', 'stopped']),
  url: z.string(),
  message: z.string(),
});
export type ProviderStatus = z.infer<typeof providerStatusSchema>;

export const routingSnapshotSchema = z.object({
  provider: providerStatusSchema,
  network: z.object({ state: z.enum(['ok', 'degraded', 'down', 'off']), message: z.string() }),
  /** Most recent first, at most 200. */
  requests: z.array(requestLogEntrySchema),
  counts: strategyCountsSchema,
  agents: z.array(agentSchema),
});
export type RoutingSnapshot = z.infer<typeof routingSnapshotSchema>;

const agentIdInput = z.object({ agentId: z.string().min(1) }).strict();
/** A freshly issued key: the only time the secret itself crosses to the renderer. */
const issuedKey = z.object({ agent: agentSchema, key: z.string() });

/** Calls of the hybrid engine / Routing page. */
export const routingCalls = {
  /** Everything the Routing page shows; `routing.requests` events append to it. */
  'routing.snapshot': { input: z.object({}).strict(), output: routingSnapshotSchema },
  /** New agent with its first key (shown once: copy it into OpenClaw's provider `apiKey`). */
  'routing.createAgent': {
    input: z.object({ name: z.string().trim().min(1).max(64), policy: agentPolicySchema.partial().optional() }).strict(),
    output: issuedKey,
  },
  /** Change an agent's policy (partial update). */
  'routing.updatePolicy': { input: z.object({ agentId: z.string().min(1), policy: agentPolicySchema.partial() }).strict(), output: agentSchema },
  /** Issue another key for an agent (e.g. after losing the first); shown once. */
  'routing.createKey': { input: agentIdInput, output: issuedKey },
  /** The request log (oldest first, optionally one time range) as a CSV or JSON file, cost as decimal strings. */
  'routing.exportRequests': { input: exportInputSchema, output: exportFileSchema },
  /** Revoke a key: requests with it get 401 from then on. */
  'routing.revokeKey': { input: z.object({ agentId: z.string().min(1), keyId: z.string().min(1) }).strict(), output: agentSchema },
} as const;

/** Events of the hybrid engine. */
export const routingEvents = {
  /** Requests finished since the last tick (every one, in order), plus running totals. */
  'routing.requests': z.object({ entries: z.array(requestLogEntrySchema), counts: strategyCountsSchema }),
  /** Agents, provider or network state changed: refetch the snapshot. */
  'routing.changed': z.object({ at: z.number().int() }),
} as const;
