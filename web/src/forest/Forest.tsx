import type { ForestResponse, Ladder } from '@canopy/shared';
import type { CSSProperties } from 'react';
import { formatCount, formatDateTime, formatNps, formatShare } from '../format/numbers.ts';
import { Link } from '../router/Link.tsx';
import { hrefWithView, type ViewState } from '../router/view-state.ts';
import { EffortScale } from './EffortScale.tsx';
import { ForestTable } from './ForestTable.tsx';
import { StageColumn } from './StageColumn.tsx';
import { StageTrees } from './StageTrees.tsx';

interface ForestProps {
  forest: ForestResponse;
  ladder: Ladder | undefined;
  view: ViewState;
  /** The segment's name when two forests are compared. */
  title?: string;
  id: string;
}

/** One forest: the headline, every stage left to right with its trees, and the whole as a table. */
export function Forest({ forest, ladder, view, title, id }: ForestProps) {
  const segmentView = { ...view, segment: forest.segment, compare: undefined };
  const stageCount = forest.stages.length;
  return (
    <section className="forest" aria-labelledby={`${id}-title`} data-testid="forest" id={id}>
      <h2 id={`${id}-title`} className={title ? 'forest__title' : 'visually-hidden'}>
        {title ?? 'The forest'} · {forest.period.label}
      </h2>
      <p className="headline" data-testid="headline">
        {forest.headline}
      </p>
      {forest.unmappedContacts > 0 && (
        <div className="notice notice--warning" data-testid="unmapped">
          <p>
            <strong>{formatCount(forest.unmappedContacts)} contacts</strong> came through a channel no stage takes, so they count on no stage.{' '}
            <Link to="/settings#ladder">Map the channel to a stage in the ladder settings.</Link>
          </p>
        </div>
      )}
      <dl className="summary">
        <div>
          <dt>Active customers</dt>
          <dd data-testid="active-customers">{formatCount(forest.activeCustomers)}</dd>
        </div>
        <div>
          <dt>Overall NPS (CX)</dt>
          <dd>
            {formatNps(forest.departments.cx.nps)} <span className="hint">({formatCount(forest.departments.cx.responses)} responses)</span>
          </dd>
        </div>
        <div>
          <dt>Churn rate (Finance)</dt>
          <dd>
            {formatShare(forest.departments.finance.churnRate)}{' '}
            <span className="hint">
              ({formatCount(forest.departments.finance.churned)} of {formatCount(forest.departments.finance.atStart)})
            </span>
          </dd>
        </div>
        <div>
          <dt>Data as of</dt>
          <dd data-testid="data-as-of">
            {forest.dataAsOf ? formatDateTime(forest.dataAsOf) : 'no events yet'}
            {forest.refreshing && <span className="hint"> (updating for newer data…)</span>}
          </dd>
        </div>
      </dl>
      <EffortScale />
      <div className="stages" style={{ '--stage-count': stageCount } as CSSProperties}>
        {forest.stages.map((stage) => (
          <StageColumn
            key={stage.key}
            stage={stage}
            stageCount={stageCount}
            previousPeriod={forest.previousPeriod}
            drilldownHref={hrefWithView('/customers', segmentView, { stage: stage.key })}
          >
            <StageTrees
              ladderStage={ladder?.find((s) => s.key === stage.key)}
              rank={stage.rank}
              departments={forest.departments}
              previous={forest.previousDepartments}
              flags={forest.flags.filter((f) => f.stageKey === stage.key)}
              featuresHref={hrefWithView('/features', segmentView)}
            />
          </StageColumn>
        ))}
      </div>
      <ForestTable forest={forest} title={title} />
    </section>
  );
}
