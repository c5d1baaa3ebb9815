import { useMemo } from 'react';
import type { RequestLogEntry } from '../../../../shared/contract/routing';
import { TimeChart } from '../../../components/time-chart';

const SERIES_TTFT = [
  { key: 'local', name: 'local', color: '#3fb950' },
  { key: 'network', name: 'network', color: '#a371f7' },
] as const;
const SERIES_TPS = [
  { key: 'local', name: 'local', color: '#3fb950' },
  { key: 'network', name: 'network', color: '#a371f7' },
] as const;

/** TTFT and throughput per finished request, oldest to newest, split by who answered. */
export function RoutingCharts({ requests }: { requests: readonly RequestLogEntry[] }) {
  const { ttft, tps } = useMemo(() => {
    const ok = requests.filter((r) => r.status === 'ok' && r.endpoint !== 'embed').slice().reverse();
    const side = (r: RequestLogEntry) => (r.backend?.startsWith('network') ? 'network' : 'local');
    return {
      ttft: ok.filter((r) => r.ttftMs !== null).map((r) => ({ t: r.at, [side(r)]: Math.round(r.ttftMs!) })),
      tps: ok.filter((r) => r.tokensPerSecond !== null).map((r) => ({ t: r.at, [side(r)]: Math.round(r.tokensPerSecond! * 10) / 10 })),
    };
  }, [requests]);
  return (
    <div className="chart-grid">
      <TimeChart title="Time to first token" unit="ms" data={ttft} series={SERIES_TTFT} testId="chart-ttft" />
      <TimeChart title="Throughput" unit="tokens/s" data={tps} series={SERIES_TPS} testId="chart-tps" />
    </div>
  );
}
