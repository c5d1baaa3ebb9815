import type { CatalogList, Deployment, Measured } from '../../shared/contract/models';
import type { MonitorService } from '../monitor/port';
import type { Logger } from '../log/logger';
import type { MeteredRequest, MeteringReader, OfferSource } from './catalog-ports';
import type { LibraryFile } from './library-catalog';
import { mergeCatalog } from './merge-catalog';
import { OllamaFailure } from '../ollama/port';
import type { LocalModel, LocalModelSource } from './ollama-models-client';

const MIB = 1024 * 1024;
/** A list younger than this is served from cache unless a refresh is asked for. */
const CACHE_MS = 5000;
const METERING_WINDOW_MS = 24 * 3600_000;

/** Builds the merged catalog from Ollama, the curated library, network offers and metering. */
export interface CatalogService {
  list(opts?: { refresh?: boolean }): Promise<CatalogList>;
  invalidate(): void;
}

export interface CatalogServiceDeps {
  local: LocalModelSource;
  library: { file: LibraryFile | null; message: string };
  offers: OfferSource;
  metering: MeteringReader | null;
  monitor: Pick<MonitorService, 'snapshot'> | null;
  deployments: () => Deployment[];
  log: Logger;
  now?: () => number;
}

/** p50 TTFT, tokens/s and success rate per key from metered requests. */
export function measure(requests: readonly MeteredRequest[], key: (r: MeteredRequest) => string | null): Map<string, Measured> {
  const groups = new Map<string, MeteredRequest[]>();
  for (const r of requests) {
    const k = key(r);
    if (k) groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const out = new Map<string, Measured>();
  for (const [k, rs] of groups) {
    const ttfts = rs.map((r) => r.ttftMs).filter((t): t is number => t !== null).sort((a, b) => a - b);
    const ok = rs.filter((r) => r.ok);
    const tps = ok.filter((r) => r.latencyMs > 0 && r.evalTokens > 0).map((r) => (r.evalTokens * 1000) / r.latencyMs);
    out.set(k, {
      requests: rs.length,
      ttftMsP50: ttfts.length ? ttfts[Math.floor((ttfts.length - 1) / 2)]! : null,
      tokensPerSec: tps.length ? tps.reduce((a, b) => a + b, 0) / tps.length : null,
      successRate: rs.length ? ok.length / rs.length : null,
    });
  }
  return out;
}

export function createCatalogService(deps: CatalogServiceDeps): CatalogService {
  const now = deps.now ?? Date.now;
  /** /api/show answers per digest: a model's facts change only when its digest does. */
  const showCache = new Map<string, LocalModel>();
  let cached: { at: number; list: CatalogList } | null = null;
  let building: Promise<CatalogList> | null = null;

  async function localModels(): Promise<{ models: LocalModel[]; loaded: Set<string>; state: CatalogList['sources']['local'] }> {
    try {
      const tags = await deps.local.list();
      const models = await Promise.all(
        tags.map(async (t) => {
          const key = `${t.name}#${t.digest}`;
          let facts = showCache.get(key);
          if (!facts) {
            facts = await deps.local.show(t.name).catch(() => ({ name: t.name, sizeBytes: 0, digest: '', family: null, parameterSize: null, quantization: null, contextLength: null, capabilities: [], kv: null, license: null }));
            showCache.set(key, facts);
          }
          return { ...facts, name: t.name, digest: t.digest, sizeBytes: t.sizeBytes, family: t.family ?? facts.family, parameterSize: t.parameterSize ?? facts.parameterSize, quantization: t.quantization ?? facts.quantization };
        }),
      );
      const loaded = new Set(await deps.local.loaded().catch(() => [] as string[]));
      return { models, loaded, state: { state: 'ok', message: `Ollama at ${deps.local.url}`, count: models.length } };
    } catch (err) {
      const absent = err instanceof OllamaFailure && err.kind === 'absent';
      return { models: [], loaded: new Set(), state: { state: absent ? 'absent' : 'error', message: err instanceof Error ? err.message : String(err), count: 0 } };
    }
  }

  async function build(): Promise<CatalogList> {
    const [local, offersResult] = await Promise.all([
      localModels(),
      deps.offers.offers().then(
        (o) => ({ ok: true as const, offers: o }),
        (err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err) }),
      ),
    ]);
    const requests = deps.metering?.requests(now() - METERING_WINDOW_MS) ?? [];
    const deployed = new Map<string, string>();
    for (const d of deps.deployments()) {
      if (d.status !== 'ready') continue;
      deployed.set(d.target === 'local' ? `local:${d.model}` : d.minerId ? `network:${d.model}@${d.minerId}` : `network:${d.model}`, d.registeredName);
    }
    const offers = offersResult.ok ? offersResult.offers : [];
    const entries = mergeCatalog({
      local: local.models,
      loaded: local.loaded,
      library: deps.library.file,
      offers,
      measuredByMiner: measure(requests, (r) => (r.servedBy === 'network' ? r.minerId : null)),
      measuredByModel: measure(requests, (r) => (r.servedBy === 'local' ? r.requestedModel.split('@')[0]! : null)),
      deployed,
    });
    const gpus = deps.monitor?.snapshot().samples.at(-1)?.gpus ?? [];
    const system = deps.monitor?.snapshot().samples.at(-1)?.system ?? null;
    const withMem = gpus.filter((g) => g.memTotalMiB !== null && g.memUsedMiB !== null);
    const freeVram = withMem.length ? withMem.reduce((a, g) => a + (g.memTotalMiB! - g.memUsedMiB!) * MIB, 0) : null;
    const totalVram = withMem.length ? withMem.reduce((a, g) => a + g.memTotalMiB! * MIB, 0) : null;
    const libCount = entries.filter((e) => e.where === 'library').length;
    return {
      entries,
      memory: { freeVramBytes: freeVram, totalVramBytes: totalVram, freeRamBytes: system ? Math.max(0, system.memTotalBytes - system.memUsedBytes) : null },
      sources: {
        local: local.state,
        library: deps.library.file ? { state: 'ok', message: deps.library.message, count: libCount } : { state: 'error', message: deps.library.message, count: 0 },
        network: offersResult.ok
          ? { state: offers.length ? 'ok' : 'absent', message: offers.length ? `${offers.length} offers` : 'No network offers (network off or none listed)', count: offers.length }
          : { state: 'error', message: offersResult.message, count: 0 },
      },
      libraryUpdatedAt: deps.library.file?.updatedAt ?? '',
      builtAt: now(),
    };
  }

  return {
    async list(opts = {}) {
      if (!opts.refresh && cached && now() - cached.at < CACHE_MS) return cached.list;
      building ??= build().finally(() => (building = null));
      const list = await building;
      cached = { at: now(), list };
      return list;
    },
    invalidate() {
      cached = null;
    },
  };
}
