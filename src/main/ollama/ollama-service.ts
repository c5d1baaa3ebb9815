import type { Logger } from '../log/logger';
import { toOllamaFailure } from './ollama-errors';
import type { InstalledModel, LoadedModel, OllamaApi, OllamaReachability, OllamaService, OllamaSnapshot } from './port';

export interface OllamaServiceOptions {
  api: OllamaApi;
  log: Logger;
  /** Poll period while Ollama answers. Default 2000 ms. */
  intervalMs?: number;
  /** Longest wait between polls while it does not (the wait doubles per failed poll). Default 30 s. */
  maxBackoffMs?: number;
  now?: () => number;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** What changed for a listener: reachability, the installed set, the loaded set (with context and expiry). */
function keyOf(s: OllamaSnapshot): string {
  return JSON.stringify([
    s.reachability.state,
    s.reachability.message,
    s.installed.map((m) => [m.name, m.digest, m.sizeBytes]),
    s.loaded.map((m) => [m.name, m.contextLength, m.sizeVramBytes, m.expiresAt]),
  ]);
}

/**
 * The one poller of the local Ollama (tags + ps together, one request of each in flight) and the one
 * picture of what is installed and loaded. Polls every `intervalMs` while Ollama answers and backs off
 * exponentially while it does not; listeners hear only snapshots that differ from the previous one.
 */
export function createOllamaService(opts: OllamaServiceOptions): OllamaService {
  const { api, log } = opts;
  const url = api.url;
  const intervalMs = opts.intervalMs ?? 2000;
  const maxBackoffMs = opts.maxBackoffMs ?? 30_000;
  const now = opts.now ?? Date.now;
  let snap: OllamaSnapshot = { reachability: { state: 'starting', url, message: `Checking Ollama at ${url}…`, code: null }, installed: [], loaded: [], polledAt: null };
  let lastKey = keyOf(snap);
  const listeners = new Set<(s: OllamaSnapshot) => void>();
  /** Models Ollama just served (name → context), newer than the last poll; a poll started after the hint replaces it. */
  const hints = new Map<string, { ctx: number | null; seq: number }>();
  let seq = 0;
  let failures = 0;
  let inFlight: Promise<OllamaSnapshot> | null = null;
  /** Whether the poll in flight has already asked Ollama (then it may predate a change a refresh wants to see). */
  let asked = false;
  /** The poll a refresh queued behind one that had already asked. */
  let next: Promise<OllamaSnapshot> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  /** Bumped by start(): a poll chain from before a stop()/start() pair ends instead of doubling the rate. */
  let generation = 0;

  const publish = (next: OllamaSnapshot) => {
    if (next.reachability.state !== snap.reachability.state) {
      log[next.reachability.state === 'ok' ? 'info' : 'warn']('ollama.state', { url, state: next.reachability.state, code: next.reachability.code, message: next.reachability.message });
    }
    snap = next;
    const key = keyOf(next);
    if (key === lastKey) return;
    lastKey = key;
    for (const l of [...listeners]) {
      try {
        l(next);
      } catch (err) {
        log.error('ollama.listener_failed', { err: String(err) });
      }
    }
  };

  const okReachability = (installed: InstalledModel[], loaded: LoadedModel[]): OllamaReachability => ({
    state: 'ok',
    url,
    code: null,
    message: `Ollama is running at ${url}: ${plural(installed.length, 'model')} installed, ${loaded.length === 0 ? 'none' : loaded.length} loaded.`,
  });

  const poll = (): Promise<OllamaSnapshot> =>
    (inFlight ??= (async () => {
      // Sent one microtask later, so callers arriving in the same tick share this poll (see refresh).
      await null;
      asked = true;
      const started = ++seq;
      try {
        const [installed, loaded] = await Promise.all([api.list(), api.ps()]);
        failures = 0;
        for (const [name, h] of hints) if (h.seq < started) hints.delete(name);
        publish({ reachability: okReachability(installed, loaded), installed, loaded, polledAt: now() });
      } catch (err) {
        failures++;
        const f = toOllamaFailure(err, { url, what: 'the poll' });
        hints.clear();
        // What was installed stays as last seen (a restart of Ollama does not uninstall models); nothing is loaded.
        publish({ reachability: { state: f.code === 'OLLAMA_ABSENT' ? 'absent' : 'error', url, message: f.message, code: f.code }, installed: snap.installed, loaded: [], polledAt: now() });
      }
      return snap;
    })().finally(() => {
      inFlight = null;
      asked = false;
    }));

  const schedule = (gen: number) => {
    if (!running || gen !== generation) return;
    const wait = failures === 0 ? intervalMs : Math.min(maxBackoffMs, intervalMs * 2 ** failures);
    timer = setTimeout(() => void poll().finally(() => schedule(gen)), wait);
    timer.unref();
  };

  return {
    url,
    api,
    snapshot: () => snap,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    // A refresh must see the world as it is now: a poll that already asked Ollama may predate the change the caller
    // wants to see (a pull, a load, an unload), and its hints are kept; so wait for it, then poll afresh.
    refresh: () => {
      if (!inFlight || !asked) return poll();
      return (next ??= inFlight.then(() => {
        next = null;
        return poll();
      }));
    },
    isLoaded(name, numCtx) {
      const hint = hints.get(name);
      const entry = snap.loaded.find((m) => m.name === name);
      if (!hint && !entry) return false;
      const ctx = hint ? hint.ctx : (entry?.contextLength ?? null);
      return numCtx === undefined || ctx === null || ctx === numCtx;
    },
    noteLoaded(name, numCtx) {
      const prev = hints.get(name)?.ctx ?? snap.loaded.find((m) => m.name === name)?.contextLength ?? null;
      hints.set(name, { ctx: numCtx ?? prev, seq });
    },
    start() {
      if (running) return;
      running = true;
      const gen = ++generation;
      void poll().finally(() => schedule(gen));
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
