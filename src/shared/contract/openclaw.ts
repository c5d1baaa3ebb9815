import { z } from 'zod';

/** A missing or outdated piece, with the exact command that fixes it (shown verbatim, copyable). */
export const openclawFixSchema = z.object({
  problem: z.string(),
  command: z.string(),
});
export type OpenClawFix = z.infer<typeof openclawFixSchema>;

/** What the gateway's unauthenticated HTTP probes said (/healthz, /readyz, /startupz). */
export const gatewayProbeSchema = z.object({
  url: z.string(),
  live: z.boolean(),
  ready: z.boolean(),
  failing: z.array(z.string()),
  version: z.string().nullable(),
  uptimeMs: z.number().nonnegative().nullable(),
  /** Human-readable reason when not live (connection refused, timeout…). */
  message: z.string(),
});
export type GatewayProbe = z.infer<typeof gatewayProbeSchema>;

/** Everything ClawGrid found out about the local OpenClaw install. */
export const openclawDetectionSchema = z.object({
  /** ok: usable; missing: no binary; node-too-old: binary found but its Node is < 24.16; error: found but does not run. */
  state: z.enum(['ok', 'missing', 'node-too-old', 'error']),
  binPath: z.string().nullable(),
  version: z.string().nullable(),
  build: z.string().nullable(),
  nodePath: z.string().nullable(),
  nodeVersion: z.string().nullable(),
  configPath: z.string(),
  stateDir: z.string(),
  gatewayPort: z.number().int(),
  gateway: gatewayProbeSchema,
  fixes: z.array(openclawFixSchema),
  checkedAt: z.number().int(),
});
export type OpenClawDetection = z.infer<typeof openclawDetectionSchema>;

/** One OpenClaw agent joined with ClawGrid's own metering (OpenClaw reports $0 for Ollama-API providers). */
export const agentRowSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  model: z.string().nullable(),
  /** True when the agent's model ref points at the clawgrid provider. */
  onClawGrid: z.boolean(),
  sessions: z.number().int().nonnegative(),
  lastActivityAt: z.number().int().nullable(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  /** Real cost metered by ClawGrid, AIT decimal string; null when ClawGrid has no record for this agent. */
  costAit: z.string().nullable(),
  /** Where its requests ran, per backend (local/network/…), from ClawGrid's metering. */
  backends: z.array(z.object({ backend: z.string(), requests: z.number().int().nonnegative() })),
  failuresInARow: z.number().int().nonnegative(),
});
export type AgentRow = z.infer<typeof agentRowSchema>;

export const openclawAlertSchema = z.object({
  id: z.string(),
  severity: z.enum(['warning', 'error']),
  message: z.string(),
  since: z.number().int(),
});
export type OpenClawAlert = z.infer<typeof openclawAlertSchema>;

/** ClawGrid keeping the gateway running as its own child (opt-in): phase, restarts, the last error. */
export const gatewaySupervisionSchema = z.object({
  enabled: z.boolean(),
  phase: z.enum(['stopped', 'starting', 'running', 'backoff', 'stopping']),
  pid: z.number().int().nullable(),
  startedAt: z.number().int().nullable(),
  healthySince: z.number().int().nullable(),
  restarts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().int().nullable(),
  nextRestartAt: z.number().int().nullable(),
});
export type GatewaySupervision = z.infer<typeof gatewaySupervisionSchema>;

/** CPU and memory of the supervised gateway's process tree, against the limits that pause network spend. */
export const gatewayResourcesSchema = z.object({
  pids: z.array(z.number().int()),
  /** Percent of the whole machine (all cores). */
  cpuPercent: z.number().nonnegative(),
  rssBytes: z.number().nonnegative(),
  memPercent: z.number().nonnegative(),
  limits: z.object({ cpuPercent: z.number(), memPercent: z.number() }),
  overLimit: z.boolean(),
  /** ClawGrid agents whose network spend is paused because the tree ran over its limits. */
  pausedAgents: z.array(z.string()),
  reason: z.string().nullable(),
  sampledAt: z.number().int(),
});
export type GatewayResources = z.infer<typeof gatewayResourcesSchema>;

/** The Agents page: gateway health, agents, alerts; `stale` when the last poll failed and data is cached. */
export const agentsOverviewSchema = z.object({
  detection: openclawDetectionSchema.nullable(),
  agents: z.array(agentRowSchema),
  alerts: z.array(openclawAlertSchema),
  /** Why agent data is unavailable (gateway down, CLI failed), shown instead of an empty table. */
  agentsMessage: z.string(),
  fetchedAt: z.number().int().nullable(),
  polling: z.boolean(),
  /** ClawGrid's supervision of the gateway (restarts, last error). */
  supervision: gatewaySupervisionSchema.nullable().default(null),
  /** The supervised gateway's process tree (all agents run inside it) against the limits. */
  resources: gatewayResourcesSchema.nullable().default(null),
});
export type AgentsOverview = z.infer<typeof agentsOverviewSchema>;

/** The clawgrid provider as ClawGrid last wrote it, and what Undo would restore. */
export const wiringStatusSchema = z.object({
  wired: z.boolean(),
  baseUrl: z.string(),
  agentIds: z.array(z.string()),
  models: z.array(z.string()),
  primary: z.string().nullable(),
  fallbacks: z.array(z.string()),
  canUndo: z.boolean(),
  lastSyncAt: z.number().int().nullable(),
  message: z.string(),
});
export type WiringStatus = z.infer<typeof wiringStatusSchema>;

