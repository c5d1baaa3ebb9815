import crypto from 'node:crypto';
import type { Deployment, DeployRequest } from '../../shared/contract/models';
import { ContractError } from '../../shared/contract/errors';
import { deployedName, withDefaultTag } from '../../shared/domain/model-name';
import { createPullTracker, createThrottle } from '../../shared/domain/pull-progress';
import type { Logger } from '../log/logger';
import type { AgentModelRegistrar, OfferSource, ProviderRegistry } from './catalog-ports';
import type { DeploymentStore } from './deployment-store';
import { OllamaFailure } from '../ollama/port';
import type { LocalModelSource } from './ollama-models-client';

/** How often the UI may hear about progress: ≤ 10 updates a second. */
export const PROGRESS_INTERVAL_MS = 100;
/** OpenClaw's default num_ctx for local providers: warm up with it, or the first agent turn reloads. */
export const DEFAULT_AGENT_CONTEXT = 32_768;

/** Runs deploys step by step (pull → warm → register), each failing cleanly and retryable. */
export interface DeployService {
  deploy(req: DeployRequest): Deployment;
  cancel(id: string): Deployment;
  retry(id: string): Deployment;
  undeploy(id: string): Promise<boolean>;
  list(): Deployment[];
  /** Resolves when the deploy leaves `running` (tests, REST `wait`). */
  settled(id: string): Promise<Deployment>;
  close(): Promise<void>;
}

