import type { Settings, SettingKey } from '../../shared/contract/settings';

/** Environment variables that override settings.json (DESIGN.md §2). */
export const ENV_KEYS: Record<SettingKey, string | null> = {
  ollamaUrl: 'CLAWGRID_OLLAMA_URL',
  providerPort: 'CLAWGRID_PROVIDER_PORT',
  hostPort: 'CLAWGRID_HOST_PORT',
  network: 'CLAWGRID_NETWORK',
  vramThresholdGb: 'CLAWGRID_VRAM_THRESHOLD_GB',
  allowedOrigins: 'CLAWGRID_ORIGINS',
  quitOnClose: null,
  launchAtLogin: null,
  updateChannel: null,
  setup: null,
  keepGatewayRunning: 'CLAWGRID_KEEP_GATEWAY',
};

const NUMERIC: ReadonlySet<SettingKey> = new Set(['providerPort', 'hostPort', 'vramThresholdGb']);
/** Comma lists, as OLLAMA_ORIGINS is written. */
const LIST: ReadonlySet<SettingKey> = new Set(['allowedOrigins']);
const BOOLEAN: ReadonlySet<SettingKey> = new Set(['keepGatewayRunning']);

/** "1", "true", "on", "yes" → true; "0", "false", "off", "no" → false; anything else stays a string (and fails validation). */
function envBoolean(raw: string): boolean | string {
  const v = raw.trim().toLowerCase();
  return ['1', 'true', 'on', 'yes'].includes(v) ? true : ['0', 'false', 'off', 'no'].includes(v) ? false : raw;
}

/** Raw (unvalidated) values taken from the environment, keyed by setting. */
export function readEnvOverrides(env: Record<string, string | undefined>): Partial<Record<SettingKey, unknown>> {
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const [key, name] of Object.entries(ENV_KEYS) as [SettingKey, string | null][]) {
    if (!name) continue;
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    out[key] = NUMERIC.has(key)
      ? Number(raw)
      : LIST.has(key)
        ? raw
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean)
        : BOOLEAN.has(key)
          ? envBoolean(raw)
          : raw.trim();
  }
  return out;
}

export const DEFAULT_SETTINGS: Settings = {
  ollamaUrl: 'http://127.0.0.1:11434',
  providerPort: 11500,
  hostPort: 7300,
  network: 'devnet',
  vramThresholdGb: 8,
  allowedOrigins: [],
  quitOnClose: false,
  launchAtLogin: false,
  updateChannel: 'stable',
  setup: null,
  keepGatewayRunning: false,
};
