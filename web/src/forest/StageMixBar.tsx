import { stageColour } from '../format/stage-scale.ts';

/** A feature's adopters by stage as one stacked bar (the numbers are in the table's columns). */
export function StageMixBar({ mix, stages }: { mix: Record<string, number>; stages: { key: string; rank: number; label: string }[] }) {
  return (
    <span className="mix-bar" aria-hidden="true">
      {stages.map((s) => (
        <span key={s.key} style={{ width: `${(mix[s.key] ?? 0) * 100}%`, background: stageColour(s.rank, stages.length) }} title={s.label} />
      ))}
    </span>
  );
}
