import type { GpuSample } from '../../../../shared/contract/monitor';
import { formatMHz, formatMibUsedOfTotal, formatPct, formatPower, formatTempC } from '../../../lib/format';
import { MetricValue } from './metric-value';

function Bar({ fraction, label }: { fraction: number | null; label: string }) {
  if (fraction === null) return null;
  const pct = Math.max(0, Math.min(100, fraction * 100));
  return (
    <div className="bar" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
      <span style={{ width: `${pct}%` }} />
    </div>
  );
}

/** The current reading of one GPU. Values a GPU does not report show "—", never 0. */
export function GpuCard({ gpu }: { gpu: GpuSample }) {
  const i = gpu.index;
  const vramFraction = gpu.memUsedMiB !== null && gpu.memTotalMiB ? gpu.memUsedMiB / gpu.memTotalMiB : null;
  return (
    <article className="card gpu-card" data-testid={`gpu-card-${i}`} aria-labelledby={`gpu-name-${i}`}>
      <header className="gpu-card-head">
        <span className="gpu-index">GPU {i}</span>
        <h3 id={`gpu-name-${i}`} data-testid={`gpu-name-${i}`} title={gpu.name}>
          {gpu.name}
        </h3>
        {gpu.mig ? (
          <span className="tag" data-testid={`gpu-mig-${i}`} title="Multi-Instance GPU mode">
            MIG
          </span>
        ) : null}
      </header>
      <dl className="metrics">
        <div>
          <dt>Utilization</dt>
          <dd>
            <MetricValue testId={`gpu-util-${i}`} text={formatPct(gpu.utilGpuPct)} />
            <Bar fraction={gpu.utilGpuPct === null ? null : gpu.utilGpuPct / 100} label={`GPU ${i} utilization`} />
          </dd>
        </div>
        <div>
          <dt>VRAM</dt>
          <dd>
            <MetricValue testId={`gpu-vram-${i}`} text={formatMibUsedOfTotal(gpu.memUsedMiB, gpu.memTotalMiB)} />
            <Bar fraction={vramFraction} label={`GPU ${i} memory used`} />
          </dd>
        </div>
        <div>
          <dt>Temperature</dt>
          <dd>
            <MetricValue testId={`gpu-temp-${i}`} text={formatTempC(gpu.tempC)} />
          </dd>
        </div>
        <div>
          <dt>Power</dt>
          <dd>
            <MetricValue testId={`gpu-power-${i}`} text={formatPower(gpu.powerW, gpu.powerLimitW)} />
          </dd>
        </div>
        <div>
          <dt>SM clock</dt>
          <dd>
            <MetricValue testId={`gpu-clock-${i}`} text={formatMHz(gpu.smClockMHz)} />
          </dd>
        </div>
      </dl>
      {gpu.mig ? <p className="note">MIG mode: utilization is reported per MIG instance, not for the whole GPU.</p> : null}
    </article>
  );
}
