import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ollama } from 'ollama';
import { createEventHub } from '../../events/event-hub';
import type { CoreServices } from '../../feature';
import { silentLogger } from '../../log/logger';
import { createSettingsStore } from '../../settings/settings-store';
import { openDatabase } from '../../store/database';
import { createOllamaApi } from '../../ollama/ollama-api';
import { createOllamaService } from '../../ollama/ollama-service';
import { createRoutingFeature, type RoutingFeatureDeps } from '../routing-feature';

/**
 * The engine feature on a temp data dir, its provider on a free loopback port, and clients for it. `deps` may
 * be built from the harness's core services (for plug-ins that need settings or the data dir); `env` adds variables.
 */
export async function startEngineHarness(ollamaUrl: string, deps: Partial<RoutingFeatureDeps> | ((core: CoreServices) => Partial<RoutingFeatureDeps>) = {}, extraEnv: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-engine-'));
  const env = { CLAWGRID_OLLAMA_URL: ollamaUrl, ...extraEnv };
  const db = openDatabase(dataDir);
  const hub = createEventHub({ tickMs: 20 });
  const core: CoreServices = { host: 'headless', dataDir, env, log: silentLogger, settings: createSettingsStore(dataDir, env), db, hub };
  // The Ollama feature's service, polling fast so tests see Ollama's state changes quickly.
  const ollama = createOllamaService({ api: createOllamaApi(ollamaUrl), log: silentLogger, intervalMs: 200 });
  ollama.start();
  const feature = createRoutingFeature(core, { providerPort: 0, ollama, ...(typeof deps === 'function' ? deps(core) : deps) });
  await feature.start?.();
  const url = feature.engine.provider.status().url;
  return {
    core,
    feature,
    /** The Ollama service the engine reads: `await ollama.refresh()` makes it see the fake's state now. */
    ollama,
    url,
    client: (key?: string) => new Ollama({ host: url, ...(key ? { headers: { Authorization: `Bearer ${key}` } } : {}) }),
    /** Metering rows in SQLite, after a flush. */
    rows() {
      feature.engine.meter.flush();
      return db.prepare('SELECT * FROM routing_requests ORDER BY at_ms').all() as Record<string, unknown>[];
    },
    async close() {
      await feature.close?.();
      ollama.stop();
      hub.close();
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type EngineHarness = Awaited<ReturnType<typeof startEngineHarness>>;
