import type { DrilldownEvent, DrilldownResponse, Period, Settings } from '@canopy/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { EVENTS_PER_CUSTOMER, getCustomerEvents, getStageCustomers, type DrilldownEventRow } from './drilldown-queries.ts';
import { periodJson } from './forest.ts';
import type { Segment } from './source.ts';

/** Customers per drill-down page. */
export const DRILLDOWN_PAGE_SIZE = 50;

/** One page of the customers at a stage in the period, with their events and NPS comments verbatim. */
export async function getDrilldown(
  db: Kysely<Database>,
  period: Period,
  stageRank: number,
  segment: Segment,
  settings: Settings,
  cursor: string | undefined,
  limit = DRILLDOWN_PAGE_SIZE,
): Promise<DrilldownResponse> {
  const scope = { grain: period.grain, from: period.start, to: period.end, timezone: period.timezone, segment, onePeriod: true };
  // One transaction: the page's planner settings stay inside it, and both reads share one connection.
  const { rows, page, events } = await db.transaction().execute(async (trx) => {
    const rows = await getStageCustomers(trx, scope, settings.ladder, stageRank, cursor, limit + 1);
    const page = rows.slice(0, limit);
    return { rows, page, events: await getCustomerEvents(trx, page.map((c) => c.id), period.start, period.end) };
  });
  const stage = settings.ladder[stageRank - 1]!;
  return {
    period: periodJson(period),
    stage: { key: stage.key, label: stage.label, rank: stageRank },
    segment,
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
