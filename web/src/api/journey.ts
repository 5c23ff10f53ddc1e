import type { DrilldownResponse, ForestResponse, MovementResponse, SegmentsResponse, TrendResponse } from '@canopy/shared';
import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { segmentPairs, type SegmentFilter } from '../router/view-state.ts';
import type { Grain } from '@canopy/shared/journey/periods.ts';
import { getJson } from './client.ts';

// One queryOptions factory per journey endpoint; every parameter is in the query key.

/** What picks a period and a segment: the part of the view every journey read takes. */
export interface PeriodParams {
  grain: Grain;
  date: string | undefined;
  segment: SegmentFilter;
}

const params = (p: PeriodParams) => ({ grain: p.grain, date: p.date, segment: segmentPairs(p.segment) });

/** Figures served while the server recounts them for newer data are asked for again shortly. */
const whileRefreshing = (query: { state: { data?: { refreshing?: boolean } } }) => (query.state.data?.refreshing ? 3000 : false);

/** GET /api/v1/forest: the forest of one period for one segment. */
export const forestQuery = (p: PeriodParams) =>
  queryOptions({
    queryKey: ['forest', p.grain, p.date ?? 'today', segmentPairs(p.segment)],
    queryFn: ({ signal }) => getJson<ForestResponse>('/api/v1/forest', params(p), signal),
    placeholderData: keepPreviousData,
    refetchInterval: whileRefreshing,
  });

/** GET /api/v1/trend: stage shares and NPS for `periods` periods ending with the one containing `date`. */
export const trendQuery = (p: PeriodParams & { from?: string }) =>
  queryOptions({
    queryKey: ['trend', p.grain, p.from ?? 'default', p.date ?? 'today', segmentPairs(p.segment)],
    queryFn: ({ signal }) =>
      getJson<TrendResponse>('/api/v1/trend', { grain: p.grain, from: p.from, to: p.date, segment: segmentPairs(p.segment) }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: whileRefreshing,
  });

/** GET /api/v1/movement: where the previous period's customers are now. */
export const movementQuery = (p: PeriodParams) =>
  queryOptions({
    queryKey: ['movement', p.grain, p.date ?? 'today', segmentPairs(p.segment)],
    queryFn: ({ signal }) => getJson<MovementResponse>('/api/v1/movement', params(p), signal),
    placeholderData: keepPreviousData,
    refetchInterval: whileRefreshing,
  });

/** GET /api/v1/stages/:key/customers, page by page (cursor). */
export const drilldownQuery = (p: PeriodParams & { stage: string; limit?: number }) =>
  infiniteQueryOptions({
    queryKey: ['drilldown', p.stage, p.grain, p.date ?? 'today', segmentPairs(p.segment), p.limit ?? 'default'],
    queryFn: ({ signal, pageParam }) =>
      getJson<DrilldownResponse>(`/api/v1/stages/${encodeURIComponent(p.stage)}/customers`, { ...params(p), cursor: pageParam, limit: p.limit }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Only the first page is ever served from before newer data (see the API's `refreshing`).
    refetchInterval: (query) => (query.state.data?.pages[0]?.refreshing ? 3000 : false),
  });

/** GET /api/v1/segments: attribute keys and values for the segment filter. */
export const segmentsQuery = () =>
  queryOptions({
    queryKey: ['segments'],
    queryFn: ({ signal }) => getJson<SegmentsResponse>('/api/v1/segments', {}, signal),
    staleTime: 5 * 60_000,
  });
