import type { GpuSample } from '../../../../shared/contract/monitor';
import { mibToGb } from '../../../lib/format';

export type GpuMetricId = 'util' | 'vram' | 'temp' | 'power';

export interface GpuMetric {
  id: GpuMetricId;
  label: string;
  unit: string;
  /** The charted value for one GPU at one instant; null = not reported (a gap in the line). */
  pick(gpu: GpuSample): number | null;
}

/** The per-GPU time series the dashboard can chart, in display order. */
export const gpuMetrics: readonly GpuMetric[] = [
  { id: 'util', label: 'Utilization', unit: '%', pick: (g) => g.utilGpuPct },
  { id: 'vram', label: 'VRAM used', unit: 'GB', pick: (g) => (g.memUsedMiB === null ? null : Math.round(mibToGb(g.memUsedMiB) * 10) / 10) },
  { id: 'temp', label: 'Temperature', unit: '°C', pick: (g) => g.tempC },
  { id: 'power', label: 'Power', unit: 'W', pick: (g) => g.powerW },
];

/** recharts dataKey of a metric for one GPU. */
export function seriesKey(metric: GpuMetricId, gpuIndex: number): string {
  return `${metric}_${gpuIndex}`;
}

/** Distinct, readable-on-dark line colours, one per GPU index. */
const palette = ['#4cc9f0', '#f72585', '#b5e48c', '#ffb703', '#9d4edd', '#fb8500', '#2ec4b6', '#e5e5e5'];
export function gpuColor(index: number): string {
  return palette[index % palette.length] ?? '#4cc9f0';
}
