import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { drilldownQuery } from '../api/journey.ts';
import { settingsQuery } from '../api/settings.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { errorMessage, QueryState } from '../components/QueryState.tsx';
import { describeSegment } from '../components/SegmentPicker.tsx';
import { ViewControls } from '../components/ViewControls.tsx';
import { CustomerCard } from '../forest/CustomerCard.tsx';
import { useLocation } from '../router/location.ts';
import { Link } from '../router/Link.tsx';
import { hrefWithView, useViewState } from '../router/view-state.ts';

/** Drill-down: the customers of one stage in the period, their events and their NPS comments verbatim. */
export default function CustomersPage() {
  const [view] = useViewState();
  const { search } = useLocation();
  const settings = useQuery(settingsQuery());
  const ladder = settings.data?.ladder ?? [];
  const stageKey = search.get('stage') ?? ladder[ladder.length - 1]?.key;
  const pages = useInfiniteQuery({ ...drilldownQuery({ ...view, stage: stageKey ?? '' }), enabled: Boolean(stageKey) });
  const first = pages.data?.pages[0];
  const customers = pages.data?.pages.flatMap((p) => p.customers) ?? [];
  const query = { data: pages.data, error: pages.error, isFetching: pages.isFetching, dataUpdatedAt: pages.dataUpdatedAt, refetch: pages.refetch };
  return (
    <>
      <PageHeader
        title={first ? `Customers: ${first.stage.label}` : 'Customers'}
        subtitle={first ? `${first.period.label} · ${describeSegment(view.segment)}${first.refreshing ? ' (updating for newer data…)' : ''}` : undefined}
      />
      <ViewControls period={first?.period} />
      <nav aria-label="Stages" className="stage-tabs">
        <ul>
          {ladder.map((s) => (
            <li key={s.key}>
              <Link to={hrefWithView('/customers', view, { stage: s.key })} aria-current={s.key === stageKey ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <QueryState query={query} what="customers">
        {() => (
          <>
            {customers.length === 0 ? (
              <p className="notice notice--info">No customers on this stage in this period.</p>
            ) : (
              <div className="customers" data-testid="customers">
                {customers.map((c) => (
                  <CustomerCard key={c.id} customer={c} />
                ))}
              </div>
            )}
            {pages.hasNextPage && (
              <button type="button" className="button no-print" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
                {pages.isFetchingNextPage ? 'Loading more…' : 'Show more customers'}
              </button>
            )}
            {pages.isFetchNextPageError && pages.error && <p role="alert">{errorMessage(pages.error)}</p>}
          </>
        )}
      </QueryState>
    </>
  );
}
