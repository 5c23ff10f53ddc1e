import type { Grain } from '@canopy/shared/journey/periods.ts';
import { navigate, useLocation } from './location.ts';

// The view a person shares or bookmarks lives in the URL: grain, a date inside the
// period, the segment filter (repeated segment=key:value) and an optional second segment
// to compare with (repeated compare=key:value). Absent means the server's default.

export const GRAIN_OPTIONS: readonly Grain[] = ['day', 'week', 'month', 'quarter'];

/** A segment filter: attribute key → accepted values (same key OR, different keys AND). */
export type SegmentFilter = Record<string, string[]>;

export interface ViewState {
  grain: Grain;
  /** YYYY-MM-DD inside the period; undefined means today. */
  date: string | undefined;
  segment: SegmentFilter;
  /** The second segment shown side by side; undefined when not comparing. */
  compare: SegmentFilter | undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** key:value pairs (the API's format) as a filter; pairs without a colon are ignored. */
export function parseSegmentPairs(pairs: readonly string[]): SegmentFilter {
  const filter: SegmentFilter = {};
  for (const pair of pairs) {
    const at = pair.indexOf(':');
    if (at <= 0) continue;
    const key = pair.slice(0, at);
    const value = pair.slice(at + 1);
    const values = (filter[key] ??= []);
    if (!values.includes(value)) values.push(value);
  }
  return filter;
}

/** The filter as sorted key:value pairs, so equal filters give equal URLs and query keys. */
export function segmentPairs(filter: SegmentFilter): string[] {
  return Object.keys(filter)
    .sort()
    .flatMap((key) => [...(filter[key] ?? [])].sort().map((value) => `${key}:${value}`));
}

/** Reads the view from search params, falling back to month / today / everyone. */
export function readViewState(search: URLSearchParams): ViewState {
  const grain = search.get('grain');
  const date = search.get('date');
  return {
    grain: GRAIN_OPTIONS.includes(grain as Grain) ? (grain as Grain) : 'month',
    date: date && DATE.test(date) ? date : undefined,
    segment: parseSegmentPairs(search.getAll('segment')),
    compare: search.has('compare') ? parseSegmentPairs(search.getAll('compare')) : undefined,
  };
}

/** The view as search params (defaults left out so URLs stay short). */
export function viewSearch(view: ViewState, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const search = new URLSearchParams();
  if (view.grain !== 'month') search.set('grain', view.grain);
  if (view.date) search.set('date', view.date);
  for (const pair of segmentPairs(view.segment)) search.append('segment', pair);
  if (view.compare) {
    const pairs = segmentPairs(view.compare);
    if (pairs.length === 0) search.append('compare', '');
    for (const pair of pairs) search.append('compare', pair);
  }
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) search.set(key, value);
  return search;
}

/** A link to `pathname` that keeps the current view. */
export function hrefWithView(pathname: string, view: ViewState, extra?: Record<string, string | undefined>): string {
  const search = viewSearch(view, extra).toString();
  return search ? `${pathname}?${search}` : pathname;
}

/** The view of the current URL and a setter that writes a new one into the URL. */
export function useViewState(): [ViewState, (next: Partial<ViewState>) => void] {
  const { pathname, search } = useLocation();
  const view = readViewState(search);
  const update = (next: Partial<ViewState>) => {
    const keep: Record<string, string | undefined> = {};
    for (const [key, value] of search) if (!['grain', 'date', 'segment', 'compare', 'cursor'].includes(key)) keep[key] = value;
    navigate(hrefWithView(pathname, { ...view, ...next }, keep), { replace: false });
  };
  return [view, update];
}
