import { z } from 'zod';

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'decimal string');

/** Where a catalog entry comes from: on this machine, pullable from the Ollama library, or a network offer. */
export const catalogWhereSchema = z.enum(['local', 'library', 'network']);
export type CatalogWhere = z.infer<typeof catalogWhereSchema>;

export const fitLabelSchema = z.enum(['fits', 'offload', 'no_fit', 'unknown']);

/** ClawGrid's own measurements of a model or miner from metering (null = no requests yet). */
export const measuredSchema = z.object({
  requests: z.number().int().nonnegative(),
  ttftMsP50: z.number().nonnegative().nullable(),
  tokensPerSec: z.number().nonnegative().nullable(),
  successRate: z.number().min(0).max(1).nullable(),
});
export type Measured = z.infer<typeof measuredSchema>;

/** One row of the Models page: a local model, a library tag at one quantization, or one miner's offer. */
export const catalogEntrySchema = z.object({
  /** Unique and stable: `local:<tag>`, `library:<tag>`, `network:<tag>@<minerId>`. */
  id: z.string(),
  where: catalogWhereSchema,
  /** Exact Ollama tag, e.g. "llama3.1:8b". */
  model: z.string(),
  /** Library name without tag ("llama3.1"), for grouping and search. */
  name: z.string(),
  description: z.string(),
  family: z.string().nullable(),
  parameterSize: z.string().nullable(),
  quantization: z.string().nullable(),
  /** Bytes on disk = weights loaded into memory. */
  sizeBytes: z.number().nonnegative().nullable(),
  contextLength: z.number().int().positive().nullable(),
  /** f16 KV-cache bytes per token of context (from the architecture), for the fit estimate. */
  kvBytesPerToken: z.number().nonnegative().nullable(),
  capabilities: z.array(z.string()),
  license: z.string().nullable(),
  /** Local only: currently loaded in Ollama's memory. */
  loaded: z.boolean(),
  /** Library entries whose tag is already on disk are shown as local instead; this marks local ones. */
  installed: z.boolean(),
  openclaw: z.object({ ok: z.boolean(), reasons: z.array(z.string()) }),
  /** Network only. */
  minerId: z.string().nullable(),
  pricePer1kTokensAit: decimal.nullable(),
  region: z.string().nullable(),
  gpu: z.string().nullable(),
  rating: z.number().nullable(),
  zkProof: z.boolean(),
  measured: measuredSchema.nullable(),
  /** Name under which it is deployed now (provider list), null when not deployed. */
  deployedAs: z.string().nullable(),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

/** State of one source of the catalog; "absent" (no Ollama, network off) is a normal state. */
export const catalogSourceSchema = z.object({
  state: z.enum(['ok', 'absent', 'error']),
  message: z.string(),
  count: z.number().int().nonnegative(),
});

export const catalogListSchema = z.object({
  entries: z.array(catalogEntrySchema),
  /** For the fit label; null when not reported. */
  memory: z.object({ freeVramBytes: z.number().nullable(), totalVramBytes: z.number().nullable(), freeRamBytes: z.number().nullable() }),
  sources: z.object({ local: catalogSourceSchema, library: catalogSourceSchema, network: catalogSourceSchema }),
  /** When the curated library data was last refreshed by `npm run catalog:update`. */
  libraryUpdatedAt: z.string(),
  builtAt: z.number().int(),
});
export type CatalogList = z.infer<typeof catalogListSchema>;

export const deployStepSchema = z.enum(['pull', 'warm', 'register', 'done']);
export const deployStatusSchema = z.enum(['running', 'ready', 'failed', 'canceled']);

/** Live download progress of a local deploy (aggregated over layers). */
export const pullProgressSchema = z.object({
  status: z.string(),
  completedBytes: z.number().nonnegative(),
  totalBytes: z.number().nonnegative(),
  bytesPerSec: z.number().nonnegative().nullable(),
  etaSec: z.number().nonnegative().nullable(),
});
export type PullProgress = z.infer<typeof pullProgressSchema>;

/** A deployment: one model made available to agents, locally or on the network, and where it stands. */
export const deploymentSchema = z.object({
  id: z.string(),
  target: z.enum(['local', 'network']),
  model: z.string(),
  minerId: z.string().nullable(),
  /** `<model>` or `<model>@<minerId>`: the name in the provider's /api/tags and in agents' configs. */
  registeredName: z.string(),
  agents: z.array(z.string()),
  status: deployStatusSchema,
  step: deployStepSchema,
  progress: pullProgressSchema.nullable(),
  error: z.object({ step: deployStepSchema, code: z.string(), message: z.string() }).nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Deployment = z.infer<typeof deploymentSchema>;

/** The plan's deployment metrics from metering; null where there is nothing to compute yet. */
export const deploymentMetricsSchema = z.object({
  deploymentId: z.string(),
  requests: z.number().int().nonnegative(),
  errorRate: z.number().min(0).max(1).nullable(),
  avgLatencyMs: z.number().nonnegative().nullable(),
  p95LatencyMs: z.number().nonnegative().nullable(),
  localShare: z.number().min(0).max(1).nullable(),
  fallbacks: z.number().int().nonnegative(),
  aitSpent: decimal,
  costPer1kTokensAit: decimal.nullable(),
});
export type DeploymentMetrics = z.infer<typeof deploymentMetricsSchema>;

/** A deploy request, as the UI and the REST API make it. */
export const deployRequestSchema = z.discriminatedUnion('target', [
  z.object({ target: z.literal('local'), model: z.string().min(1).max(200), agents: z.array(z.string().min(1)).max(100).default([]), contextTokens: z.number().int().positive().max(1 << 21).optional() }),
  z.object({
    target: z.literal('network'),
    model: z.string().min(1).max(200),
    /** Pin a miner; null lets the engine choose per request. */
    minerId: z.string().min(1).max(200).nullable().default(null),
    agents: z.array(z.string().min(1)).max(100).default([]),
  }),
]);
export type DeployRequest = z.infer<typeof deployRequestSchema>;

const byId = z.object({ deploymentId: z.string().min(1) }).strict();

/** Calls of the model catalog and deploy feature. */
export const modelsCalls = {
  /** The merged catalog (local + library + network offers) with free memory for fit labels. */
  'models.list': { input: z.object({ refresh: z.boolean().optional() }).strict(), output: catalogListSchema },
  /** Starts a deploy; progress arrives with `models.deployments` events. */
  'models.deploy': { input: deployRequestSchema, output: deploymentSchema },
  /** Stops a running deploy; nothing stays registered. */
  'models.cancel': { input: byId, output: deploymentSchema },
  /** Runs a failed or canceled deploy again from the step that failed (a pull resumes where it stopped). */
  'models.retry': { input: byId, output: deploymentSchema },
  /** Removes a deployment from agents and the provider list (model files stay on disk). */
  'models.undeploy': { input: byId, output: z.object({ removed: z.boolean() }) },
  /** Current deployments, newest first. */
  'models.deployments': { input: z.object({}).strict(), output: z.object({ deployments: z.array(deploymentSchema) }) },
  /** Metering per deployment (requests, errors, latency, local share, fallbacks, spend). */
  'models.metrics': { input: z.object({}).strict(), output: z.object({ metrics: z.array(deploymentMetricsSchema), source: z.enum(['metering', 'none']) }) },
} as const;

/** Events of the catalog feature. */
export const modelsEvents = {
  /** Every deployment with its live progress; published at most ~10 times a second. */
  'models.progress': z.object({ deployments: z.array(deploymentSchema) }),
  /** The catalog changed (a model pulled or removed, offers refreshed): refetch `models.list`. */
  'models.changed': z.object({ at: z.number().int() }),
} as const;
