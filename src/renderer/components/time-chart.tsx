import { memo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock } from '../lib/format';

export interface ChartSeries {
  key: string;
  name: string;
  color: string;
}

export interface TimeChartProps {
  title: string;
  unit: string;
  data: ReadonlyArray<{ t: number }>;
  series: readonly ChartSeries[];
  yDomain?: [number | 'auto', number | 'auto'];
  height?: number;
  testId?: string;
}

const axisStyle = { fontSize: 11, fill: '#9aa4b2' };

/**
 * A rolling-window line chart (up to ~600 points per series). No animation and no dots: it redraws
 * every second. Sized by its container; the initial size also lets it render where nothing is measured.
 */
export const TimeChart = memo(function TimeChart({ title, unit, data, series, yDomain, height = 160, testId }: TimeChartProps) {
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        {title} <span className="muted">({unit})</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 480, height }}>
        <LineChart data={data as Array<{ t: number }>} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#2a313c" strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={formatClock} tick={axisStyle} minTickGap={40} />
          <YAxis domain={yDomain ?? [0, 'auto']} tick={axisStyle} width={44} allowDecimals={unit !== '%'} />
          <Tooltip
            labelFormatter={(label) => (typeof label === 'number' ? formatClock(label) : String(label))}
            formatter={(value) => (value === null || value === undefined ? '—' : `${String(value)} ${unit}`)}
            contentStyle={{ background: '#161b22', border: '1px solid #2a313c' }}
            isAnimationActive={false}
          />
          {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stroke={s.color}
              type="linear"
              dot={false}
              strokeWidth={1.5}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
