import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GpuSample } from '../../shared/contract/monitor';
import { createGpuLineGrouper } from './gpu-line-grouper';

const gpu = (index: number, utilGpuPct = 0): GpuSample => ({
  index,
  uuid: `GPU-${index}`,
  name: 'NVIDIA GeForce RTX 3090',
  utilGpuPct,
  utilMemPct: 0,
  memUsedMiB: 0,
  memTotalMiB: 24576,
  tempC: 40,
  powerW: 30,
  powerLimitW: 350,
  smClockMHz: 210,
  mig: false,
});

describe('gpu line grouper', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('first reading ends after the quiet gap; later ones as soon as the GPU count is reached', () => {
    const out: number[][] = [];
    const g = createGpuLineGrouper((r) => out.push(r.map((s) => s.index)), 50);
    g.push(gpu(0));
    g.push(gpu(1));
    expect(out).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(out).toEqual([[0, 1]]);
    g.push(gpu(0));
    g.push(gpu(1));
    expect(out).toEqual([[0, 1], [0, 1]]); // no timer needed
  });

  it('an index wrap ends a reading even before the quiet gap', () => {
    const out: number[][] = [];
    const g = createGpuLineGrouper((r) => out.push(r.map((s) => s.index)), 50);
    g.push(gpu(0, 1));
    g.push(gpu(1, 1));
    g.push(gpu(0, 2));
    expect(out).toEqual([[0, 1]]);
  });

  it('a GPU missing from one frame (malformed line) still yields a reading after the quiet gap', () => {
    const out: number[][] = [];
    const g = createGpuLineGrouper((r) => out.push(r.map((s) => s.index)), 50);
    g.push(gpu(0));
    g.push(gpu(1));
    vi.advanceTimersByTime(50);
    g.push(gpu(1));
    vi.advanceTimersByTime(49);
    expect(out).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(out).toEqual([[0, 1], [1]]);
  });

  it('reset() emits what is pending', () => {
    const out: number[][] = [];
    const g = createGpuLineGrouper((r) => out.push(r.map((s) => s.index)), 50);
    g.push(gpu(0));
    g.reset();
    expect(out).toEqual([[0]]);
  });
});
