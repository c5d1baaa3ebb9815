import type { routingCalls } from '../../shared/contract/routing';
import type { ProviderStatus } from '../../shared/contract/routing';
import { uuidV7 } from '../../shared/domain/uuid-v7';
import type { CoreServices, Feature } from '../feature';
import type { MonitorService } from '../monitor/port';
import type { OllamaState } from '../ollama/port';
import type { RegisteredProviderModel } from './model-listing';
import { createProviderServer, type ProviderGate, type ProviderIntercept, type ProviderServer } from './provider-server';
import { allowAllAdmission, type Admission } from './admission';
import { createAgentStore, type AgentStore } from './agent-store';
import { createBreakerSet } from './breaker-set';
import { createCircuitBreaker } from './circuit-breaker';
import { createEngine } from './engine';
import type { Engine } from './run-types';
import type { OnExecuted } from './execution-port';
import { createLocalModels } from './local-models';
import { createMeter, type Meter } from './meter';
import { offlineNetwork, type NetworkBackend } from './network-backend';
import { createOllamaUpstream } from './ollama-upstream';
import { createRunawayGuard } from './runaway-guard';
import { exportRequests } from '../../shared/domain/spend-export';

export interface RoutingFeatureDeps {
  /** The GPU network port (the AITBC client, or a getter when it can change at runtime); offline by default. */
  network?: NetworkBackend | (() => NetworkBackend);
  /** Spend control port; allow-all until the wallet feature is wired. */
  admission?: Admission;
  /** Free VRAM right now (bytes); null = unknown. Defaults to the GPU monitor's latest sample when `monitor` is given. */
  gpuFreeBytes?: () => number | null;
  monitor?: MonitorService;
  /** Overrides settings.providerPort (tests use 0 for any free port). */
  providerPort?: number;
  deadlineMs?: number;
  /** Move-off deadlines for network jobs (default: 30 s unclaimed, 120 s running without a result). */
  progressDeadline?: { queuedMs: number; runningMs: number };
  /** The local Ollama's installed/loaded state: the Ollama feature's service (it owns the one poller). */
  ollama: OllamaState;
  /** Models deployed through the catalog (its registry), listed by the provider's /api/tags besides what it discovers. */
  extraModels?: () => readonly RegisteredProviderModel[];
  /** The proof chain's port, called once per completed execution (the proofs feature's `recordExecution`). */
  onExecuted?: OnExecuted;
  /** Routes answered before agent auth (telemetry's `/metrics`). */
  intercept?: ProviderIntercept;
  /** Per-peer admission after the key is resolved (the team listener's key and rate rules). */
  gate?: ProviderGate;
  /** Wraps the engine the provider runs (telemetry captures prompt and output when the person turned it on). */
  wrapEngine?: (engine: Engine) => Engine;
  /** Runs once per data dir, inside the transaction that creates the built-in `default` agent (see agent-store.ts). */
  onDefaultAgentCreated?: () => void;
}

/** The engine as the rest of main (and tests) see it. */
export interface EngineService {
  readonly engine: Engine;
  readonly agents: AgentStore;
  readonly meter: Meter;
  readonly provider: ProviderServer;
  providerStatus(): ProviderStatus;
  /** The provider's bound port, or null before it listens (RoutingPort). */
  providerPort(): number | null;
}

