import type { MovementResponse } from '@canopy/shared';
import { useQuery } from '@tanstack/react-query';
import { movementQuery } from '../api/journey.ts';
import { FlowChart } from '../charts/FlowChart.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { describeSegment } from '../components/SegmentPicker.tsx';
import { ViewControls } from '../components/ViewControls.tsx';
import { formatCount, formatShare } from '../format/numbers.ts';
import { MovementMatrix } from '../forest/MovementMatrix.tsx';
import { useViewState } from '../router/view-state.ts';

/** The movement in one sentence: net leftward movement and who moved which way. */
export function movementSentence(m: MovementResponse): string {
  if (m.both === 0) return `Nobody was active in both ${m.previousPeriod.label} and ${m.period.label}.`;
  const net = m.netLeftward ?? 0;
  const direction = net > 0 ? 'leftward (less effort)' : net < 0 ? 'rightward (more effort)' : 'neither way';
  return `Of ${formatCount(m.both)} customers active in both periods, ${formatCount(m.movedLeft)} moved left, ${formatCount(m.stayed)} stayed and ${formatCount(m.movedRight)} moved right: net movement ${formatShare(Math.abs(net))} ${direction}.`;
}

/** Where the previous period's customers are now: the matrix with counts and the flow between stages. */
export default function MovementPage() {
  const [view] = useViewState();
  const movement = useQuery(movementQuery(view));
  return (
    <>
      <PageHeader
        title="Movement"
        subtitle={movement.data ? `${movement.data.previousPeriod.label} → ${movement.data.period.label} · ${describeSegment(view.segment)}` : undefined}
      />
      <ViewControls period={movement.data?.period} />
      <QueryState query={movement} what="movement">
        {(m) =>
          m.both + m.onlyCurrent + m.onlyPrevious === 0 ? (
            <EmptyState what={m.period.label} />
          ) : (
            <>
              <p className="headline" data-testid="movement-sentence">
                {movementSentence(m)}
              </p>
              <dl className="summary">
                <div>
                  <dt>Net leftward movement</dt>
                  <dd data-testid="net-leftward">{formatShare(m.netLeftward)}</dd>
                </div>
                <div>
                  <dt>Moved left</dt>
                  <dd className="good-text">{formatCount(m.movedLeft)}</dd>
                </div>
                <div>
                  <dt>Stayed</dt>
                  <dd>{formatCount(m.stayed)}</dd>
                </div>
                <div>
                  <dt>Moved right</dt>
                  <dd className="bad-text">{formatCount(m.movedRight)}</dd>
                </div>
                <div>
                  <dt>New or returning</dt>
                  <dd>{formatCount(m.onlyCurrent)}</dd>
                </div>
                <div>
                  <dt>Gone quiet</dt>
                  <dd>{formatCount(m.onlyPrevious)}</dd>
                </div>
              </dl>
              <section className="card" aria-labelledby="matrix-title">
                <h2 id="matrix-title">From stage to stage</h2>
                <MovementMatrix movement={m} />
              </section>
              <section className="card" aria-labelledby="flow-title">
                <h2 id="flow-title">The flow</h2>
                <FlowChart stages={m.stages} matrix={m.matrix} previousLabel={m.previousPeriod.label} currentLabel={m.period.label} summary={movementSentence(m)} />
              </section>
            </>
          )
        }
      </QueryState>
    </>
  );
}
