// npm run bench:catalog — the Models page on thousands of entries, and the pull progress rate the UI sees.
// Targets: ≤ 50 ms per filter change with 5,000 entries (the renderer filters the cached list in memory);
// the UI receives ≤ ~10 progress updates a second however fast Ollama streams progress lines.
//
// How: (1) mergeCatalog builds 5,000 entries from 40 local models, the shipped library and synthetic network
// offers; evaluateCatalog (fit + sort keys, once per list/memory/context) and queryCatalog (every filter
// change) are timed over a scripted session of typing, toggles and sorts, 20 rounds. (2) A real deploy
// pulls from the pull fake streaming progress lines back to back (64 KiB per line); the deploy service's
// publish calls and the event hub's batches (what a window or socket receives) are counted per second.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_QUERY, evaluateCatalog, queryCatalog, type CatalogQuery } from '../src/shared/domain/catalog-query';
import type { NetworkOffer } from '../src/main/routing/network-backend';
import { createEventHub } from '../src/main/events/event-hub';
import { createDeployService } from '../src/main/models/deploy-service';
import { createDeploymentStore, createTableProviderRegistry } from '../src/main/models/deployment-store';
import { libraryCandidates, loadLibrary } from '../src/main/models/library-catalog';
import { mergeCatalog } from '../src/main/models/merge-catalog';
import { createOllamaApi } from '../src/main/ollama/ollama-api';
import { createOllamaService } from '../src/main/ollama/ollama-service';
import { ollamaModelSource, type LocalModel } from '../src/main/models/ollama-models-client';
import { silentLogger } from '../src/main/log/logger';
import { openDatabase } from '../src/main/store/database';
import { startFakeOllamaPull } from '../test-support/fake-ollama-pull/fake-ollama-pull';
import { writeResult } from './support/results';

const TARGETS = { filter_ms_p95: 50, ui_updates_per_sec: 10 };
const N = 5000;
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)]!;

function catalogBench() {
  const lib = loadLibrary(libraryCandidates(process.env));
  if (!lib.ok) throw new Error(lib.message);
  const tags = lib.file.models.flatMap((m) => m.tags.map((t) => ({ m, t })));
  const local: LocalModel[] = tags.slice(0, 40).map(({ m, t }) => ({ name: `${m.name}:${t.tag}`, sizeBytes: t.sizeBytes, digest: 'd', family: m.name, parameterSize: t.parameterSize, quantization: t.quantization, contextLength: m.contextLength, capabilities: m.capabilities, kv: t.kv, license: m.license }));
  const libCount = tags.length - 40;
  const regions = ['eu-west', 'eu-central', 'us-east', 'us-west', 'ap-south', 'ap-east'];
  const gpus = ['RTX 4090', 'A100 80GB', 'H100', 'L40S', 'RTX 3090'];
  const offers: NetworkOffer[] = Array.from({ length: N - local.length - libCount }, (_, i) => {
    const { m, t } = tags[i % tags.length]!;
    return { minerId: `miner-${i}`, model: `${m.name}:${t.tag}`, pricePer1kTokensAit: `0.${String(1 + (i * 7919) % 9999).padStart(4, '0')}`, region: regions[i % regions.length]!, gpu: gpus[i % gpus.length]!, zkProof: i % 3 === 0, providerAddress: null };
  });
  const t0 = performance.now();
  const entries = mergeCatalog({ local, loaded: new Set(), library: lib.file, offers, measuredByMiner: new Map(offers.slice(0, 500).map((o, i) => [o.minerId, { requests: 10, ttftMsP50: 300 + i, tokensPerSec: 20 + (i % 50), successRate: 0.95 }])), measuredByModel: new Map(), deployed: new Map() });
  const buildMs = performance.now() - t0;
  const mem = { freeVramBytes: 22.5 * 1024 ** 3, freeRamBytes: 32 * 1024 ** 3 };
  const evalTimes: number[] = [];
  const filterTimes: number[] = [];
  const session: Partial<CatalogQuery>[] = [
    { text: 'l' }, { text: 'll' }, { text: 'lla' }, { text: 'llama' }, { text: 'llama3.1' }, { text: 'llama3.1 70' },
    { text: '' }, { where: ['network'] }, { where: ['network'], sort: 'price' }, { where: ['network'], maxPricePer1kAit: '0.05' },
    { fit: ['fits'] }, { fit: ['fits', 'offload'] }, { quantization: 'Q8_0' }, { capability: 'tools', openclawOnly: true },
    { region: 'eu-west', sort: 'speed' }, { sort: 'size', descending: true }, { text: 'qwen3 eu-west', sort: 'price' },
  ];
  let shown = 0;
  for (let round_ = 0; round_ < 20; round_++) {
    const e0 = performance.now();
    const rows = evaluateCatalog(entries, mem, [8192, 32768, 131072][round_ % 3]!);
    evalTimes.push(performance.now() - e0);
    let q: CatalogQuery = DEFAULT_QUERY;
    for (const step of session) {
      q = { ...q, ...step };
      const f0 = performance.now();
      shown += queryCatalog(rows, q).length;
      filterTimes.push(performance.now() - f0);
    }
  }
  return { entries: entries.length, build_ms: round(buildMs), evaluate_ms_p50: round(pct(evalTimes, 0.5)), evaluate_ms_max: round(Math.max(...evalTimes)), filter_changes: filterTimes.length, filter_ms_p50: round(pct(filterTimes, 0.5)), filter_ms_p95: round(pct(filterTimes, 0.95)), filter_ms_max: round(Math.max(...filterTimes)), rows_returned: shown };
}

