import { useQuery } from '@tanstack/react-query';
import { forestQuery } from '../api/journey.ts';
import { settingsQuery } from '../api/settings.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { describeSegment } from '../components/SegmentPicker.tsx';
import { ViewControls } from '../components/ViewControls.tsx';
import { download, fileName } from '../export/csv.ts';
import { forestPng } from '../export/forest-png.ts';
import { Forest } from '../forest/Forest.tsx';
import { useViewState } from '../router/view-state.ts';

/** Home: the forest of the chosen period, optionally two segments side by side. */
export default function ForestPage() {
  const [view] = useViewState();
  const forest = useQuery(forestQuery(view));
  const compare = useQuery({ ...forestQuery({ ...view, segment: view.compare ?? {} }), enabled: view.compare !== undefined });
  const settings = useQuery(settingsQuery());
  const ladder = settings.data?.ladder;
  const comparing = view.compare !== undefined;

  const exportPng = async () => {
    if (!forest.data) return;
    const name = describeSegment(view.segment);
    download(fileName(`forest ${forest.data.period.label} ${name}`, 'png'), await forestPng(forest.data, name));
  };

  return (
    <>
      <PageHeader
        title="Forest"
        subtitle={forest.data ? `${forest.data.period.label} · ${describeSegment(view.segment)}` : undefined}
        actions={
          <>
            <button type="button" className="button" onClick={() => void exportPng()} disabled={!forest.data}>
              Download PNG
            </button>
            <button type="button" className="button" onClick={() => window.print()}>
              Print
            </button>
          </>
        }
      />
      <ViewControls period={forest.data?.period} allowCompare />
      <div className={comparing ? 'forest-compare' : undefined}>
        <QueryState query={forest} what="forest">
          {(data) =>
            data.activeCustomers === 0 ? (
              <EmptyState what={data.period.label} />
            ) : (
              <Forest forest={data} ladder={ladder} view={view} id="forest-a" title={comparing ? describeSegment(view.segment) : undefined} />
            )
          }
        </QueryState>
        {comparing && (
          <QueryState query={compare} what="second forest">
            {(data) =>
              data.activeCustomers === 0 ? (
                <EmptyState what={`${describeSegment(view.compare ?? {})} in ${data.period.label}`} />
              ) : (
                <Forest forest={data} ladder={ladder} view={view} id="forest-b" title={describeSegment(view.compare ?? {})} />
              )
            }
          </QueryState>
        )}
      </div>
    </>
  );
}
