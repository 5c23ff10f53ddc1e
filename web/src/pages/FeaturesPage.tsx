import { useQuery } from '@tanstack/react-query';
import { forestQuery } from '../api/journey.ts';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { describeSegment } from '../components/SegmentPicker.tsx';
import { ViewControls } from '../components/ViewControls.tsx';
import { StageMixBar } from '../forest/StageMixBar.tsx';
import { byNeededHelp, neededHelp, type Feature } from '../format/feature-effort.ts';
import { formatCount, formatPoints, formatShare } from '../format/numbers.ts';
import { displayedPointsChange } from '@canopy/shared/journey/change.ts';
import { useViewState } from '../router/view-state.ts';

/** Adoption per feature and where its adopters ended up on the ladder: features that push customers right first. */
export default function FeaturesPage() {
  const [view] = useViewState();
  const forest = useQuery(forestQuery(view));
  return (
    <>
      <PageHeader title="Features" subtitle={forest.data ? `${forest.data.period.label} · ${describeSegment(view.segment)}` : undefined} />
      <ViewControls period={forest.data?.period} />
      <QueryState query={forest} what="features">
        {(data) => {
          const stages = data.stages;
          const first = stages[0];
          if (!first || data.departments.product.features.length === 0) return <EmptyState what={data.period.label} />;
          const overall = stages[1]?.reached ?? null;
          const features = byNeededHelp(data.departments.product.features, first.key);
          const columns: Column<Feature>[] = [
            { header: 'Feature', value: (f) => f.feature },
            { header: 'Adopters', value: (f) => f.adopters, render: (f) => formatCount(f.adopters), numeric: true },
            { header: 'Adoption', value: (f) => f.adoption, render: (f) => formatShare(f.adoption), numeric: true },
            {
              header: 'Change (pts)',
              value: (f) => displayedPointsChange(f.adoption, f.previousAdoption),
              render: (f) => formatPoints(displayedPointsChange(f.adoption, f.previousAdoption)),
              numeric: true,
            },
            {
              header: 'Adopters needing help',
              value: (f) => neededHelp(f, first.key),
              render: (f) => {
                const share = neededHelp(f, first.key);
                const above = share !== null && overall !== null && share > overall + 0.05;
                return (
                  <span className={above ? 'bad-text' : undefined}>
                    {formatShare(share)}
                    {above && <span className="tag tag--warning">above average</span>}
                  </span>
                );
              },
              numeric: true,
            },
            ...stages.map((s) => ({
              header: `${s.label} %`,
              value: (f: Feature) => f.stageMix[s.key] ?? null,
              render: (f: Feature) => formatShare(f.stageMix[s.key] ?? null),
              numeric: true,
            })),
            { header: 'Stage mix', screenOnly: true, value: () => null, render: (f) => <StageMixBar mix={f.stageMix} stages={stages} /> },
          ];
          return (
            <section className="card">
              <p>
                Sorted by the share of each feature’s adopters who needed in-product help or more. Across all active customers it was{' '}
                <strong>{formatShare(overall)}</strong>; features well above that are marked: their users need help the product does not give.
              </p>
              <DataTable caption={`Features, ${data.period.label}`} columns={columns} rows={features} rowKey={(f) => f.feature} />
            </section>
          );
        }}
      </QueryState>
    </>
  );
}
