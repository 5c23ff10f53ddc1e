import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { stageColour } from '../format/stage-scale.ts';
import type { PlacedAnnotation } from './annotations-on-periods.ts';

export interface ShareRow {
  periodKey: string;
  label: string;
  /** sharePercent per stage key, as the API rounded it (adds up to 100). */
  [stageKey: string]: string | number | null;
}

interface StageShareChartProps {
  rows: ShareRow[];
  stages: { key: string; label: string; rank: number }[];
  annotations: PlacedAnnotation[];
}

/** Stage shares per period as 100% stacked bars, left-most stage at the bottom, with the notes as markers. */
export function StageShareChart({ rows, stages, annotations }: StageShareChartProps) {
  return (
    <div className="chart" role="img" aria-label="Stage shares per period, stacked to 100%. The same numbers are in the table below.">
      <ResponsiveContainer width="100%" height={320}>
        <BarChart accessibilityLayer={false} data={rows} margin={{ top: 24, right: 8, bottom: 0, left: -12 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="periodKey" tickLine={false} interval="preserveStartEnd" minTickGap={12} />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" />
          <Tooltip formatter={(value) => (typeof value === 'number' ? `${value.toFixed(1)}%` : String(value))} labelFormatter={(key) => rows.find((r) => r.periodKey === key)?.label ?? String(key)} />
          <Legend itemSorter={null} />
          {stages.map((stage) => (
            <Bar key={stage.key} dataKey={stage.key} name={stage.label} stackId="shares" fill={stageColour(stage.rank, stages.length)} isAnimationActive={false} />
          ))}
          {annotations.map((a) => (
            <ReferenceLine key={a.annotation.id} x={a.periodKey} stroke="currentColor" strokeDasharray="4 3" label={{ value: `(${a.number})`, position: 'top', fill: 'currentColor' }} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
