import type { Logger } from '../log/logger';
import { runQuery } from './nvidia-smi-exec';
import { computeAppsArgs, parseComputeApps, type ComputeApp } from './nvidia-smi-parser';

/** Options of the compute-apps poll; `isActive` gates it so an absent or failing GPU costs nothing. */
export interface ComputeAppsPollerOptions {
  binary: string;
  log: Logger;
  isActive: () => boolean;
  intervalMs?: number;
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
  let timer: NodeJS.Timeout | undefined;
  let inFlight = false;
  let abort: AbortController | undefined;
  let current: ComputeApp[] = [];
  let lastError = '';

  const poll = async () => {
    if (!opts.isActive()) {
      current = [];
      return;
    }
    if (inFlight || !abort) return;
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
      timer = setInterval(() => void poll(), intervalMs);
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
      void poll();
    },
    apps: () => current,
  };
}
