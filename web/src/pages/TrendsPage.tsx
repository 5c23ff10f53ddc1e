import { useQuery } from '@tanstack/react-query';
import { annotationsQuery } from '../api/annotations.ts';
import { trendQuery } from '../api/journey.ts';
import { AnnotationsPanel } from '../components/AnnotationsPanel.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { describeSegment } from '../components/SegmentPicker.tsx';
import { ViewControls } from '../components/ViewControls.tsx';
import { placeAnnotations } from '../charts/annotations-on-periods.ts';
import { NpsTrendChart } from '../charts/NpsTrendChart.tsx';
import { StageShareChart } from '../charts/StageShareChart.tsx';
import { npsRows, shareRows } from '../charts/trend-rows.ts';
import { NpsTable, ShareTable } from '../charts/TrendTables.tsx';
import { dayInZone } from '../format/numbers.ts';
import { useViewState } from '../router/view-state.ts';

/** Stage shares and NPS by stage over the last twelve periods, with the admins' dated notes. */
export default function TrendsPage() {
  const [view] = useViewState();
  const trend = useQuery(trendQuery(view));
  const periods = trend.data?.periods ?? [];
  const first = periods[0]?.period;
  const last = periods[periods.length - 1]?.period;
  const notes = useQuery({
    ...annotationsQuery({ from: first && dayInZone(first.start, first.timezone), to: last && dayInZone(last.end, last.timezone) }),
    enabled: Boolean(first && last),
  });
  const placed = placeAnnotations(notes.data?.annotations ?? [], periods.map((p) => p.period));
  return (
    <>
      <PageHeader
        title="Trends"
        subtitle={first && last ? `${first.label} to ${last.label} · ${describeSegment(view.segment)}` : undefined}
        actions={
          <button type="button" className="button" onClick={() => window.print()}>
            Print
          </button>
        }
      />
      <ViewControls period={last} />
      <QueryState query={trend} what="trend">
        {(data) => (
          <>
            <section className="card" aria-labelledby="shares-title">
              <h2 id="shares-title">Where customers ended up</h2>
              <p className="hint">Share of active customers on each stage, per {data.grain}; the left-most stage is at the bottom. Numbered lines are the notes below.</p>
              <StageShareChart rows={shareRows(data)} stages={data.stages} annotations={placed} />
              <ShareTable trend={data} />
            </section>
            <section className="card" aria-labelledby="nps-title">
              <h2 id="nps-title">NPS by stage</h2>
              <p className="hint">Hollow dots are low-sample scores: fewer responses than the minimum sample.</p>
              <NpsTrendChart rows={npsRows(data)} stages={data.stages} annotations={placed} />
              <NpsTable trend={data} />
            </section>
          </>
        )}
      </QueryState>
      <AnnotationsPanel placed={placed} all={notes.data?.annotations ?? []} />
    </>
  );
}
