import { z } from 'zod';

/** Which AITBC network ClawGrid talks to: the embedded devnet, a coordinator URL, or none. */
export const networkSettingSchema = z.union([
  z.literal('devnet'),
  z.literal('off'),
  z.url({ protocol: /^https?$/, message: 'network must be "devnet", "off" or an http(s) coordinator URL' }),
]);

const port = z.number().int().min(1).max(65535);

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
