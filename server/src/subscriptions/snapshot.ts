import type { ForestResponse, Ladder, Period, SectionKey, Settings } from '@canopy/shared';
import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import { drawForestChart, renderSnapshot, type DrawChart, type RenderedSnapshot } from '../email/render.ts';
import type { SnapshotComment } from '../email/snapshot.ts';
import { getForest } from '../journey/forest.ts';
import { scopedCustomerPeriods, type Segment } from '../journey/source.ts';
import { applyAllQueuedRollups } from '../rollups/queue.ts';
import { getSettings } from '../settings/queries.ts';
import type { SubscriptionRow } from './store.ts';

// A subscription's snapshot of one period, from the same forest the dashboard reads (exact
// figures, never stale ones) and up to three NPS comments from the right-most stage.

/** Most customer comments one email quotes. */
export const MAX_COMMENTS = 3;

/**
 * Up to `limit` NPS comments, verbatim, of the customers at the last stage in the period:
 * each customer's latest response in the period (the one their NPS counts), newest first.
 */
export async function getLastStageComments(db: Kysely<Database>, period: Period, segment: Segment, ladder: Ladder, limit = MAX_COMMENTS): Promise<SnapshotComment[]> {
  const scope = { grain: period.grain, from: period.start, to: period.end, timezone: period.timezone, segment, onePeriod: true };
  const rows = scopedCustomerPeriods(scope, ladder);
  const result = await sql<SnapshotComment>`
    select e.score::int as score, e.comment
    from ${rows} cp join events e on e.id = cp.nps_event_id
    where cp.active and cp.stage = ${ladder.length} and e.comment is not null and btrim(e.comment) <> ''
    order by e.occurred_at desc, e.id
    limit ${limit}`.execute(db);
  return result.rows;
}

/** The dashboard at this period and segment. */
export function dashboardUrl(publicUrl: string, period: Period, segment: Segment): string {
  const search = new URLSearchParams();
  search.set('grain', period.grain);
  search.set('date', DateTime.fromJSDate(period.start, { zone: period.timezone }).toISODate()!);
  for (const key of Object.keys(segment).sort()) for (const value of segment[key]!) search.append('segment', `${key}:${value}`);
  return `${publicUrl}/?${search.toString()}`;
}

type Figures = { settings: Settings; forest: ForestResponse; comments: SnapshotComment[] };

/**
 * What snapshots rendered in one pass share: many subscriptions of the same period and
 * segment read the same figures and draw the same chart, once.
 */
export interface SnapshotCache {
  figures: Map<string, Promise<Figures>>;
  charts: Map<string, ReturnType<DrawChart>>;
}

/** An empty cache for one rendering pass (figures are exact at the moment of the pass). */
export function newSnapshotCache(): SnapshotCache {
  return { figures: new Map(), charts: new Map() };
}

async function readFigures(db: Kysely<Database>, period: Period, segment: Segment, withComments: boolean, now: Date): Promise<Figures> {
  // Exact: every event stored so far is in the figures (the rollup worker may not have added the last ones yet).
  await applyAllQueuedRollups(db);
  const settings = await getSettings(db);
  const [forest, comments] = await Promise.all([
    getForest(db, period, segment, settings, now),
    withComments ? getLastStageComments(db, period, segment, settings.ladder) : Promise.resolve([]),
  ]);
  return { settings, forest, comments };
}

/** Renders the snapshot email of `subscription` for `period`. */
export async function buildSnapshot(
  db: Kysely<Database>,
  config: Pick<Config, 'publicUrl'>,
  subscription: SubscriptionRow,
  period: Period,
  now: Date,
  drawChart: DrawChart = drawForestChart,
  cache: SnapshotCache = newSnapshotCache(),
): Promise<RenderedSnapshot> {
  const segment = subscription.segment;
  const sections = subscription.sections as SectionKey[];
  const withComments = sections.includes('comments');
  const key = JSON.stringify([period.grain, period.start, Object.entries(segment).sort(), withComments]);
  let figures = cache.figures.get(key);
  if (!figures) {
    figures = readFigures(db, period, segment, withComments, now);
    cache.figures.set(key, figures);
    figures.catch(() => cache.figures.delete(key)); // a failed read is not remembered
  }
  const { settings, forest, comments } = await figures;
  const cachedDraw: DrawChart = (stages) => {
    const chartKey = JSON.stringify(stages);
    const drawn = cache.charts.get(chartKey) ?? drawChart(stages);
    cache.charts.set(chartKey, drawn);
    return drawn;
  };
  return renderSnapshot(
    {
      forest,
      ladder: settings.ladder,
      sections,
      subscriptionName: subscription.name,
      comments,
      dashboardUrl: dashboardUrl(config.publicUrl, period, segment),
    },
    cachedDraw,
  );
}
