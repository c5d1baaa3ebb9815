import type { GpuSample, MonitorSample, MonitorStatus } from '../../shared/contract/monitor';
import type { Logger } from '../log/logger';
import type { MonitorService } from './monitor-service';
import { createNvidiaSmiSampler, type NvidiaSmiSampler, type NvidiaSmiSamplerOptions } from './nvidia-smi-sampler';
import type { OllamaStatusSource } from './ollama-ps';
import { createRingBuffer } from './ring-buffer';
import { createSystemSampler, type SystemProbe, type SystemSampler } from './system-sampler';

/** The GPU side as the monitor needs it: the real sampler, or a stand-in in unit tests. */
export type GpuSource = Pick<NvidiaSmiSampler, 'start' | 'stop' | 'status' | 'latest' | 'processes'>;

/** Options of the monitor; everything after `nvidiaSmi` exists for tests and benches. */
export interface MonitorServiceOptions {
  /** The loaded-models panel: a view over the Ollama feature's state (see ollama-ps.ts). */
  ollama: OllamaStatusSource;
  log: Logger;
  /** Sampling period (also nvidia-smi's -lms). Default 1000. */
  intervalMs?: number;
  /** Samples kept: default 600 = 10 minutes at 1 Hz. */
  windowSize?: number;
  /** nvidia-smi executable; default $CLAWGRID_NVIDIA_SMI or `nvidia-smi` on PATH. */
  nvidiaSmi?: string;
  /** Clock for sample timestamps (epoch ms). */
  now?: () => number;
  /** CPU/RAM source; default the real machine. */
  systemProbe?: SystemProbe;
  /** Replaces the nvidia-smi sampler entirely. */
  gpuSource?: GpuSource;
  /** Tunes the real nvidia-smi sampler (watchdog, backoff…). */
  nvidiaSmiOptions?: Partial<Omit<NvidiaSmiSamplerOptions, 'log' | 'binary' | 'loopMs'>>;
}

/**
 * Builds the monitor: once per interval it takes the latest nvidia-smi reading, a CPU/RAM sample and
 * the cached Ollama and process lists, appends one sample to the window and notifies listeners.
 * All timers are unref()ed so the monitor never keeps a process alive.
 */
export function createMonitorService(opts: MonitorServiceOptions): MonitorService {
  const log = opts.log;
  const intervalMs = opts.intervalMs ?? 1000;
  const windowSize = opts.windowSize ?? 600;
  const now = opts.now ?? Date.now;
  // A reading older than this means nvidia-smi is stalling: chart a gap rather than stale numbers.
  const staleMs = 3 * intervalMs;
  const gpu: GpuSource =
    opts.gpuSource ??
    createNvidiaSmiSampler({ ...opts.nvidiaSmiOptions, log, loopMs: intervalMs, ...(opts.nvidiaSmi ? { binary: opts.nvidiaSmi } : {}) });
  const ollama = opts.ollama;
  const system: SystemSampler = createSystemSampler({ log, probe: opts.systemProbe });
  const ring = createRingBuffer<MonitorSample>(windowSize);
  const listeners = new Set<(tick: { sample: MonitorSample; status: MonitorStatus }) => void>();
  let timer: NodeJS.Timeout | undefined;
  let busy = false;

  const buildStatus = (): MonitorStatus => ({
    gpu: gpu.status(),
    ollama: ollama.status(),
    system: system.status(),
    processes: gpu.processes().map(({ pid, name, usedMemMiB }) => ({ pid, name, usedMemMiB })),
    intervalMs,
    windowSize,
  });

  const currentGpus = (): GpuSample[] => {
    const reading = gpu.latest();
    if (gpu.status().state !== 'ok' || !reading || performance.now() - reading.at > staleMs) return [];
    return reading.gpus;
  };

  const tick = async () => {
    if (busy) return; // the previous tick is still waiting on the system probe: skip, don't pile up
    busy = true;
    try {
      const t = Math.round(now());
      const sys = await system.sample();
      if (!timer) return;
      const sample: MonitorSample = { t, gpus: currentGpus(), system: sys };
      ring.push(sample);
      const status = buildStatus();
      for (const l of listeners) {
        try {
          l({ sample, status });
        } catch (e) {
          log.error('monitor.listener_failed', { message: e instanceof Error ? e.message : String(e) });
        }
      }
    } finally {
      busy = false;
    }
  };

  return {
    start() {
      if (timer) return;
      log.info('monitor.start', { intervalMs, windowSize, ollamaUrl: ollama.status().url });
      gpu.start();
      void system.start();
      timer = setInterval(() => void tick(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await gpu.stop();
    },
    snapshot: () => ({ samples: ring.toArray(), status: buildStatus() }),
    onTick(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
