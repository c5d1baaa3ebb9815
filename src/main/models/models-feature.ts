import type { modelsCalls } from '../../shared/contract/models';
import { offlineNetwork } from '../routing/port';
import type { CoreServices, Feature } from '../feature';
import type { MonitorService } from '../monitor/port';
import type { RestRoute } from '../host/rest-route';
import type { AgentDirectory, AgentModelRegistrar, JobRouter, MeteringReader, OfferSource, ProviderRegistry } from './catalog-ports';
import { createCatalogService, type CatalogService } from './catalog-service';
import { createDeployService, type DeployService } from './deploy-service';
import { deploymentMetrics } from './deployment-metrics';
import { createDeploymentStore, createTableProviderRegistry } from './deployment-store';
import { libraryCandidates, loadLibrary } from './library-catalog';
import type { OllamaService } from '../ollama/port';
import { ollamaModelSource, type LocalModelSource } from './ollama-models-client';
import { openClawRestRoutes } from './openclaw-rest-routes';

/** What the catalog gets from other features; each is optional until that feature lands (see catalog-ports.ts). */
export interface ModelsFeatureDeps {
  /** Free VRAM for fit labels; with `onTick`, the list is refreshed when the GPU picture changes. */
  monitor?: (Pick<MonitorService, 'snapshot'> & Partial<Pick<MonitorService, 'onTick'>>) | null;
  /** The engine's NetworkBackend (offers); defaults to "network off". */
  offers?: OfferSource | (() => OfferSource);
  /** The engine's provider list; defaults to the catalog's own table. */
  registry?: ProviderRegistry;
  agents?: AgentModelRegistrar | null | (() => AgentModelRegistrar | null);
  agentDirectory?: () => AgentDirectory | null;
  metering?: MeteringReader | null;
  jobs?: () => JobRouter | null;
  /** The Ollama feature's service (lists, pulls, warm-up), or, in tests, `local`: a different source. */
  ollama?: OllamaService;
  local?: LocalModelSource;
}

export interface ModelsFeature extends Feature<typeof modelsCalls> {
  readonly catalog: CatalogService;
  readonly deploys: DeployService;
  readonly registry: ProviderRegistry;
  readonly restRoutes: RestRoute[];
}

/** The model catalog (local + library + network) and one-click deploy, with its REST endpoints. */
export function createModelsFeature(core: CoreServices, deps: ModelsFeatureDeps & ({ ollama: OllamaService } | { local: LocalModelSource })): ModelsFeature {
  const local = deps.local ?? ollamaModelSource(deps.ollama!);
  const offerSource: OfferSource = { offers: () => (typeof deps.offers === 'function' ? deps.offers() : (deps.offers ?? offlineNetwork)).offers() };
  const agents = () => (typeof deps.agents === 'function' ? deps.agents() : (deps.agents ?? null));
  const registry = deps.registry ?? createTableProviderRegistry(core.db);
  const lib = loadLibrary(libraryCandidates(core.env));
  if (!lib.ok) core.log.warn('catalog.library_unavailable', { message: lib.message });
  const store = createDeploymentStore(core.db);

  const deploys: DeployService = createDeployService({
    store,
    local,
    offers: offerSource,
    registry,
    agents: {
      registerModel: (ids, name, signal) => {
        const a = agents();
        if (!a) return Promise.reject(new Error('The OpenClaw integration is not available, so no agent could be given the model'));
        return a.registerModel(ids, name, signal);
      },
      unregisterModel: async (ids, name) => agents()?.unregisterModel(ids, name),
    },
    log: core.log,
    publish: (deployments) => core.hub.publish('models.progress', { deployments }),
    onCatalogChanged: () => {
      catalog.invalidate();
      core.hub.publish('models.changed', { at: Date.now() });
    },
  });
  const catalog: CatalogService = createCatalogService({
    local,
    library: lib.ok ? { file: lib.file, message: `${lib.file.models.length} models, updated ${lib.file.updatedAt}` } : { file: null, message: lib.message },
    offers: offerSource,
    metering: deps.metering ?? null,
    monitor: deps.monitor ?? null,
    deployments: () => deploys.list(),
    log: core.log,
  });
  // Fit labels depend on free VRAM. The first GPU sample arrives after start (a list built before it says
  // "unknown"), and free VRAM moves as models load: refresh when it becomes known or moves by ≥ 1 GiB.
  let lastFreeGiB: number | null = null;
  let unwatch: (() => void) | null = null;
  const watchMemory = () => {
    unwatch = deps.monitor?.onTick?.(({ sample }) => {
      const withMem = sample.gpus.filter((g) => g.memTotalMiB !== null && g.memUsedMiB !== null);
      if (!withMem.length) return;
      const freeGiB = Math.floor(withMem.reduce((a, g) => a + (g.memTotalMiB! - g.memUsedMiB!), 0) / 1024);
      if (freeGiB === lastFreeGiB) return;
      lastFreeGiB = freeGiB;
      catalog.invalidate();
      core.hub.publish('models.changed', { at: Date.now() });
    }) ?? null;
  };

  const restRoutes = openClawRestRoutes({ catalog, deploys, registry, jobs: deps.jobs ?? (() => null), agents: deps.agentDirectory ?? (() => null) });

  return {
    catalog,
    deploys,
    registry,
    restRoutes,
    handlers: {
      'models.list': (input) => catalog.list({ refresh: input.refresh }),
      'models.deploy': (input) => deploys.deploy(input),
      'models.cancel': ({ deploymentId }) => deploys.cancel(deploymentId),
      'models.retry': ({ deploymentId }) => deploys.retry(deploymentId),
      'models.undeploy': async ({ deploymentId }) => ({ removed: await deploys.undeploy(deploymentId) }),
      'models.deployments': () => ({ deployments: deploys.list() }),
      'models.metrics': () => {
        const requests = deps.metering?.requests(0) ?? [];
        return { metrics: deploys.list().map((d) => deploymentMetrics(d, requests)), source: deps.metering ? 'metering' : 'none' };
      },
    },
    start: watchMemory,
    close: () => {
      unwatch?.();
      return deploys.close();
    },
  };
}
