import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { monitorSampleSchema, monitorStatusSchema, type GpuSample, type MonitorSample, type MonitorStatus, type SourceState } from '../../shared/contract/monitor';
import { silentLogger } from '../log/logger';
import { createMonitorService, type GpuSource } from './gpu-monitor';
import type { OllamaStatusSource } from './ollama-ps';
import type { SystemProbe } from './system-sampler';

const rtx4090 = (utilGpuPct: number): GpuSample => ({
  index: 0,
  uuid: 'GPU-5c6b3a0e-3f0e-8a5e-7c53-0b9a5ad1b2f4',
  name: 'NVIDIA GeForce RTX 4090',
  utilGpuPct,
  utilMemPct: 12,
  memUsedMiB: 23240,
  memTotalMiB: 24564,
  tempC: 58,
  powerW: 182.34,
  powerLimitW: 450,
  smClockMHz: 2520,
  mig: false,
});

function fakeGpu(state: SourceState = 'ok', ageMs = 0) {
  let util = 0;
  const src: GpuSource & { started: number; stopped: number } = {
    started: 0,
    stopped: 0,
    start() {
      src.started++;
    },
    async stop() {
      src.stopped++;
    },
    status: () => ({ state, message: state === 'ok' ? 'NVIDIA GeForce RTX 4090' : 'x' }),
    latest: () => (state === 'ok' ? { gpus: [rtx4090(util++)], at: performance.now() - ageMs } : null),
    processes: () => [{ gpuUuid: 'GPU-5c6b3a0e-3f0e-8a5e-7c53-0b9a5ad1b2f4', pid: 2143, name: 'ollama', usedMemMiB: 22630 }],
  };
  return src;
}

const ollama: OllamaStatusSource = {
  status: () => ({ state: 'absent', url: 'http://127.0.0.1:11434', message: 'Ollama is not running at http://127.0.0.1:11434 — local models appear here when it is.', models: [] }),
};

const systemProbe: SystemProbe = {
  cpuLoadPct: async () => 12.5,
  mem: async () => ({ active: 8e9, total: 64e9 }),
  cpuInfo: async () => ({ model: 'AMD Ryzen 9 7950X 16-Core Processor', cores: 32 }),
  load1: () => 0.7,
};

describe('monitor service', () => {
  let clock = 1_747_200_000_000;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const make = (gpu: GpuSource, windowSize = 600) =>
    createMonitorService({ ollama, log: silentLogger, windowSize, now: () => (clock += 1000), gpuSource: gpu, systemProbe });

  it('one sample per interval, oldest first, window capped at windowSize', async () => {
    const m = make(fakeGpu(), 5);
    m.start();
    await vi.advanceTimersByTimeAsync(8000);
    const { samples, status } = m.snapshot();
    expect(samples).toHaveLength(5);
    expect(samples.map((s) => s.gpus[0]?.utilGpuPct)).toEqual([3, 4, 5, 6, 7]);
    expect(samples.every((s, i) => i === 0 || s.t > (samples[i - 1]?.t ?? 0))).toBe(true);
    expect(status.windowSize).toBe(5);
    await m.stop();
  });

  it('ticks carry a sample and status that validate against the contract', async () => {
    const m = make(fakeGpu());
    const ticks: { sample: MonitorSample; status: MonitorStatus }[] = [];
    const off = m.onTick((t) => ticks.push(t));
    m.start();
    m.start(); // idempotent
    await vi.advanceTimersByTimeAsync(2000);
    off();
    await vi.advanceTimersByTimeAsync(2000);
    expect(ticks).toHaveLength(2);
    for (const t of ticks) {
      expect(monitorSampleSchema.parse(t.sample)).toEqual(t.sample);
      expect(monitorStatusSchema.parse(t.status)).toEqual(t.status);
    }
    const last = ticks[1];
    expect(last?.sample.system).toEqual({ cpuPct: 12.5, memUsedBytes: 8e9, memTotalBytes: 64e9, load1: 0.7 });
    expect(last?.status.processes).toEqual([{ pid: 2143, name: 'ollama', usedMemMiB: 22630 }]);
    expect(last?.status.system).toMatchObject({ state: 'ok', cpuModel: 'AMD Ryzen 9 7950X 16-Core Processor', cores: 32 });
    expect(last?.status).toMatchObject({ intervalMs: 1000, windowSize: 600, ollama: { state: 'absent' }, gpu: { state: 'ok' } });
    await m.stop();
  });

  it('no NVIDIA GPU: samples still flow with CPU/RAM and an empty GPU list', async () => {
    const m = make(fakeGpu('absent'));
    m.start();
    await vi.advanceTimersByTimeAsync(3000);
    const { samples, status } = m.snapshot();
    expect(samples).toHaveLength(3);
    expect(samples.every((s) => s.gpus.length === 0 && s.system?.cpuPct === 12.5)).toBe(true);
    expect(status.gpu.state).toBe('absent');
    await m.stop();
  });

  it('a stale reading (nvidia-smi stalling) is charted as a gap, not as the old numbers', async () => {
    const m = make(fakeGpu('ok', 5000));
    m.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(m.snapshot().samples[0]?.gpus).toEqual([]);
    await m.stop();
  });

  it('a throwing listener does not starve the others; stop() stops sources and ticks', async () => {
    const gpu = fakeGpu();
    const m = make(gpu);
    let calls = 0;
    m.onTick(() => {
      throw new Error('renderer gone');
    });
    m.onTick(() => calls++);
    m.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toBe(2);
    await m.stop();
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toBe(2);
    expect(gpu).toMatchObject({ started: 1, stopped: 1 });
  });
});
