import type { InstalledModel, OllamaState } from '../ollama/port';

/** One local model as /api/tags lists it (the raw entry is kept to re-serve it unchanged). */
export interface LocalModel {
  name: string;
  sizeBytes: number | null;
  contextLength: number | null;
  raw: Record<string, unknown>;
}

/** What the planner needs from the local Ollama, refreshed in the background so requests never wait on it. */
export interface LocalModels {
  reachable(): boolean;
  models(): ReadonlyMap<string, LocalModel>;
  /** Loaded now with this context (undefined = any): no cold load. */
  isWarm(name: string, numCtx: number | undefined): boolean;
  /** Ollama just served this model with this context: it is loaded now. */
  markWarm(name: string, numCtx: number | undefined): void;
  /** Refresh now (first request before any refresh, tests); concurrent callers share one refresh. */
  refresh(): Promise<void>;
  /** The first refresh has completed. */
  ready(): boolean;
}

/** The planner's view of the Ollama feature's state: no poller and no HTTP of its own. */
export function createLocalModels(ollama: OllamaState): LocalModels {
  // Rebuilt only when the service publishes a new installed list (the planner reads it on every request).
  let from: readonly InstalledModel[] | null = null;
  let models = new Map<string, LocalModel>();
  const view = () => {
    const installed = ollama.snapshot().installed;
    if (installed !== from) {
      from = installed;
      models = new Map(installed.map((m) => [m.name, { name: m.name, sizeBytes: m.sizeBytes, contextLength: m.contextLength, raw: m.raw }]));
    }
    return models;
  };
  return {
    reachable: () => ollama.snapshot().reachability.state === 'ok',
    models: view,
    isWarm: (name, numCtx) => ollama.isLoaded(name, numCtx),
    markWarm: (name, numCtx) => ollama.noteLoaded(name, numCtx),
    refresh: async () => void (await ollama.refresh()),
    ready: () => ollama.snapshot().polledAt !== null,
  };
}