async function progressBench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-catalog-'));
  const db = openDatabase(dir);
  const size = 4_000_000_000;
  const ollama = await startFakeOllamaPull({ library: [{ name: 'bench:70b', family: 'llama', parameterSize: '70B', quantization: 'Q4_K_M', sizeBytes: size, contextLength: 131072, capabilities: ['completion', 'tools'] }], chunkBytes: 64 * 1024 * 2, lineDelayMs: 0 });
  const hub = createEventHub({ tickMs: 100 });
  const hubBatches: number[] = [];
  hub.subscribe((b) => {
    if (b['models.progress']) hubBatches.push(performance.now());
  });
  const publishes: number[] = [];
  const svc = createDeployService({
    store: createDeploymentStore(db),
    local: ollamaModelSource(createOllamaService({ api: createOllamaApi(ollama.url), log: silentLogger })),
    offers: { offers: async () => [] },
    registry: createTableProviderRegistry(db),
    agents: null,
    log: silentLogger,
    publish: (deployments) => {
      publishes.push(performance.now());
      hub.publish('models.progress', { deployments });
    },
    onCatalogChanged: () => undefined,
  });
  const t0 = performance.now();
  const d = svc.deploy({ target: 'local', model: 'bench:70b', agents: [] });
  const done = await svc.settled(d.id);
  const seconds = (performance.now() - t0) / 1000;
  hub.flush();
  const lines = Math.ceil(size / (64 * 1024 * 2)) + 8;
  const maxPerSec = (ts: number[]) => {
    let max = 0;
    for (let i = 0, j = 0; i < ts.length; i++) {
      while (ts[i]! - ts[j]! >= 1000) j++;
      max = Math.max(max, i - j + 1);
    }
    return max;
  };
  await svc.close();
  await ollama.close();
  hub.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: done.status, pull_seconds: round(seconds), ollama_lines: lines, ollama_lines_per_sec: round(lines / seconds, 0), publishes: publishes.length, publishes_max_per_sec: maxPerSec(publishes), ui_batches: hubBatches.length, ui_batches_max_per_sec: maxPerSec(hubBatches) };
}

async function main() {
  const catalog = catalogBench();
  const progress = await progressBench();
  console.table([
    { metric: `catalog build (${catalog.entries} entries)`, value: `${catalog.build_ms} ms`, target: '' },
    { metric: 'evaluate (fit + keys) p50 / max', value: `${catalog.evaluate_ms_p50} / ${catalog.evaluate_ms_max} ms`, target: '' },
    { metric: `filter change p50 / p95 / max (${catalog.filter_changes})`, value: `${catalog.filter_ms_p50} / ${catalog.filter_ms_p95} / ${catalog.filter_ms_max} ms`, target: `p95 ≤ ${TARGETS.filter_ms_p95} ms` },
    { metric: 'Ollama progress lines/s', value: progress.ollama_lines_per_sec, target: '' },
    { metric: 'deploy publishes, max in any 1 s', value: progress.publishes_max_per_sec, target: `≤ ~${TARGETS.ui_updates_per_sec}` },
    { metric: 'UI batches with progress, max in any 1 s', value: progress.ui_batches_max_per_sec, target: `≤ ~${TARGETS.ui_updates_per_sec}` },
  ]);
  writeResult('catalog', { targets: TARGETS, catalog, progress, pass: catalog.filter_ms_p95 <= TARGETS.filter_ms_p95 && progress.ui_batches_max_per_sec <= TARGETS.ui_updates_per_sec + 1 });
}

void main();
