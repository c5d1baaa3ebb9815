import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ollama } from 'ollama';
import { createEventHub } from '../../events/event-hub';
import type { CoreServices } from '../../feature';
import { silentLogger } from '../../log/logger';
import { createSettingsStore } from '../../settings/settings-store';
import { openDatabase } from '../../store/database';
import { createEngineFeature, type EngineFeatureDeps } from '../routing-feature';

/** The engine feature on a temp data dir, its provider on a free loopback port, and clients for it. */
export async function startEngineHarness(ollamaUrl: string, deps: EngineFeatureDeps = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-engine-'));
  const env = { CLAWGRID_OLLAMA_URL: ollamaUrl };
  const db = openDatabase(dataDir);
  const hub = createEventHub({ tickMs: 20 });
  const core: CoreServices = { host: 'headless', dataDir, env, log: silentLogger, settings: createSettingsStore(dataDir, env), db, hub };
  const feature = createEngineFeature(core, { providerPort: 0, localRefreshMs: 200, ...deps });
  await feature.start?.();
  const url = feature.engine.provider.status().url;
  return {
    core,
    feature,
    url,
    client: (key?: string) => new Ollama({ host: url, ...(key ? { headers: { Authorization: `Bearer ${key}` } } : {}) }),
    /** Metering rows in SQLite, after a flush. */
    rows() {
      feature.engine.meter.flush();
      return db.prepare('SELECT * FROM routing_requests ORDER BY at_ms').all() as Record<string, unknown>[];
    },
    async close() {
      await feature.close?.();
      hub.close();
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type EngineHarness = Awaited<ReturnType<typeof startEngineHarness>>;
