import type { DrilldownEvent, DrilldownResponse, Period, Settings } from '@canopy/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { EXACT, getCachedCountsPerPeriod, type Freshness } from './counts-cache.ts';
import { EVENTS_PER_CUSTOMER, getCustomerEvents, getStageCustomers, type DrilldownEventRow } from './drilldown-queries.ts';
import { periodJson } from './forest.ts';
import type { Segment } from './source.ts';

/** Customers per drill-down page. */
export const DRILLDOWN_PAGE_SIZE = 50;

type DrilldownPage = Pick<DrilldownResponse, 'customers' | 'nextCursor'>;

/**
 * One page of the customers at a stage in the period, with their events and NPS comments
 * verbatim. The first page, the one a dashboard opens, is kept like the counts (per period,
 * stage, segment and ladder) and read again only when data that reaches the period arrived
 * (see counts-cache.ts; with `freshness`, the page from before is served marked refreshing
 * while it is read again). Later pages are read every time.
 */
export async function getDrilldown(
  db: Kysely<Database>,
  period: Period,
  stageRank: number,
  segment: Segment,
  settings: Settings,
  cursor: string | undefined,
  limit = DRILLDOWN_PAGE_SIZE,
  freshness: Freshness = EXACT,
): Promise<DrilldownResponse> {
  const read = (trx: Kysely<Database>) => readPage(trx, period, stageRank, segment, settings, cursor, limit);
  const stage = settings.ladder[stageRank - 1]!;
  const head = { period: periodJson(period), stage: { key: stage.key, label: stage.label, rank: stageRank }, segment };
  if (cursor !== undefined) {
    // One transaction: the page's planner settings stay inside it, and both reads share one connection.
    return { ...head, ...(await db.transaction().execute(read)) };
  }
  const cached = await getCachedCountsPerPeriod<DrilldownPage>(
    db,
    `drilldown:${stageRank}:${limit}`,
    [period],
    segment,
    settings,
    async (trx) => new Map([[period.start.getTime(), await read(trx)]]),
    { churnWindow: false, freshness },
  );
  return { ...head, ...cached.counts.get(period.start.getTime())!, ...(cached.stale ? { refreshing: true } : {}) };
}

/** Reads one page. Call inside a transaction. */
async function readPage(
  trx: Kysely<Database>,
  period: Period,
  stageRank: number,
  segment: Segment,
  settings: Settings,
  cursor: string | undefined,
  limit: number,
): Promise<DrilldownPage> {
  const scope = { grain: period.grain, from: period.start, to: period.end, timezone: period.timezone, segment, onePeriod: true };
  const rows = await getStageCustomers(trx, scope, settings.ladder, stageRank, cursor, limit + 1);
  const page = rows.slice(0, limit);
  const events = await getCustomerEvents(trx, page.map((c) => c.id), period.start, period.end);
  return {
    customers: page.map((c) => {
      const mine = events.filter((e) => e.customer_id === c.id);
      return {
        id: c.id,
        name: c.name,
        mrr: c.mrr,
        attributes: c.attributes,
        eventCount: c.eventCount,
        eventsTruncated: c.eventCount > EVENTS_PER_CUSTOMER,
        events: mine.map(eventJson),
        comments: mine
          .filter((e) => e.type === 'nps_response' && e.comment !== null)
          .map((e) => ({ occurredAt: e.occurred_at.toISOString(), score: e.score!, comment: e.comment! })),
      };
    }),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

function eventJson(e: DrilldownEventRow): DrilldownEvent {
  const optional = {
    feature: e.feature,
    article: e.article,
    escalated: e.escalated,
    resolved: e.resolved,
    holdSeconds: e.hold_seconds,
    talkSeconds: e.talk_seconds,
    score: e.score,
    comment: e.comment,
    reason: e.reason,
    channel: e.channel,
  };
  return {
    id: e.id,
    type: e.type,
    occurredAt: e.occurred_at.toISOString(),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== null)),
  };
}
