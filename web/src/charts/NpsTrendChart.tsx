import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNps } from '../format/numbers.ts';
import { stageColour } from '../format/stage-scale.ts';
import type { PlacedAnnotation } from './annotations-on-periods.ts';

export interface NpsRow {
  periodKey: string;
  label: string;
  /** NPS per stage key (null with no responses), plus `<key>:low` = 1 when low-sample. */
  [key: string]: string | number | null;
}

interface NpsTrendChartProps {
  rows: NpsRow[];
  stages: { key: string; label: string; rank: number }[];
  annotations: PlacedAnnotation[];
}

interface DotProps {
  cx?: number;
  cy?: number;
  payload?: NpsRow;
  stroke?: string;
}

/** NPS per stage over time, -100 to +100; hollow dots mark low-sample scores. */
export function NpsTrendChart({ rows, stages, annotations }: NpsTrendChartProps) {
  const dot = (key: string) =>
    function StageDot({ cx, cy, payload, stroke }: DotProps) {
      if (cx === undefined || cy === undefined || payload?.[key] === null) return <g />;
      const low = payload?.[`${key}:low`] === 1;
      return <circle cx={cx} cy={cy} r={low ? 4 : 3.5} stroke={stroke} strokeWidth={2} fill={low ? 'var(--surface)' : stroke} />;
    };
  return (
    <div className="chart" role="img" aria-label="NPS per stage per period. The same numbers are in the table below.">
      <ResponsiveContainer width="100%" height={320}>
        <LineChart accessibilityLayer={false} data={rows} margin={{ top: 24, right: 8, bottom: 0, left: -12 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="periodKey" tickLine={false} interval="preserveStartEnd" minTickGap={12} />
          <YAxis domain={[-100, 100]} ticks={[-100, -50, 0, 50, 100]} />
          <ReferenceLine y={0} stroke="currentColor" strokeOpacity={0.4} />
          <Tooltip formatter={(value) => (typeof value === 'number' ? formatNps(value) : '\u2014')} labelFormatter={(key) => rows.find((r) => r.periodKey === key)?.label ?? String(key)} />
          <Legend itemSorter={null} />
          {stages.map((stage) => (
            <Line
              key={stage.key}
              dataKey={stage.key}
              name={stage.label}
              stroke={stageColour(stage.rank, stages.length)}
              strokeWidth={2}
              connectNulls
              dot={dot(stage.key)}
              isAnimationActive={false}
            />
          ))}
          {annotations.map((a) => (
            <ReferenceLine key={a.annotation.id} x={a.periodKey} stroke="currentColor" strokeDasharray="4 3" label={{ value: `(${a.number})`, position: 'top', fill: 'currentColor' }} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
