import type { CallOutput } from '../../shared/contract/calls';
import type { GpuSample, MonitorSample, MonitorStatus } from '../../shared/contract/monitor';

/** An H100 as nvidia-smi reports it (MiB, W, MHz). */
export function gpuFixture(over: Partial<GpuSample> = {}): GpuSample {
  return {
    index: 0,
    uuid: 'GPU-8f0c7a5e-0000-0000-0000-000000000000',
    name: 'NVIDIA H100 80GB HBM3',
    utilGpuPct: 37,
    utilMemPct: 12,
    memUsedMiB: 22630,
    memTotalMiB: 81559,
    tempC: 41,
    powerW: 118.4,
    powerLimitW: 700,
    smClockMHz: 1980,
    mig: false,
    ...over,
  };
}

export function sampleFixture(t: number, gpus: GpuSample[] = [gpuFixture()]): MonitorSample {
  return { t, gpus, system: { cpuPct: 12.4, memUsedBytes: 23.5e9, memTotalBytes: 134.9e9, load1: 1.25 } };
}

export function statusFixture(over: Partial<MonitorStatus> = {}): MonitorStatus {
  return {
    gpu: { state: 'ok', message: '' },
    ollama: {
      state: 'ok',
      url: 'http://127.0.0.1:11434',
      message: '',
      models: [
        { name: 'qwen3:32b', sizeBytes: 23.7e9, sizeVramBytes: 23.7e9, expiresAt: '2030-01-01T00:00:00Z', contextLength: 8192 },
      ],
    },
    system: { state: 'ok', message: '', cpuModel: 'AMD EPYC 9454', cores: 16 },
    processes: [{ pid: 4242, name: 'ollama', usedMemMiB: 22630 }],
    intervalMs: 1000,
    windowSize: 600,
    ...over,
  };
}

export function appInfoFixture(over: Partial<CallOutput<'app.info'>> = {}): CallOutput<'app.info'> {
  return {
    name: 'ClawGrid',
    version: '0.1.0',
    host: 'headless',
    platform: 'linux',
    dataDir: '/home/me/.local/share/clawgrid',
    schemaVersion: 1,
    network: 'devnet',
    ...over,
  };
}
