import type { GpuSample, MonitorSample } from '../../../../shared/contract/monitor';
import { TimeChart, type ChartSeries } from '../../../components/time-chart';
import { mibToGb } from '../../../lib/format';
import { useGpuRows } from '../hooks/use-gpu-series';
import { gpuColor, gpuMetrics, seriesKey, type GpuMetric } from '../lib/gpu-metrics';
import { useChartStore } from '../stores/chart-store';

function yDomainFor(metric: GpuMetric, gpus: readonly GpuSample[]): [number | 'auto', number | 'auto'] {
  if (metric.id === 'util') return [0, 100];
  if (metric.id === 'vram') {
    const total = Math.max(0, ...gpus.map((g) => g.memTotalMiB ?? 0));
    return total > 0 ? [0, Math.ceil(mibToGb(total))] : [0, 'auto'];
  }
  return [0, 'auto'];
}

/** One chart per metric over the rolling window, one line per GPU; metrics can be switched off. */
export function GpuCharts(props: { samples: readonly MonitorSample[]; gpus: readonly GpuSample[]; windowLabel: string }) {
  const { samples, gpus } = props;
  const rows = useGpuRows(samples);
  const visible = useChartStore((s) => s.visible);
  const toggle = useChartStore((s) => s.toggle);
  // Cheap to rebuild (metrics × GPUs); the rows are what is large, and those are memoized per tick.
  const charts = gpuMetrics.map((m) => ({
    metric: m,
    yDomain: yDomainFor(m, gpus),
    series: gpus.map<ChartSeries>((g) => ({ key: seriesKey(m.id, g.index), name: `GPU ${g.index} ${g.name}`, color: gpuColor(g.index) })),
  }));

  return (
    <section aria-label="GPU history" className="charts-section">
      <div className="section-head">
        <h2>GPU history · {props.windowLabel}</h2>
        <div className="toggles" role="group" aria-label="Charts shown">
          {gpuMetrics.map((m) => (
            <button key={m.id} type="button" className="toggle" aria-pressed={visible[m.id]} onClick={() => toggle(m.id)}>
              {m.label}
            </button>
          ))}
        </div>
      </div>
      <div className="chart-grid">
        {charts
          .filter((c) => visible[c.metric.id])
          .map((c) => (
            <TimeChart
              key={c.metric.id}
              testId={`gpu-chart-${c.metric.id}`}
              title={c.metric.label}
              unit={c.metric.unit}
              data={rows}
              series={c.series}
              yDomain={c.yDomain}
            />
          ))}
      </div>
    </section>
  );
}
