import { create } from 'zustand';
import type { GpuMetricId } from '../lib/gpu-metrics';

/** Which GPU metric charts the user has switched on (UI state only). */
export interface ChartState {
  visible: Record<GpuMetricId, boolean>;
  toggle(metric: GpuMetricId): void;
}

export const useChartStore = create<ChartState>()((set) => ({
  visible: { util: true, vram: true, temp: true, power: true },
  toggle: (metric) => set((s) => ({ visible: { ...s.visible, [metric]: !s.visible[metric] } })),
}));
