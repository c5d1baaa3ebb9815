import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { GpuSample, SourceState } from '../../shared/contract/monitor';
import type { Logger } from '../log/logger';
import { createComputeAppsPoller } from './compute-apps-poller';
import { createGpuLineGrouper } from './gpu-line-grouper';
import { createIdleWatchdog } from './idle-watchdog';
import { firstLine, runQuery } from './nvidia-smi-exec';
import { gpuLoopArgs, migProbeArgs, parseGpuLine, parseMigModes, type ComputeApp } from './nvidia-smi-parser';

/** Shown when nvidia-smi is not installed: a normal state on machines without an NVIDIA GPU. */
export const NVIDIA_ABSENT_MESSAGE =
  'No NVIDIA GPU detected (nvidia-smi not found) — GPU charts are hidden; CPU and RAM are still monitored.';

/** Timings are options so tests can exercise backoff and the watchdog in milliseconds. */
export interface NvidiaSmiSamplerOptions {
  log: Logger;
  binary?: string;
  loopMs?: number;
  /** No output line for this long → the driver is wedged: SIGKILL and restart. */
  watchdogMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** A child that ran this long with readings resets the backoff. */
  healthyResetMs?: number;
  /** How often to look for nvidia-smi again once it was not found. */
  absentRetryMs?: number;
  probeTimeoutMs?: number;
  appsIntervalMs?: number;
  appsTimeoutMs?: number;
  /** How long a killed child may take to exit before it is abandoned (a process stuck in the driver). */
  killGraceMs?: number;
}

/** The latest complete reading and when it arrived (performance.now() ms). */
export interface GpuReading {
  gpus: GpuSample[];
  at: number;
}

/** One long-lived `nvidia-smi -lms` child plus the slow compute-apps poll, with restart policy. */
export interface NvidiaSmiSampler {
  start(): void;
  stop(): Promise<void>;
  status(): { state: SourceState; message: string };
  latest(): GpuReading | null;
  processes(): ComputeApp[];
  onReading(listener: (reading: GpuReading) => void): () => void;
  /** pid of the running loop child, for tests and benches. */
  childPid(): number | undefined;
}

