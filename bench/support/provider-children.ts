// Child processes for `npm run bench:provider`: each server runs in its own process so the load generator,
// the fake upstream and the gateway under test do not share one event loop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEventHub } from '../../src/main/events/event-hub';
import { createRoutingFeature } from '../../src/main/routing/routing-feature';
import { silentLogger } from '../../src/main/log/logger';
import { createOllamaFeature } from '../../src/main/ollama/ollama-feature';
import { createProofsFeature } from '../../src/main/proofs/proofs-feature';
import { createSettingsStore } from '../../src/main/settings/settings-store';
import { startCheckpointer } from '../../src/main/store/checkpointer';
import { openDatabase } from '../../src/main/store/database';
import { startFakeOllama } from '../../test-support/fake-ollama/fake-ollama';
import { startFloorProxy } from './floor-proxy';

async function main() {
  const role = process.argv[2];
  if (role === 'upstream') {
    const fake = await startFakeOllama({ loaded: ['llama3.2:3b'] });
    process.stdout.write(JSON.stringify({ url: fake.url }) + '\n');
    return;
  }
  if (role === 'floor') {
    process.stdout.write(JSON.stringify({ url: await startFloorProxy(process.argv[3]!) }) + '\n');
    process.on('SIGTERM', () => process.exit(0)); // a normal exit, so --cpu-prof can write its profile
    return;
  }
  if (role === 'clawgrid') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-'));
    const env = { CLAWGRID_OLLAMA_URL: process.argv[3] };
    const db = openDatabase(dataDir);
    // As the container does: WAL checkpoints on their own thread.
    startCheckpointer(db);
    const core = { host: 'headless' as const, dataDir, env, log: silentLogger, settings: createSettingsStore(dataDir, env), db, hub: createEventHub({ tickMs: 100 }) };
    // As in the app (container.ts): every completed request becomes a proof chain link, recorded off the request path.
    const proofs = createProofsFeature(core);
    // BENCH_PROVIDER_PROOFS=0 leaves it out, to measure what recording costs.
    const record = process.env.BENCH_PROVIDER_PROOFS !== '0';
    const ollama = createOllamaFeature(core);
    ollama.start();
    const feature = createRoutingFeature(core, { providerPort: 0, ollama: ollama.ollama, ...(record ? { onExecuted: (rec) => proofs.recordExecution(rec) } : {}) });
    await feature.start?.();
    // Local-only agents at the runaway guard's highest limit (100,000/min; the default agent's is 600): one for the
    // latency pairs and one per throughput round, so no agent's minute ever fills during a run (8,000 req/s × 5 s
    // is 40,000 requests a round).
    const keys = ['bench', ...Array.from({ length: 8 }, (_, i) => `bench-round-${i + 1}`)].map((name) => feature.engine.agents.create(name, { mode: 'local', maxRequestsPerMinute: 100_000 }).key);
    process.stdout.write(JSON.stringify({ url: feature.engine.provider.status().url, key: keys[0], roundKeys: keys.slice(1) }) + '\n');
    process.on('SIGTERM', () => {
      void Promise.resolve(feature.close?.()).then(async () => {
        ollama.close();
        await proofs.close?.();
        db.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
    });
    return;
  }
  throw new Error(`unknown role ${role}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
