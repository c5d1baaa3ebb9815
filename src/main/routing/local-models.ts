import { z } from 'zod';
import type { Logger } from '../log/logger';
import { UpstreamError, type OllamaUpstream } from './ollama-upstream';

const tagsSchema = z.object({
  models: z
    .array(
      z
        .object({
          name: z.string(),
          size: z.number().optional(),
          details: z.object({ context_length: z.number().optional() }).loose().optional(),
        })
        .loose(),
    )
    .nullable(),
});
const psSchema = z.object({
  models: z.array(z.object({ name: z.string(), context_length: z.number().optional() }).loose()).nullable(),
});

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
  start(intervalMs: number): void;
  stop(): void;
}

export function createLocalModels(upstream: OllamaUpstream, log: Logger): LocalModels {
  let reachable = false;
  let fetched = false;
  let models = new Map<string, LocalModel>();
  let loaded = new Map<string, number | null>();
  let inFlight: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const refresh = () =>
    (inFlight ??= (async () => {
      try {
        const [tags, ps] = await Promise.all([upstream.json('GET', '/api/tags', undefined, 2000), upstream.json('GET', '/api/ps', undefined, 2000)]);
        const t = tagsSchema.safeParse(tags.body);
        const p = psSchema.safeParse(ps.body);
        if (tags.status !== 200 || !t.success) throw new UpstreamError('broken', `Ollama answered /api/tags with HTTP ${tags.status}.`);
        models = new Map(
          (t.data.models ?? []).map((m) => [
            m.name,
            { name: m.name, sizeBytes: m.size ?? null, contextLength: m.details?.context_length ?? null, raw: m as Record<string, unknown> },
          ]),
        );
        if (ps.status === 200 && p.success) loaded = new Map((p.data.models ?? []).map((m) => [m.name, m.context_length ?? null]));
        if (!reachable) log.info('engine.local_up', { url: upstream.url, models: models.size });
        reachable = true;
      } catch (err) {
        if (reachable || !fetched) log.warn('engine.local_down', { url: upstream.url, err: err instanceof Error ? err.message : String(err) });
        reachable = false;
        loaded = new Map();
      } finally {
        fetched = true;
        inFlight = null;
      }
    })());

  return {
    reachable: () => reachable,
    models: () => models,
    isWarm(name, numCtx) {
      if (!loaded.has(name)) return false;
      const ctx = loaded.get(name);
      return numCtx === undefined || ctx === null || ctx === undefined || ctx === numCtx;
    },
    markWarm(name, numCtx) {
      loaded.set(name, numCtx ?? loaded.get(name) ?? null);
    },
    refresh,
    ready: () => fetched,
    start(intervalMs) {
      if (timer) return;
      void refresh();
      timer = setInterval(() => void refresh(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
