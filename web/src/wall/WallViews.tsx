import type { ForestResponse, MovementResponse, TrendResponse } from '@canopy/shared';
import { displayedPointsChange } from '@canopy/shared/journey/change.ts';
import type { CSSProperties } from 'react';
import { arrow, shareChangeVerdict, verdictWords } from '../format/change.ts';
import { byNeededHelp, neededHelp } from '../format/feature-effort.ts';
import { formatCount, formatNps, formatPoints, formatShare } from '../format/numbers.ts';
import { stageColour, stageHue } from '../format/stage-scale.ts';

// The four views a wall rotates through, drawn for a room: few figures, large type (sized
// in container units, see wall.css), no controls. Every number is the API's.

const percent = (value: number | null) => (value === null ? '\u2014' : `${value.toFixed(1)}%`);
const hue = (rank: number, count: number) => ({ '--stage-hue': stageHue(rank, count) }) as CSSProperties;

/** The forest: one column per stage with its share, customers, change and NPS. */
export function ForestWall({ forest }: { forest: ForestResponse }) {
  const count = forest.stages.length;
  return (
    <div className="wall-forest" data-testid="wall-view-forest">
      {forest.stages.map((stage) => {
        const points = displayedPointsChange(stage.share, stage.previous.share);
        const verdict = shareChangeVerdict(stage.rank, points === null ? null : points / 100);
        return (
          <section key={stage.key} className="wall-stage" style={hue(stage.rank, count)} data-stage={stage.key}>
            <h2 className="wall-stage__label">{stage.label}</h2>
            <p className="wall-stage__share" data-testid="wall-stage-share">{percent(stage.sharePercent)}</p>
            <div className="wall-stage__bar" aria-hidden="true"><span style={{ width: `${stage.sharePercent ?? 0}%` }} /></div>
            <p className="wall-stage__customers" data-testid="wall-stage-customers">{formatCount(stage.customers)} customers</p>
            <p className={`wall-stage__change wall-change--${verdict}`}>
              <span aria-hidden="true">{arrow(points)}</span> {formatPoints(points)}
              <span className="visually-hidden"> {verdictWords(verdict)}</span>
            </p>
            <p className="wall-stage__nps">NPS {formatNps(stage.nps.score)}{stage.nps.lowSample && stage.nps.responses > 0 ? '*' : ''}</p>
          </section>
        );
      })}
    </div>
  );
}

/** Stage shares per period as 100 % stacked columns, the last stage's share written on each. */
export function TrendWall({ trend }: { trend: TrendResponse }) {
  const count = trend.stages.length;
  const last = trend.stages[count - 1];
  return (
    <div className="wall-trend" data-testid="wall-view-trend">
      <div className="wall-trend__legend" aria-hidden="true">
        {trend.stages.map((s) => (
          <span key={s.key}><i style={{ background: stageColour(s.rank, count) }} />{s.label}</span>
        ))}
      </div>
      <ol className="wall-trend__bars">
        {trend.periods.map((p) => {
          const lastStage = p.stages.find((s) => s.key === last?.key);
          return (
            <li key={p.period.key} className="wall-trend__period">
              <span className="wall-trend__value">{percent(lastStage?.sharePercent ?? null)}</span>
              <span className="wall-trend__column" aria-hidden="true">
                {[...p.stages].reverse().map((s) => {
                  const rank = trend.stages.find((ref) => ref.key === s.key)?.rank ?? 1;
                  return <span key={s.key} style={{ height: `${(s.share ?? 0) * 100}%`, background: stageColour(rank, count) }} />;
                })}
              </span>
              <span className="wall-trend__label">{p.period.label.replace(/^week of /, '').replace(/ \d{4}$/, '')}</span>
            </li>
          );
        })}
      </ol>
      {last && <p className="wall-caption">The number on each column: {last.label}, share of active customers</p>}
    </div>
  );
}

/** Where last period's customers went: moved left, stayed, moved right. */
export function MovementWall({ movement }: { movement: MovementResponse }) {
  const net = movement.netLeftward;
  const verdict = net === null || Math.abs(net) < 0.0005 ? 'neutral' : net > 0 ? 'good' : 'bad';
  return (
    <div className="wall-movement" data-testid="wall-view-movement">
      <p className={`wall-movement__net wall-change--${verdict}`}>
        {net === null ? 'Nobody was active in both periods' : `Net ${net >= 0 ? 'leftward' : 'rightward'} movement ${formatShare(Math.abs(net))}`}
      </p>
      <div className="wall-movement__figures">
        <p><strong className="wall-change--good">{formatCount(movement.movedLeft)}</strong> moved to less effort</p>
        <p><strong>{formatCount(movement.stayed)}</strong> stayed on their stage</p>
        <p><strong className="wall-change--bad">{formatCount(movement.movedRight)}</strong> moved to more effort</p>
      </div>
      <p className="wall-caption">
        Customers active in both {movement.previousPeriod.label} and {movement.period.label}: {formatCount(movement.both)}
      </p>
    </div>
  );
}

/** The features whose adopters most needed help (any assisted stage), at most six. */
export function FeaturesWall({ forest }: { forest: ForestResponse }) {
  const first = forest.stages[0]?.key ?? '';
  const features = byNeededHelp(forest.departments.product.features, first).slice(0, 6);
  if (features.length === 0) return <p className="wall-caption" data-testid="wall-view-features">No feature was used in this period.</p>;
  return (
    <div className="wall-features" data-testid="wall-view-features">
      <p className="wall-caption">Features whose users most needed help (share of their adopters on any assisted stage)</p>
      <ol className="wall-features__list">
        {features.map((f) => {
          const help = neededHelp(f, first);
          return (
            <li key={f.feature}>
              <span className="wall-features__name">{f.feature}</span>
              <span className="wall-features__bar" aria-hidden="true"><span style={{ width: `${(help ?? 0) * 100}%` }} /></span>
              <span className="wall-features__value">{formatShare(help)}</span>
              <span className="wall-features__adopters">{formatCount(f.adopters)} users</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