export interface DeployServiceDeps {
  store: DeploymentStore;
  local: LocalModelSource;
  offers: OfferSource;
  registry: ProviderRegistry;
  /** Null until the OpenClaw feature provides it: a deploy that names agents then fails at `register`. */
  agents: AgentModelRegistrar | null;
  log: Logger;
  /** Every deployment, throttled; status changes are delivered at once. */
  publish(deployments: Deployment[]): void;
  /** A model was pulled or a deployment changed what the catalog shows. */
  onCatalogChanged(): void;
  now?: () => number;
  clock?: { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

class StepError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function createDeployService(deps: DeployServiceDeps): DeployService {
  const now = deps.now ?? Date.now;
  const clock = deps.clock ?? { now, setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  const running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  const live = new Map<string, Deployment>();
  const waiters = new Map<string, ((d: Deployment) => void)[]>();
  let closed = false;
  const throttle = createThrottle<null>(PROGRESS_INTERVAL_MS, () => deps.publish(list()), clock);

  // A deploy that was running when ClawGrid stopped is failed now, and nothing of it stays registered.
  for (const d of deps.store.list()) {
    if (d.status === 'running') {
      void Promise.resolve(deps.registry.unregister(d.registeredName)).catch(() => undefined);
      deps.store.put({ ...d, status: 'failed', progress: null, error: { step: d.step, code: 'INTERRUPTED', message: 'Interrupted when ClawGrid stopped; retry to continue' }, updatedAt: now() });
    }
  }

  function list(): Deployment[] {
    return deps.store.list().map((d) => live.get(d.id) ?? d);
  }

  function save(d: Deployment, opts: { persist: boolean }): void {
    const next = { ...d, updatedAt: now() };
    live.set(d.id, next);
    if (closed) return;
    throttle.push(null);
    if (opts.persist) {
      deps.store.put(next);
      throttle.flush();
    }
    if (next.status !== 'running') {
      live.delete(d.id);
      for (const w of waiters.get(d.id) ?? []) w(next);
      waiters.delete(d.id);
    }
  }

  function get(id: string): Deployment {
    const d = live.get(id) ?? deps.store.get(id);
    if (!d) throw new ContractError('NOT_FOUND', `No deployment ${id}`);
    return d;
  }

  async function stepPull(d: Deployment, signal: AbortSignal): Promise<void> {
    const installed = await deps.local.list(signal).catch((err: unknown) => {
      throw toStepError(err, 'OLLAMA');
    });
    if (installed.some((m) => withDefaultTag(m.name) === withDefaultTag(d.model))) return;
    const tracker = createPullTracker();
    let current = d;
    try {
      for await (const line of deps.local.pull(d.model, signal)) {
        const snap = tracker.push(line, clock.now());
        current = { ...current, progress: { status: snap.status, completedBytes: snap.completedBytes, totalBytes: snap.totalBytes, bytesPerSec: snap.bytesPerSec, etaSec: snap.etaSec } };
        save(current, { persist: false });
      }
    } catch (err) {
      throw toStepError(err, 'PULL_FAILED');
    }
    deps.onCatalogChanged();
  }

  async function stepRegister(d: Deployment, signal: AbortSignal): Promise<void> {
    if (d.target === 'network') {
      const offers = await deps.offers.offers().catch((err: unknown) => {
        throw new StepError('NETWORK', `Could not read the network's offers: ${err instanceof Error ? err.message : String(err)}`);
      });
      const match = offers.filter((o) => withDefaultTag(o.model) === d.model && (d.minerId === null || o.minerId === d.minerId));
      if (match.length === 0) {
        throw new StepError('NO_OFFER', d.minerId ? `Miner ${d.minerId} does not offer ${d.model} now` : `No miner on the network offers ${d.model} now`);
      }
    }
    await deps.registry.register({ name: d.registeredName, model: d.model, target: d.target, minerId: d.minerId });
    if (d.agents.length === 0) return;
    try {
      if (!deps.agents) throw new StepError('UNAVAILABLE', 'The OpenClaw integration is not available, so no agent could be given the model');
      await deps.agents.registerModel(d.agents, d.registeredName, signal);
    } catch (err) {
      // Roll back: nothing half-registered remains.
      await Promise.resolve(deps.registry.unregister(d.registeredName)).catch((e: unknown) => deps.log.error('catalog.rollback_failed', { name: d.registeredName, err: String(e) }));
      if (deps.agents) await deps.agents.unregisterModel(d.agents, d.registeredName).catch(() => undefined);
      throw err instanceof StepError ? err : toStepError(err, 'AGENT_REGISTRATION');
    }
  }

  async function run(start: Deployment, signal: AbortSignal): Promise<void> {
    let d = start;
    try {
      if (d.target === 'local' && d.step === 'pull') {
        await stepPull(d, signal);
        d = { ...get(d.id), step: 'warm' };
        save(d, { persist: true });
      }
      if (d.target === 'local' && d.step === 'warm') {
        try {
          await deps.local.warm(d.model, DEFAULT_AGENT_CONTEXT, signal);
        } catch (err) {
          throw toStepError(err, 'WARMUP_FAILED');
        }
        d = { ...get(d.id), step: 'register' };
        save(d, { persist: true });
      }
      if (signal.aborted) throw new OllamaFailure('OLLAMA_ABORTED', 'Canceled');
      await stepRegister(d, signal);
      save({ ...get(d.id), status: 'ready', step: 'done', error: null }, { persist: true });
      deps.onCatalogChanged();
    } catch (err) {
      const cur = get(d.id);
      if (signal.aborted || (err instanceof OllamaFailure && err.kind === 'aborted')) {
        save({ ...cur, status: 'canceled', error: null }, { persist: true });
      } else {
        const e = err instanceof StepError ? err : toStepError(err, 'FAILED');
        deps.log.warn('catalog.deploy_failed', { id: d.id, step: cur.step, code: e.code });
        save({ ...cur, status: 'failed', error: { step: cur.step, code: e.code, message: e.message } }, { persist: true });
      }
    }
  }

  function launch(d: Deployment): Deployment {
    const abort = new AbortController();
    save(d, { persist: true });
    const done = run(d, abort.signal).finally(() => running.delete(d.id));
    running.set(d.id, { abort, done });
    return d;
  }

  return {
    deploy(req) {
      const model = withDefaultTag(req.model.trim());
      const minerId = req.target === 'network' ? req.minerId : null;
      const name = deployedName(model, minerId);
      const existing = deps.store.byName(name);
      if (existing && (existing.status === 'running' || existing.status === 'ready')) return live.get(existing.id) ?? existing;
      const t = now();
      const d: Deployment = {
        id: existing?.id ?? crypto.randomUUID(),
        target: req.target,
        model,
        minerId,
        registeredName: name,
        agents: [...new Set(req.agents)],
        status: 'running',
        step: req.target === 'local' ? 'pull' : 'register',
        progress: null,
        error: null,
        createdAt: existing?.createdAt ?? t,
        updatedAt: t,
      };
      return launch(d);
    },
    cancel(id) {
      const r = running.get(id);
      if (r) r.abort.abort();
      return get(id);
    },
    retry(id) {
      const d = get(id);
      if (d.status === 'running' || d.status === 'ready') return d;
      // Resume at the step that failed; a re-requested pull continues the partial download.
      return launch({ ...d, status: 'running', error: null, progress: null });
    },
    async undeploy(id) {
      const d = deps.store.get(id);
      if (!d) return false;
      const r = running.get(id);
      if (r) {
        r.abort.abort();
        await r.done;
      }
      // The provider list first: agents' model lists follow what the provider serves.
      await deps.registry.unregister(d.registeredName);
      if (deps.agents && d.agents.length) await deps.agents.unregisterModel(d.agents, d.registeredName);
      deps.store.remove(id);
      live.delete(id);
      throttle.push(null);
      throttle.flush();
      deps.onCatalogChanged();
      return true;
    },
    list,
    settled(id) {
      const d = get(id);
      if (d.status !== 'running') return Promise.resolve(d);
      return new Promise((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]));
    },
    async close() {
      // Runs stopped by shutdown stay `running` on disk and come back as interrupted (retryable).
      closed = true;
      throttle.cancel();
      const pending = [...running.values()];
      for (const r of pending) r.abort.abort();
      await Promise.allSettled(pending.map((r) => r.done));
    },
  };
}

function toStepError(err: unknown, code: string): StepError {
  if (err instanceof StepError) return err;
  if (err instanceof OllamaFailure) return new StepError(err.kind === 'absent' ? 'OLLAMA_ABSENT' : code, err.message);
  if (err instanceof ContractError) return new StepError(err.code === 'UNAVAILABLE' ? 'UNAVAILABLE' : code, err.message);
  return new StepError(code, err instanceof Error ? err.message : String(err));
}