/** Creates the sampler; nothing runs until start(). */
export function createNvidiaSmiSampler(opts: NvidiaSmiSamplerOptions): NvidiaSmiSampler {
  const binary = opts.binary ?? process.env.CLAWGRID_NVIDIA_SMI ?? 'nvidia-smi';
  const loopMs = opts.loopMs ?? 1000;
  const watchdogMs = opts.watchdogMs ?? 5000;
  const backoffInitialMs = opts.backoffInitialMs ?? 1000;
  const backoffMaxMs = opts.backoffMaxMs ?? 30_000;
  const healthyResetMs = opts.healthyResetMs ?? 60_000;
  const absentRetryMs = opts.absentRetryMs ?? 60_000;
  const probeTimeoutMs = opts.probeTimeoutMs ?? 2000;
  const killGraceMs = opts.killGraceMs ?? 2000;
  const log = opts.log;

  let running = false;
  let generation = 0;
  let state: SourceState = 'starting';
  let message = 'Looking for NVIDIA GPUs…';
  let latest: GpuReading | null = null;
  let failures = 0;
  let migIndices: Set<number> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let probeAbort: AbortController | undefined;
  const listeners = new Set<(r: GpuReading) => void>();
  const apps = createComputeAppsPoller({
    binary,
    log,
    isActive: () => state === 'ok',
    changeKey: () => latest?.gpus.map((g) => `${g.uuid}=${g.memUsedMiB}`).join() ?? '',
    intervalMs: opts.appsIntervalMs,
    timeoutMs: opts.appsTimeoutMs,
  });

  // The current loop child and what we know about it.
  let child: ChildProcess | undefined;
  let spawnedAt = 0;
  let readings = 0;
  let noise = '';
  let watchdogFired = false;
  let exitWaiters: (() => void)[] = [];
  /** Treats the current child as exited without waiting for it (it may be stuck in the driver). */
  let abandonChild: (() => void) | undefined;

  const setState = (next: SourceState, msg: string, fields: Record<string, unknown> = {}) => {
    if (next !== state || msg !== message) {
      const level = next === 'error' ? 'warn' : 'info';
      log[level]('gpu.state', { state: next, message: msg, ...fields });
    }
    state = next;
    message = msg;
  };

  const grouper = createGpuLineGrouper((gpus) => {
    latest = { gpus, at: performance.now() };
    readings++;
    if (readings === 1) {
      const names = gpus.map((g) => g.name);
      setState('ok', gpus.length === 1 ? (names[0] ?? '') : `${gpus.length} GPUs: ${names.join(', ')}`);
      apps.pollNow();
    }
    for (const l of listeners) l(latest);
  });

  const schedule = (fn: () => void, ms: number) => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(fn, ms);
    retryTimer.unref();
  };

  const becomeAbsent = () => {
    latest = null;
    setState('absent', NVIDIA_ABSENT_MESSAGE, { binary });
    schedule(launch, absentRetryMs);
  };

  const restartWithBackoff = (msg: string, code: string) => {
    latest = null;
    const delay = Math.min(backoffInitialMs * 2 ** failures, backoffMaxMs);
    failures++;
    setState('error', msg, { code });
    log.debug('gpu.restart_scheduled', { code, retryInMs: delay });
    schedule(launch, delay);
  };

  function launch(): void {
    if (!running) return;
    const gen = ++generation;
    void (async () => {
      if (!migIndices) {
        probeAbort = new AbortController();
        const r = await runQuery(binary, migProbeArgs(), probeTimeoutMs, probeAbort.signal);
        if (!running || gen !== generation) return;
        if (!r.ok && r.absent) return becomeAbsent();
        // A failed probe is retried on the next start; the loop itself will say what is wrong.
        if (r.ok) migIndices = parseMigModes(r.stdout);
        else log.debug('gpu.mig_probe_failed', { code: r.code, message: r.message });
      }
      spawnLoop();
    })();
  }

  function spawnLoop(): void {
    const c = spawn(binary, gpuLoopArgs(loopMs), { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    child = c;
    spawnedAt = performance.now();
    readings = 0;
    noise = '';
    watchdogFired = false;
    let done = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      rl.close();
      dog.stop();
      if (grace) clearTimeout(grace);
      grouper.reset();
      if (child === c) {
        child = undefined;
        abandonChild = undefined;
      }
      const waiters = exitWaiters;
      exitWaiters = [];
      for (const w of waiters) w();
      if (running) fn();
    };
    const rl = createInterface({ input: c.stdout!, crlfDelay: Infinity });
    rl.on('line', (line) => {
      dog.touch();
      const sample = parseGpuLine(line, migIndices);
      if (sample) return grouper.push(sample);
      if (line.trim() !== '') noise = firstLine(line);
    });
    c.stderr!.on('data', (chunk: Buffer) => {
      noise = firstLine(chunk.toString('utf8')) || noise;
    });
    c.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return finish(becomeAbsent);
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      finish(() => restartWithBackoff(`nvidia-smi could not run: ${err.code ?? err.message}`, err.code ?? 'SPAWN'));
    });
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      finish(() => {
        if (readings > 0 && performance.now() - spawnedAt >= healthyResetMs) failures = 0;
        const why = watchdogFired
          ? `nvidia-smi stopped answering for ${Math.round(watchdogMs / 1000)} s and was restarted`
          : `nvidia-smi exited (${signal ?? `code ${code}`})${noise ? `: ${noise}` : ''}`;
        restartWithBackoff(why, watchdogFired ? 'WATCHDOG' : `EXIT_${signal ?? code}`);
      });
    };
    c.once('exit', onExit);
    abandonChild = () => {
      c.removeListener('exit', onExit);
      c.unref();
      onExit(null, 'SIGKILL');
    };
    const dog = createIdleWatchdog(watchdogMs, (idle) => {
      watchdogFired = true;
      log.warn('gpu.watchdog_kill', { pid: c.pid, idleMs: Math.round(idle) });
      c.kill('SIGKILL');
      // A process stuck in the kernel may never exit: give up on it rather than on the GPU.
      grace = setTimeout(() => abandonChild?.(), killGraceMs);
      grace.unref();
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      failures = 0;
      setState('starting', 'Looking for NVIDIA GPUs…');
      apps.start();
      launch();
    },
    async stop() {
      running = false;
      generation++;
      if (retryTimer) clearTimeout(retryTimer);
      probeAbort?.abort();
      apps.stop();
      latest = null;
      const c = child;
      if (!c) return;
      const exited = new Promise<void>((resolve) => exitWaiters.push(resolve));
      c.kill('SIGTERM');
      const hard = setTimeout(() => c.kill('SIGKILL'), 1000);
      const abandon = setTimeout(() => abandonChild?.(), 1000 + killGraceMs);
      await exited;
      clearTimeout(hard);
      clearTimeout(abandon);
    },
    status: () => ({ state, message }),
    latest: () => latest,
    processes: () => apps.apps(),
    onReading(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    childPid: () => child?.pid,
  };
}
