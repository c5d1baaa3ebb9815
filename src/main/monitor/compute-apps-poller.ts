import type { Logger } from '../log/logger';
import { runQuery } from './nvidia-smi-exec';
import { computeAppsArgs, parseComputeApps, type ComputeApp } from './nvidia-smi-parser';

/** Options of the compute-apps poll; `isActive` gates it so an absent or failing GPU costs nothing. */
export interface ComputeAppsPollerOptions {
  binary: string;
  log: Logger;
  isActive: () => boolean;
  /**
   * A fingerprint of GPU memory use (e.g. memory.used per GPU). A process cannot start or stop holding
   * GPU memory without changing it, so while it is unchanged a poll is skipped — spawning nvidia-smi
   * is the monitor's costliest step — except once per `refreshMs` as a safety net.
   */
  changeKey?: () => string;
  intervalMs?: number;
  refreshMs?: number;
  timeoutMs?: number;
}

/** Which processes hold GPU memory, refreshed slowly: it changes when models load, not every second. */
export interface ComputeAppsPoller {
  start(): void;
  stop(): void;
  /** Polls now (e.g. right after the GPU came up) unless a poll is already running. */
  pollNow(): void;
  apps(): ComputeApp[];
}

/** Polls `nvidia-smi --query-compute-apps` every 5 s with a 2 s timeout, one query at a time. */
export function createComputeAppsPoller(opts: ComputeAppsPollerOptions): ComputeAppsPoller {
  const intervalMs = opts.intervalMs ?? 5000;
  const timeoutMs = opts.timeoutMs ?? 2000;
  const refreshMs = opts.refreshMs ?? 30_000;
  let polledKey: string | undefined;
  let polledAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight = false;
  let abort: AbortController | undefined;
  let current: ComputeApp[] = [];
  let lastError = '';

  const poll = async (force: boolean) => {
    if (!opts.isActive()) {
      current = [];
      return;
    }
    if (inFlight || !abort) return;
    const key = opts.changeKey?.();
    if (!force && key !== undefined && key === polledKey && performance.now() - polledAt < refreshMs) return;
    polledKey = key;
    polledAt = performance.now();
    inFlight = true;
    const r = await runQuery(opts.binary, computeAppsArgs(), timeoutMs, abort.signal);
    inFlight = false;
    if (!abort || !opts.isActive()) return;
    if (r.ok) {
      current = parseComputeApps(r.stdout);
      lastError = '';
    } else if (r.code !== 'ABORTED' && r.message !== lastError) {
      // Keep the last list: a slow query is not a reason for processes to vanish from the dashboard.
      lastError = r.message;
      opts.log.warn('gpu.compute_apps_failed', { code: r.code, message: r.message });
    }
  };

  return {
    start() {
      if (timer) return;
      abort = new AbortController();
      polledKey = undefined;
      timer = setInterval(() => void poll(false), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      abort?.abort();
      abort = undefined;
      inFlight = false;
      current = [];
    },
    pollNow() {
      void poll(true);
    },
    apps: () => current,
  };
}
