import { Layer, Rectangle, ResponsiveContainer, Sankey, Tooltip } from 'recharts';
import { stageColour } from '../format/stage-scale.ts';

export interface FlowStage {
  key: string;
  label: string;
  rank: number;
}

interface FlowChartProps {
  stages: FlowStage[];
  /** matrix[from][to]: customers by stage in the previous period and in this one. */
  matrix: Record<string, Record<string, number>>;
  previousLabel: string;
  currentLabel: string;
  summary: string;
}

interface NodeProps {
  x: number;
  y: number;
  width: number;
  height: number;
  index: number;
  payload: { name: string; rank: number; side: 'from' | 'to' };
}

/** Where last period's customers went: a Sankey from previous stages (left) to current stages (right). */
export function FlowChart({ stages, matrix, previousLabel, currentLabel, summary }: FlowChartProps) {
  const count = stages.length;
  const nodes = [
    ...stages.map((s) => ({ name: `${s.label} (${previousLabel})`, rank: s.rank, side: 'from' as const })),
    ...stages.map((s) => ({ name: `${s.label} (${currentLabel})`, rank: s.rank, side: 'to' as const })),
  ];
  const links = stages.flatMap((from, i) =>
    stages.map((to, j) => ({ source: i, target: count + j, value: matrix[from.key]?.[to.key] ?? 0 })).filter((l) => l.value > 0),
  );
  if (links.length === 0) return <p className="hint">Nobody was active in both periods.</p>;
  const Node = ({ x, y, width, height, payload }: NodeProps) => (
    <Layer>
      <Rectangle x={x} y={y} width={width} height={height} fill={stageColour(payload.rank, count)} fillOpacity={1} />
      <text
        x={payload.side === 'from' ? x + width + 6 : x - 6}
        y={y + height / 2}
        textAnchor={payload.side === 'from' ? 'start' : 'end'}
        dominantBaseline="middle"
        className="chart-label"
      >
        {payload.name.replace(/ \(.*\)$/, '')}
      </text>
    </Layer>
  );
  return (
    <div className="chart" role="img" aria-label={`${summary} The counts are in the table above.`}>
      <div className="flow-ends" aria-hidden="true">
        <span>{previousLabel}</span>
        <span>{currentLabel}</span>
      </div>
      <ResponsiveContainer width="100%" height={360}>
        <Sankey
          data={{ nodes, links }}
          node={Node as never}
          nodePadding={24}
          nodeWidth={14}
          margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
          link={{ stroke: 'currentColor', strokeOpacity: 0.18 }}
          iterations={0}
        >
          <Tooltip />
        </Sankey>
      </ResponsiveContainer>
    </div>
  );
}
