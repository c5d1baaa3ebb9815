import type { VersionInfo } from '../../shared/contract/openclaw';
import type { Logger } from '../log/logger';
import type { Db } from '../store/database';
import { parseCliJson } from './cli-json';
import type { OpenClawCli } from './cli-runner';
import { updateStatusSchema } from './cli-schemas';
import { configGet, configSet } from './config-ops';

export interface Pin {
  version: string;
  reason: string;
  at: number;
}

/** Pins OpenClaw to a version (kept in ClawGrid's database) and keeps OpenClaw's auto-update off while pinned. */
export interface VersionManager {
  pin(): Pin | null;
  setPin(version: string, reason: string): Promise<void>;
  clearPin(): void;
  /** `update status --json` (checks the npm registry, ~5 s), cached for `maxAgeMs`. */
  info(current: string | null, opts?: { maxAgeMs?: number }): Promise<Omit<VersionInfo, 'lastRun'>>;
}

export function createVersionManager(db: Db, cli: () => OpenClawCli | null, log: Logger): VersionManager {
  let cached: { at: number; value: Omit<VersionInfo, 'lastRun' | 'pinned' | 'current' | 'available'> } | null = null;
  const readPin = (): Pin | null => {
    const row = db.prepare('SELECT version, reason, pinned_at_ms FROM openclaw_pin WHERE id = 1').get() as { version: string; reason: string; pinned_at_ms: number } | undefined;
    return row ? { version: row.version, reason: row.reason, at: row.pinned_at_ms } : null;
  };
  /** Auto-update must stay off while pinned; returns the current setting (null when unknown). */
  const enforceAutoOff = async (c: OpenClawCli): Promise<boolean | null> => {
    const cur = await configGet(c, 'update.auto.enabled');
    const on = cur.state === 'set' ? cur.value === true : cur.state === 'unset' ? false : null;
    if (on && readPin()) {
      const res = await configSet(c, 'update.auto.enabled', false);
      if (res.ok) return false;
      log.warn('openclaw.auto_update_not_disabled', { message: res.message });
    }
    return on;
  };
  return {
    pin: readPin,
    async setPin(version, reason) {
      db.prepare('INSERT INTO openclaw_pin (id, version, reason, pinned_at_ms) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET version = excluded.version, reason = excluded.reason, pinned_at_ms = excluded.pinned_at_ms').run(version, reason, Date.now());
      const c = cli();
      if (c) await enforceAutoOff(c);
      cached = null;
    },
    clearPin() {
      db.prepare('DELETE FROM openclaw_pin').run();
      cached = null;
    },
    async info(current, opts = {}) {
      const c = cli();
      const pinned = readPin();
      if (!c) return { current, channel: null, latest: null, available: [], pinned, autoUpdate: null, message: 'OpenClaw was not found.' };
      if (!cached || Date.now() - cached.at > (opts.maxAgeMs ?? 10 * 60_000)) {
        const [st, auto] = await Promise.all([parseCliJson(await c.run(['update', 'status', '--json'], { timeoutMs: 60_000 }), updateStatusSchema), enforceAutoOff(c)]);
        cached = {
          at: Date.now(),
          value: st.ok
            ? { channel: st.value.channel.value, latest: st.value.update.registry?.latestVersion ?? st.value.availability?.latestVersion ?? null, autoUpdate: auto, message: '' }
            : { channel: null, latest: null, autoUpdate: auto, message: st.message },
        };
      }
      const available = [...new Set([cached.value.latest, current, pinned?.version].filter((v): v is string => Boolean(v)))].sort(compareVersions).reverse();
      return { ...cached.value, current, pinned, available };
    },
  };
}

/** Compares OpenClaw's calendar versions (2026.9.6) numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number(x) || 0);
  const pb = b.split(/[.-]/).map((x) => Number(x) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
