import type { monitorCalls } from '../../shared/contract/monitor';
import type { CoreServices, Feature } from '../feature';
import type { OllamaState } from '../ollama/port';
import { createMonitorService } from './gpu-monitor';
import type { MonitorService } from './monitor-service';
import { ollamaStatusSource } from './ollama-ps';

export interface MonitorFeatureOptions {
  nvidiaSmi?: string;
  intervalMs?: number;
}

/** The GPU & system monitor as a feature: sampling service, its call and its 1 Hz event. */
export function createMonitorFeature(core: CoreServices, ollama: OllamaState, opts: MonitorFeatureOptions = {}): Feature<typeof monitorCalls> & { monitor: MonitorService } {
  const monitor = createMonitorService({
    ollama: ollamaStatusSource(ollama),
    log: core.log,
    ...(opts.nvidiaSmi ? { nvidiaSmi: opts.nvidiaSmi } : {}),
    ...(opts.intervalMs ? { intervalMs: opts.intervalMs } : {}),
  });
  const unsubscribe = monitor.onTick((tick) => core.hub.publish('monitor.tick', tick));
  return {
    monitor,
    handlers: { 'monitor.snapshot': () => monitor.snapshot() },
    start: () => monitor.start(),
    async close() {
      unsubscribe();
      await monitor.stop();
    },
  };
}
