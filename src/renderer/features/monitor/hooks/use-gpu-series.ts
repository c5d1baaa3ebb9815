import { useMemo } from 'react';
import type { MonitorSample } from '../../../../shared/contract/monitor';
import { gpuMetrics, seriesKey } from '../lib/gpu-metrics';

export type SeriesRow = { t: number } & Record<string, number | null>;

/** One row per sample with every metric of every GPU: built once per tick and shared by all charts. */
export function buildGpuRows(samples: readonly MonitorSample[]): SeriesRow[] {
  return samples.map((s) => {
    const row: SeriesRow = { t: s.t };
    for (const g of s.gpus) for (const m of gpuMetrics) row[seriesKey(m.id, g.index)] = m.pick(g);
    return row;
  });
}

/** CPU % and RAM used (GB) per sample; null where the system sample is missing. */
export function buildSystemRows(samples: readonly MonitorSample[]): SeriesRow[] {
  return samples.map((s) => ({
    t: s.t,
    cpu: s.system ? Math.round(s.system.cpuPct * 10) / 10 : null,
    ram: s.system ? Math.round((s.system.memUsedBytes / 1e9) * 10) / 10 : null,
  }));
}

export function useGpuRows(samples: readonly MonitorSample[]): SeriesRow[] {
  return useMemo(() => buildGpuRows(samples), [samples]);
}

export function useSystemRows(samples: readonly MonitorSample[]): SeriesRow[] {
  return useMemo(() => buildSystemRows(samples), [samples]);
}
