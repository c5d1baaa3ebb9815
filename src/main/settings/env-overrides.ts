import type { Settings, SettingKey } from '../../shared/contract/settings';
import { DEFAULT_EARN_LIMITS } from '../../shared/domain/earn-policy';

/** Environment variables that override settings.json (DESIGN.md §2). */
export const ENV_KEYS: Record<SettingKey, string | null> = {
  ollamaUrl: 'CLAWGRID_OLLAMA_URL',
  providerPort: 'CLAWGRID_PROVIDER_PORT',
  hostPort: 'CLAWGRID_HOST_PORT',
  network: 'CLAWGRID_NETWORK',
  vramThresholdGb: 'CLAWGRID_VRAM_THRESHOLD_GB',
  providerBind: 'CLAWGRID_PROVIDER_BIND',
  providerLanPort: 'CLAWGRID_PROVIDER_LAN_PORT',
  providerTls: 'CLAWGRID_PROVIDER_TLS',
  providerRateLimitPerMinute: 'CLAWGRID_PROVIDER_RATE_LIMIT',
  // The GenAI instrumentations' own switch (OpenTelemetry semantic conventions), so one env var works everywhere.
  traceContent: 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT',
  allowedOrigins: 'CLAWGRID_ORIGINS',
  quitOnClose: null,
  launchAtLogin: null,
  updateChannel: null,
  setup: null,
  keepGatewayRunning: 'CLAWGRID_KEEP_GATEWAY',
  earnEnabled: 'CLAWGRID_EARN',
  earnModels: 'CLAWGRID_EARN_MODELS',
  earnMinerId: 'CLAWGRID_MINER_ID',
  earnPricePer1k: 'CLAWGRID_EARN_PRICE_PER_1K',
  earnPayoutAddress: 'CLAWGRID_PAYOUT_ADDRESS',
  earnLimits: null,
  earnOwnAgentsFirst: null,
  earnHours: null,
  earnJobDeadlineS: null,
  earnMaxOutputTokens: null,
  reconcileIntervalMin: 'CLAWGRID_RECONCILE_INTERVAL_MIN',
};

const NUMERIC: ReadonlySet<SettingKey> = new Set(['providerPort', 'hostPort', 'vramThresholdGb', 'providerLanPort', 'providerRateLimitPerMinute', 'reconcileIntervalMin']);
const BOOLEAN: ReadonlySet<SettingKey> = new Set(['providerTls', 'traceContent', 'keepGatewayRunning', 'earnEnabled']);
/** Comma lists, as OLLAMA_ORIGINS is written. */
const LIST: ReadonlySet<SettingKey> = new Set(['allowedOrigins', 'earnModels']);


/** "1"/"true"/"on"/"yes" and "0"/"false"/"off"/"no"; anything else stays a string (and fails validation with its name). */
function envBoolean(raw: string): boolean | string {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(v)) return true;
  if (['0', 'false', 'off', 'no'].includes(v)) return false;
  return raw;
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
  providerBind: '127.0.0.1',
  providerLanPort: 11543,
  providerTls: true,
  providerRateLimitPerMinute: 120,
  traceContent: false,
  allowedOrigins: [],
  quitOnClose: false,
  launchAtLogin: false,
  updateChannel: 'stable',
  setup: null,
  keepGatewayRunning: false,
  earnEnabled: false,
  earnModels: [],
  earnMinerId: '',
  earnPricePer1k: '0.002',
  earnPayoutAddress: '',
  earnLimits: { ...DEFAULT_EARN_LIMITS },
  earnOwnAgentsFirst: true,
  earnHours: null,
  earnJobDeadlineS: 120,
  earnMaxOutputTokens: 1024,
  reconcileIntervalMin: 5,
};
