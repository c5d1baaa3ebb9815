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
  /** ClawGrid starts OpenClaw's gateway as its child and keeps it running (opt-in). */
  keepGatewayRunning: z.boolean(),
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
