import type { MonitorStatus } from '../../../../shared/contract/monitor';
import { useMonitorSnapshot } from '../hooks/use-monitor-snapshot';
import { GpuCharts } from './gpu-charts';
import { GpuSection } from './gpu-section';
import { OllamaPanel } from './ollama-panel';
import { ProcessTable } from './process-table';
import { SystemPanel } from './system-panel';

function windowLabel(status: MonitorStatus): string {
  const ms = status.windowSize * status.intervalMs;
  return ms >= 60_000 ? `last ${Math.round(ms / 60_000)} min` : `last ${Math.round(ms / 1000)} s`;
}

/** GPU & system monitor: current cards, rolling charts, GPU processes, Ollama's loaded models. */
export function DashboardPage() {
  const snapshot = useMonitorSnapshot();

  if (snapshot.isPending) {
    return (
      <div className="dashboard" aria-busy="true" data-testid="dashboard-loading">
        <p className="muted">Loading the monitor…</p>
      </div>
    );
  }
  if (snapshot.isError) {
    return (
      <div className="dashboard">
        <p className="warning" role="alert" data-testid="dashboard-error">
          Could not load the monitor: {snapshot.error.message}
        </p>
        <button type="button" onClick={() => void snapshot.refetch()}>
          Try again
        </button>
      </div>
    );
  }

  const { samples, status } = snapshot.data;
  const latest = samples[samples.length - 1];
  const gpus = latest?.gpus ?? [];
  const showGpuDetails = status.gpu.state !== 'absent' && gpus.length > 0;
  return (
    <div className="dashboard" data-testid="page-dashboard">
      <GpuSection status={status.gpu} latest={latest} />
      {showGpuDetails ? <GpuCharts samples={samples} gpus={gpus} windowLabel={windowLabel(status)} /> : null}
      <div className="two-col">
        {status.gpu.state !== 'absent' ? <ProcessTable processes={status.processes} /> : null}
        <OllamaPanel ollama={status.ollama} nowMs={latest?.t ?? null} />
      </div>
      <SystemPanel system={status.system} samples={samples} />
    </div>
  );
}
