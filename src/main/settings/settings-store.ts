import fs from 'node:fs';
import path from 'node:path';
import { settingsSchema, type Settings, type SettingKey, type SettingsView } from '../../shared/contract/settings';
import { ContractError, issuesFromZod } from '../../shared/contract/errors';
import { DEFAULT_SETTINGS, ENV_KEYS, readEnvOverrides } from './env-overrides';

/** Settings = defaults ← settings.json ← environment. Only the file part is ever written. */
export interface SettingsStore {
  /** The effective settings (env applied). */
  get(): Settings;
  view(): SettingsView;
  /** Validates, refuses env-overridden keys, writes atomically; on any error nothing changes. */
  update(patch: Partial<Settings>): SettingsView;
}

export const SETTINGS_FILE = 'settings.json';

export function createSettingsStore(dataDir: string, env: Record<string, string | undefined>): SettingsStore {
  const file = path.join(dataDir, SETTINGS_FILE);
  const fromFile = readFileSettings(file);
  const envRaw = readEnvOverrides(env);
  const overridden = Object.keys(envRaw) as SettingKey[];

  const envParsed = settingsSchema.partial().safeParse(envRaw);
  if (!envParsed.success) {
    const detail = envParsed.error.issues
      .map((i) => `${ENV_KEYS[i.path[0] as SettingKey] ?? String(i.path[0])}: ${i.message}`)
      .join('; ');
    throw new ContractError('INVALID_INPUT', `Invalid environment setting — ${detail}`);
  }
  let stored: Settings = { ...DEFAULT_SETTINGS, ...fromFile };
  const effective = (): Settings => ({ ...stored, ...envParsed.data });

  const view = (): SettingsView => ({ settings: effective(), overriddenByEnv: overridden, dataDir });

  return {
    get: effective,
    view,
    update(patch) {
      const locked = Object.keys(patch).filter((k) => overridden.includes(k as SettingKey));
      if (locked.length) {
        throw new ContractError(
          'INVALID_INPUT',
          `Set by environment, cannot be changed here: ${locked.map((k) => ENV_KEYS[k as SettingKey]).join(', ')}`,
        );
      }
      const next = settingsSchema.safeParse({ ...stored, ...patch });
      if (!next.success) throw new ContractError('INVALID_INPUT', 'Invalid settings', issuesFromZod(next.error));
      writeAtomic(file, JSON.stringify(next.data, null, 2) + '\n');
      stored = next.data;
      return view();
    },
  };
}

/** A missing file means defaults; a corrupt one is kept aside (never silently overwritten) and defaults used. */
function readFileSettings(file: string): Partial<Settings> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    fs.renameSync(file, `${file}.corrupt-${Date.now()}`);
    return {};
  }
  const parsed = settingsSchema.partial().safeParse(json);
  if (parsed.success) return parsed.data;
  // Keep the valid keys, drop the invalid ones: one bad value must not reset everything.
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  const good = Object.fromEntries(Object.entries(json as object).filter(([k]) => !bad.has(k)));
  return settingsSchema.partial().strip().parse(good);
}

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
