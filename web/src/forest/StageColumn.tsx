import type { PeriodJson, Stage } from '@canopy/shared';
import { useId, type CSSProperties, type ReactNode } from 'react';
import { ChangeBadge } from '../components/ChangeBadge.tsx';
import { NpsFigure } from '../components/NpsFigure.tsx';
import { formatCount, formatMoney, formatShare } from '../format/numbers.ts';
import { effortLabel, stageHue } from '../format/stage-scale.ts';
import { Link } from '../router/Link.tsx';

interface StageColumnProps {
  stage: Stage;
  stageCount: number;
  previousPeriod: PeriodJson;
  drilldownHref: string;
  /** The department figures (the trees) shown beneath. */
  children?: ReactNode;
}

/** One rung of the ladder: its share of customers as the big number, the figures of its customers, and its trees. */
export function StageColumn({ stage, stageCount, previousPeriod, drilldownHref, children }: StageColumnProps) {
  const headingId = useId();
  return (
    <article className="stage" style={{ '--stage-hue': stageHue(stage.rank, stageCount) } as CSSProperties} aria-labelledby={headingId} data-stage={stage.key}>
      <header className="stage__header">
        <p className="stage__effort">
          <span className="stage__rank">
            {stage.rank} of {stageCount}
          </span>{' '}
          · {effortLabel(stage.rank, stageCount)}
        </p>
        <h3 id={headingId}>{stage.label}</h3>
      </header>
      <p className="stage__share">
        <span className="stage__big" data-testid="stage-share">
          {stage.sharePercent === null ? '\u2014' : `${stage.sharePercent.toFixed(1)}%`}
        </span>
        <span className="stage__share-words"> of active customers</span>
      </p>
      <div className="stage__bar" aria-hidden="true">
        <span style={{ width: `${stage.sharePercent ?? 0}%` }} />
      </div>
      <p className="stage__count">
        <span data-testid="stage-customers">{formatCount(stage.customers)}</span> customers
      </p>
      <ChangeBadge rank={stage.rank} share={stage.share} previousShare={stage.previous.share} previousLabel={previousPeriod.label} />
      <dl className="figures">
        <Figure term="Reached this stage or beyond">{formatShare(stage.reached)}</Figure>
        <Figure term="NPS">
          <NpsFigure nps={stage.nps} />
        </Figure>
        <Figure term="Churn">
          <span data-testid="stage-churn">{formatShare(stage.churn.rate)}</span> ({formatCount(stage.churn.churned)})
          {!stage.churn.complete && (
            <span className="tag tag--muted" title={`Churn counts until ${stage.churn.windowDays} days after the period ends.`}>
              incomplete
            </span>
          )}
        </Figure>
        <Figure term="Revenue (MRR share)">
          <span data-testid="stage-revenue">{formatShare(stage.revenue.share)}</span>
        </Figure>
        <Figure term="Cost to serve">
          <span data-testid="stage-cost">{formatMoney(stage.cost.total)}</span>
          <span className="figure__sub"> · {formatMoney(stage.cost.perCustomer)} per customer</span>
        </Figure>
      </dl>
      <p className="stage__drill no-print">
        <Link to={drilldownHref}>
          See these customers<span className="visually-hidden"> ({stage.label})</span>
        </Link>
      </p>
      {children && <div className="trees">{children}</div>}
    </article>
  );
}

function Figure({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="figure">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
