import { movementFromCells, previousPeriod, type MovementResponse, type Period, type Settings } from '@canopy/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { periodJson } from './forest.ts';
import { EXACT, getCachedCountsPerPeriod, type Freshness } from './counts-cache.ts';
import { getMovementCells, type MovementCell } from './movement-counts.ts';
import type { Segment } from './source.ts';

/** Where the previous period's customers went in this one, as a stage-by-stage matrix and summary. */
export async function getMovement(
  db: Kysely<Database>,
  period: Period,
  segment: Segment,
  settings: Settings,
  freshness: Freshness = EXACT,
): Promise<MovementResponse> {
  const before = previousPeriod(period);
  const scope = (p: Period) => ({ grain: p.grain, from: p.start, to: p.end, timezone: p.timezone, segment, onePeriod: true });
  // Cached with the period: an event in either period lands before its end, and drops it.
  const cached = await getCachedCountsPerPeriod<MovementCell[]>(
    db,
    'movement',
    [period],
    segment,
    settings,
    async (trx) => new Map([[period.start.getTime(), await getMovementCells(trx, scope(before), scope(period), settings.ladder)]]),
    { churnWindow: false, freshness },
  );
  const cells = cached.counts.get(period.start.getTime()) ?? [];
  const { matrix, summary } = movementFromCells(cells, settings.ladder.length);
  const keys = settings.ladder.map((s) => s.key);
  return {
    period: periodJson(period),
    previousPeriod: periodJson(before),
    segment,
    stages: settings.ladder.map((s, i) => ({ key: s.key, label: s.label, rank: i + 1 })),
    matrix: Object.fromEntries(keys.map((from, i) => [from, Object.fromEntries(keys.map((to, j) => [to, matrix[i]![j]!]))])),
    ...summary,
    ...(cached.stale ? { refreshing: true } : {}),
  };
}