/** One step of an upgrade run; `output` is the raw CLI output, one click away in the UI. */
export const upgradeStepSchema = z.object({
  id: z.string(),
  label: z.string(),
  phase: z.enum(['preflight', 'apply', 'verify', 'rollback', 'restore']),
  state: z.enum(['pending', 'running', 'ok', 'failed', 'skipped']),
  detail: z.string(),
  command: z.string().nullable(),
  output: z.string(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
});
export type UpgradeStep = z.infer<typeof upgradeStepSchema>;

export const upgradeRunSchema = z.object({
  id: z.string(),
  fromVersion: z.string().nullable(),
  targetVersion: z.string(),
  dryRun: z.boolean(),
  state: z.enum(['running', 'succeeded', 'rolled-back', 'failed']),
  steps: z.array(upgradeStepSchema),
  /** The last word: the gateway is running on version X, or exactly why it is not. */
  outcome: z.string(),
  gatewayRunning: z.boolean().nullable(),
  startedAt: z.number().int(),
  endedAt: z.number().int().nullable(),
  /** The verified `openclaw backup create` archive taken before the upgrade (what a rollback restores). */
  backupPath: z.string().nullable().default(null),
  /** What going back would take, said before the upgrade starts (state migrations are one-way). */
  rollbackPlan: z.string().default(''),
  /** Set on a rollback run: the upgrade run it undoes. */
  rollbackOf: z.string().nullable().default(null),
});
export type UpgradeRun = z.infer<typeof upgradeRunSchema>;

export const versionInfoSchema = z.object({
  current: z.string().nullable(),
  channel: z.string().nullable(),
  latest: z.string().nullable(),
  /** Versions offered for the wizard (latest, current, pinned), newest first. */
  available: z.array(z.string()),
  pinned: z.object({ version: z.string(), reason: z.string(), at: z.number().int() }).nullable(),
  autoUpdate: z.boolean().nullable(),
  message: z.string(),
  lastRun: upgradeRunSchema.nullable(),
});
export type VersionInfo = z.infer<typeof versionInfoSchema>;

const empty = z.object({}).strict();
const version = z.string().regex(/^\d{4}\.\d{1,2}\.\d{1,3}(?:-[0-9A-Za-z.-]+)?$/, 'a version like 2026.9.6');

/** Calls of the OpenClaw integration (Agents and Upgrades pages). */
export const openclawCalls = {
  /** Re-detect OpenClaw now (binary, Node, gateway). */
  'openclaw.detect': { input: empty, output: openclawDetectionSchema },
  /** Cached agents overview; never waits on the CLI (polling refreshes it in the background). */
  'openclaw.agents': { input: empty, output: agentsOverviewSchema },
  /** Ask for a refresh now; returns at once, the result arrives as an `openclaw.agents` event. */
  'openclaw.refresh': { input: empty, output: z.object({ started: z.boolean() }) },
  'openclaw.wiring': { input: empty, output: wiringStatusSchema },
  /** "Use ClawGrid for these agents": provider + models (+ primary/fallbacks if given) via OpenClaw's CLI. */
  'openclaw.wire': {
    input: z
      .object({
        agentIds: z.array(z.string().min(1)).min(1),
        primary: z.string().min(1).nullable().default(null),
        fallbacks: z.array(z.string().min(1)).default([]),
      })
      .strict(),
    output: wiringStatusSchema,
  },
  /** Undo: restore every value ClawGrid changed to what it was before. */
  'openclaw.unwire': { input: empty, output: wiringStatusSchema },
  /** Re-sync the provider's model list with ClawGrid's catalog. */
  'openclaw.syncModels': { input: empty, output: wiringStatusSchema },
  'openclaw.versions': { input: empty, output: versionInfoSchema },
  /** Pin a version (and keep OpenClaw's auto-update off while pinned). */
  'openclaw.pin': { input: z.object({ version, reason: z.string().trim().min(1).max(500) }).strict(), output: versionInfoSchema },
  'openclaw.unpin': { input: empty, output: versionInfoSchema },
  /** Start the upgrade wizard; steps stream as `openclaw.upgrade` events. */
  'openclaw.upgradeStart': { input: z.object({ targetVersion: version, dryRun: z.boolean() }).strict(), output: upgradeRunSchema },
  'openclaw.upgradeRun': { input: empty, output: upgradeRunSchema.nullable() },
  /** Go back to the version before an upgrade: stop the gateway, reinstall it, restore the backup taken then, start. */
  'openclaw.upgradeRollback': { input: z.object({ runId: z.string().min(1) }).strict(), output: upgradeRunSchema },
  /** Keep the gateway running as ClawGrid's child (the `keepGatewayRunning` setting), or stop doing so. */
  'openclaw.keepGateway': { input: z.object({ enabled: z.boolean() }).strict(), output: gatewaySupervisionSchema },
} as const;

/** Events of the OpenClaw integration. */
export const openclawEvents = {
  /** The whole overview after each poll (latest wins). */
  'openclaw.agents': agentsOverviewSchema,
  /** The whole upgrade run after every step change: steps are cumulative, so the latest payload suffices. */
  'openclaw.upgrade': upgradeRunSchema,
} as const;
