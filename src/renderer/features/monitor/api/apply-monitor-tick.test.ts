import { describe, expect, it } from 'vitest';
import type { MonitorSample, MonitorStatus } from '../../../../shared/contract/monitor';
import { applyMonitorTick } from './apply-monitor-tick';

const status = (windowSize: number): MonitorStatus => ({
  gpu: { state: 'ok', message: '' },
  ollama: { state: 'absent', url: 'http://127.0.0.1:11434', message: 'Ollama is not running', models: [] },
  system: { state: 'ok', message: '', cpuModel: 'Test CPU', cores: 8 },
  processes: [],
  intervalMs: 1000,
  windowSize,
});
const sample = (t: number): MonitorSample => ({ t, gpus: [], system: null });

describe('applyMonitorTick', () => {
  it('appends the sample and replaces the status', () => {
    const next = applyMonitorTick({ samples: [sample(1), sample(2)], status: status(10) }, { sample: sample(3), status: status(10) });
    expect(next?.samples.map((s) => s.t)).toEqual([1, 2, 3]);
  });
  it('drops the oldest samples beyond the window size', () => {
    const next = applyMonitorTick({ samples: [sample(1), sample(2), sample(3)], status: status(3) }, { sample: sample(4), status: status(3) });
    expect(next?.samples.map((s) => s.t)).toEqual([2, 3, 4]);
  });
  it('does not duplicate a sample the snapshot already has, but still takes the newer status', () => {
    const s = status(10);
    const tickStatus = { ...s, gpu: { state: 'error' as const, message: 'nvidia-smi exited' } };
    const next = applyMonitorTick({ samples: [sample(1), sample(2)], status: s }, { sample: sample(2), status: tickStatus });
    expect(next?.samples.map((x) => x.t)).toEqual([1, 2]);
    expect(next?.status.gpu.message).toBe('nvidia-smi exited');
  });
  it('leaves an empty cache alone', () => {
    expect(applyMonitorTick(undefined, { sample: sample(1), status: status(10) })).toBeUndefined();
  });
});