/** The hybrid engine + its Ollama-compatible provider endpoint as a feature. */
export function createRoutingFeature(core: CoreServices, deps: RoutingFeatureDeps): Feature<typeof routingCalls> & { engine: EngineService } {
  const network = typeof deps.network === 'function' ? deps.network : (() => (deps.network as NetworkBackend | undefined) ?? offlineNetwork);
  const admission = deps.admission ?? allowAllAdmission;
  const upstream = createOllamaUpstream(core.settings.get().ollamaUrl);
  const local = createLocalModels(deps.ollama);
  const agents = createAgentStore(core.db, { onDefaultAgentCreated: deps.onDefaultAgentCreated });
  let freeVram: number | null = null;
  const unsubscribeMonitor = deps.monitor?.onTick(({ sample }) => {
    const known = sample.gpus.filter((g) => g.memTotalMiB !== null && g.memUsedMiB !== null);
    freeVram = known.length ? Math.max(...known.map((g) => (g.memTotalMiB! - g.memUsedMiB!) * 1024 * 1024)) : null;
  });
  const changed = () => core.hub.publish('routing.changed', { at: Date.now() });
  const meter = createMeter(core.db, core.hub, { agentName: (id) => agents.get(id)?.name ?? id, onFlush: () => agents.flushLastUsed() });
  const bare = createEngine({
    upstream,
    local,
    network,
    admission,
    settings: () => core.settings.get(),
    gpuFreeBytes: deps.gpuFreeBytes ?? (() => freeVram),
    localBreaker: createCircuitBreaker({ threshold: 3, cooldownMs: 5000 }),
    agentBreakers: createBreakerSet({ threshold: 3, cooldownMs: 15_000 }),
    minerBreakers: createBreakerSet({ threshold: 2, cooldownMs: 60_000 }),
    meter,
    guard: createRunawayGuard(),
    log: core.log,
    deadlineMs: deps.deadlineMs ?? 300_000,
    networkTtlSeconds: 300,
    progressDeadline: deps.progressDeadline ?? { queuedMs: 30_000, runningMs: 120_000 },
    ...(deps.onExecuted ? { onExecuted: deps.onExecuted } : {}),
  });
  const engine = deps.wrapEngine ? deps.wrapEngine(bare) : bare;
  const provider = createProviderServer({
    engine,
    agents,
    upstream,
    local,
    network,
    registered: deps.extraModels,
    allowedOrigins: () => core.settings.get().allowedOrigins,
    log: core.log,
    intercept: deps.intercept,
    gate: deps.gate,
    onEmbed: (e) =>
      meter.record({
        id: uuidV7(),
        at: Date.now(),
        agentId: e.agentId,
        agentName: e.agentName,
        endpoint: 'embed',
        model: e.model,
        strategy: e.ok ? 'local' : 'none',
        reasons: e.ok ? ['local_warm'] : ['local_down'],
        explanation: e.ok ? 'Embeddings run on the local Ollama.' : `Embeddings run on the local Ollama only: ${e.error ?? 'failed'}`,
        backend: e.ok ? 'local' : null,
        status: e.ok ? 'ok' : 'error',
        httpStatus: e.httpStatus,
        error: e.error,
        promptTokens: e.promptTokens,
        evalTokens: 0,
        ttftMs: null,
        durationMs: e.durationMs,
        tokensPerSecond: null,
        costAit: '0',
        overheadMs: 0,
        jobId: null,
      }),
  });

  const service: EngineService = { engine, agents, meter, provider, providerStatus: () => provider.status(), providerPort: () => provider.port() };
  return {
    engine: service,
    handlers: {
      'routing.snapshot': () => {
        const h = network().health();
        return {
          provider: provider.status(),
          network: { state: h.state, message: h.message },
          requests: meter.recent(),
          counts: meter.counts(),
          agents: agents.list(),
        };
      },
      'routing.createAgent': ({ name, policy }) => {
        const r = agents.create(name, policy);
        changed();
        return r;
      },
      'routing.updatePolicy': ({ agentId, policy }) => {
        const a = agents.updatePolicy(agentId, policy);
        changed();
        return a;
      },
      'routing.createKey': ({ agentId }) => {
        const r = agents.createKey(agentId);
        changed();
        return r;
      },
      'routing.exportRequests': ({ format, fromMs, toMs }) => exportRequests(meter.requestsSince(fromMs ?? 0).filter((e) => toMs === undefined || e.at <= toMs), format),
      'routing.revokeKey': ({ agentId, keyId }) => {
        const a = agents.revokeKey(agentId, keyId);
        changed();
        return a;
      },
    },
    async start() {
      meter.start();
      await provider.listen(deps.providerPort ?? core.settings.get().providerPort);
      changed();
    },
    async close() {
      unsubscribeMonitor?.();
      await provider.close();
      meter.stop();
      agents.flushLastUsed();
      upstream.close();
    },
  };
}
