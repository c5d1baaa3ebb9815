import type { MonitorSample, MonitorStatus } from '../../../../shared/contract/monitor';
import { TimeChart } from '../../../components/time-chart';
import { NOT_REPORTED, bytesToGb, formatPct } from '../../../lib/format';
import { useSystemRows } from '../hooks/use-gpu-series';

const cpuSeries = [{ key: 'cpu', name: 'CPU', color: '#4cc9f0' }];
const ramSeries = [{ key: 'ram', name: 'RAM used', color: '#b5e48c' }];

/** CPU and RAM: the current reading with the CPU model, and their history over the window. */
export function SystemPanel({ system, samples }: { system: MonitorStatus['system']; samples: readonly MonitorSample[] }) {
  const rows = useSystemRows(samples);
  const latest = samples[samples.length - 1]?.system ?? null;
  const totalGb = latest ? bytesToGb(latest.memTotalBytes) : null;
  return (
    <section className="card" aria-labelledby="system-title">
      <h2 id="system-title">CPU &amp; memory</h2>
      {system.state === 'error' ? <p className="warning">{system.message}</p> : null}
      {system.state === 'absent' ? <p className="note">{system.message}</p> : null}
      <dl className="metrics inline">
        <div>
          <dt>CPU</dt>
          <dd data-testid="cpu-pct">{latest ? formatPct(latest.cpuPct) : NOT_REPORTED}</dd>
        </div>
        <div>
          <dt>RAM used</dt>
          <dd data-testid="ram-used">
            {latest ? `${bytesToGb(latest.memUsedBytes).toFixed(1)} / ${bytesToGb(latest.memTotalBytes).toFixed(1)} GB` : NOT_REPORTED}
          </dd>
        </div>
        <div>
          <dt>Load (1 min)</dt>
          <dd data-testid="cpu-load">{latest ? latest.load1.toFixed(2) : NOT_REPORTED}</dd>
        </div>
        <div>
          <dt>Processor</dt>
          <dd data-testid="cpu-model">
            {system.cpuModel || NOT_REPORTED}
            {system.cores > 0 ? ` · ${system.cores} cores` : ''}
          </dd>
        </div>
      </dl>
      {system.state === 'starting' && !latest ? <p className="muted">Waiting for first sample…</p> : null}
      <div className="chart-grid">
        <TimeChart testId="cpu-chart" title="CPU" unit="%" data={rows} series={cpuSeries} yDomain={[0, 100]} />
        <TimeChart
          testId="ram-chart"
          title="RAM used"
          unit="GB"
          data={rows}
          series={ramSeries}
          yDomain={totalGb ? [0, Math.ceil(totalGb)] : [0, 'auto']}
        />
      </div>
    </section>
  );
}
