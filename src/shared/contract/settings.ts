import { z } from 'zod';

/** Which AITBC network ClawGrid talks to: the embedded devnet, a coordinator URL, or none. */
export const networkSettingSchema = z.union([
  z.literal('devnet'),
  z.literal('off'),
  z.url({ protocol: /^https?$/, message: 'network must be "devnet", "off" or an http(s) coordinator URL' }),
]);

const port = z.number().int().min(1).max(65535);

/** The first-run setup steps, in the order the flow shows them. */
export const setupStepIds = ['ollama', 'gpu', 'openclaw', 'agents', 'wallet', 'network', 'summary'] as const;
export type SetupStepId = (typeof setupStepIds)[number];

/** How the first-run setup ended; null (the default) means it has not, so the window opens it. */
export const setupStateSchema = z
  .object({
    outcome: z.enum(['finished', 'skipped']),
    at: z.number().int().nonnegative(),
    /** Steps the person skipped on the way (Settings offers them again). */
    skippedSteps: z.array(z.enum(setupStepIds)),
  })
  .nullable();
export type SetupState = z.infer<typeof setupStateSchema>;

/** Persisted user settings (settings.json in the data dir); env vars override them. */
export const settingsSchema = z.object({
  ollamaUrl: z.url({ protocol: /^https?$/ }),
  providerPort: port,
  hostPort: port,
  network: networkSettingSchema,
  /** Models larger than this (GB of VRAM needed) are offloaded by default. */
  vramThresholdGb: z.number().positive().max(4096),
  /** Where the provider also listens for a team: 127.0.0.1 (default) = this machine only; a LAN address or 0.0.0.0 = serve a team (TLS, keys required). */
  providerBind: z.union([z.ipv4(), z.ipv6()]),
  /** The team (LAN) listener's port. */
  providerLanPort: port,
  /** Serve the team listener over TLS; a LAN bind without it is refused at start. */
  providerTls: z.boolean(),
  /** Requests per minute per agent key for peers off this machine (token bucket, burst = one minute's worth). */
  providerRateLimitPerMinute: z.number().int().min(1).max(100_000),
  /** Put prompts and outputs into exported traces (OpenTelemetry); off by default. */
  traceContent: z.boolean(),
  /**
   * Web origins (besides loopback pages) allowed to call the Ollama-compatible provider from a browser, like
   * Ollama's OLLAMA_ORIGINS: exact origins or one `*` wildcard each (`https://*.example.com`). Empty = none.
   */
  allowedOrigins: z.array(z.string().min(1).max(500)).max(100),
  /** Desktop app: closing the window quits (the provider on :11500 stops too) instead of staying in the tray. */
  quitOnClose: z.boolean(),
  /** Desktop app: start at login, in the tray (opt-in). */
  launchAtLogin: z.boolean(),
  /** Desktop app: which releases it updates to (beta: pre-releases too). */
  updateChannel: z.enum(['stable', 'beta']),
  setup: setupStateSchema,
  /** ClawGrid starts OpenClaw's gateway as its child and keeps it running (opt-in). */
  keepGatewayRunning: z.boolean(),
  /** Earn mode: serve network jobs on this machine's Ollama as an AITBC miner (opt-in). */
  earnEnabled: z.boolean(),
  /** Local models earn mode may serve (exact Ollama tags); none = serves nothing. */
  earnModels: z.array(z.string().min(1).max(200)).max(100),
  /** The miner id it registers under; empty = derived from this data dir. */
  earnMinerId: z.string().max(128).regex(/^[A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only'),
  /** AIT per 1k tokens it asks (offer price), a decimal string. */
  earnPricePer1k: z.string().regex(/^\d{1,9}(\.\d{1,8})?$/, 'a decimal AIT amount, e.g. 0.002'),
  /** Where earnings are paid; empty = the wallet's address. */
  earnPayoutAddress: z.union([z.literal(''), z.string().regex(/^0x[a-fA-F0-9]{40}$/, 'a 0x address')]),
  /** No new job above these (percent of CPU, RAM, GPU memory). */
  earnLimits: z.object({ cpuPct: z.number().min(1).max(100), ramPct: z.number().min(1).max(100), gpuMemPct: z.number().min(1).max(100) }),
  /** No new network job while one of the person's own requests is in flight. */
  earnOwnAgentsFirst: z.boolean(),
  /** Allowed hours in local time, [start, end) wrapping midnight; null = any time. */
  earnHours: z.object({ startHour: z.number().int().min(0).max(23), endHour: z.number().int().min(0).max(23) }).nullable(),
  /** Per-job deadline (seconds) and output bound (tokens, Ollama's num_predict). */
  earnJobDeadlineS: z.number().int().min(5).max(3600),
  earnMaxOutputTokens: z.number().int().min(1).max(131_072),
  /** Minutes between reconciliations (ledger ↔ coordinator ↔ chain) while a network is connected; also at start and on the button. */
  reconcileIntervalMin: z.number().int().min(1).max(1440),
});
export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

export const settingsViewSchema = z.object({
  settings: settingsSchema,
  /** Keys whose value currently comes from an environment variable (read-only in the UI). */
  overriddenByEnv: z.array(z.string()),
  dataDir: z.string(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

/** Calls to read and change settings. */
export const settingsCalls = {
  /** Current settings and which ones the environment overrides. */
  'settings.get': {
    input: z.object({}).strict(),
    output: settingsViewSchema,
  },
  /** Change settings; fields overridden by env are refused with INVALID_INPUT, nothing is written. */
  'settings.update': {
    input: settingsSchema.partial().strict(),
    output: settingsViewSchema,
  },
} as const;
