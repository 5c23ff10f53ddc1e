import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { invalidateCounts } from '../journey/counts-cache.ts';
import { churnedOnSql, churnTimesSql, CUSTOMER_PERIOD_COLUMNS, customerPeriodAggregates, ROLLUP_GRAINS } from './aggregate.ts';
import { getRollupTimezone } from './timezone.ts';

/** A just-stored event as far as rollups care: which, whose, when and what. */
export interface RollupKey {
  id: string;
  customer_id: string;
  occurred_at: Date;
  type: string;
}

/**
 * Adds stored events to the rollups of their (customer, period), for every rollup grain.
 * Call with each event exactly once, inside a rollup pass (rollups/queue.ts) or another
 * transaction holding its lock: passes run one at a time, so a churn marking a customer's
 * rows and a new row of that customer taking its churn day always see each other.
 *
 * Every rollup figure combines exactly: counts add, feature sets merge, hold times and
 * contact channels append, and the latest NPS response is whichever is later by
 * (occurred_at, event id). So late and out-of-order events leave rows exact, and the work
 * is proportional to the new events only.
 */
export async function refreshRollupsForEvents(trx: Kysely<Database>, events: RollupKey[]): Promise<void> {
  if (events.length === 0) return;
  const timezone = await getRollupTimezone(trx);
  const ids = events.map((e) => e.id);
  const cp = sql.ref('customer_periods');

  const customerIds = [...new Set(events.map((e) => e.customer_id))];
  const churned = events.filter((e) => e.type === 'churned');

  // One statement for every grain: the new events are read once. A new row takes the
  // customer's mrr and attribute set; an existing row already has them (keepRollupCustomers keeps them current). The
  // statement's triggers carry the change into the period summaries (migrations/…-period-summaries).
  await sql`
    insert into customer_periods (${sql.join(CUSTOMER_PERIOD_COLUMNS.map((c) => sql.ref(c)))}, mrr, attribute_set, churned_on)
    select r.*, ${churnedOnSql(sql`ch.times`, sql`r.period_start`, timezone)}
    from (
      select g.grain, date_trunc(g.grain, e.occurred_at, ${timezone}) as period_start, e.customer_id, ${customerPeriodAggregates()}, max(c.mrr) as mrr,
        max(c.attribute_set) as attribute_set
      from events e
      join customers c on c.id = e.customer_id
      cross join unnest(${[...ROLLUP_GRAINS]}::text[]) as g(grain)
      where e.id = any(${ids}::text[])
      group by 1, 2, 3
    ) r
    left join (${churnTimesSql(sql`customer_id = any(${customerIds}::text[])`)}) ch on ch.customer_id = r.customer_id
    order by 1, 2, 3
    on conflict (grain, period_start, customer_id) do update set
      active = ${cp}.active or excluded.active,
      feature_uses = ${cp}.feature_uses + excluded.feature_uses,
      features = array(select distinct f from unnest(${cp}.features || excluded.features) as f order by f),
      help_views = ${cp}.help_views + excluded.help_views,
      chatbot_conversations = ${cp}.chatbot_conversations + excluded.chatbot_conversations,
      chatbot_escalated = ${cp}.chatbot_escalated + excluded.chatbot_escalated,
      phone_calls = ${cp}.phone_calls + excluded.phone_calls,
      hold_seconds = ${cp}.hold_seconds || excluded.hold_seconds,
      contact_channels = ${cp}.contact_channels || excluded.contact_channels,
      nps_score = case when ${newerNps} then excluded.nps_score else ${cp}.nps_score end,
      nps_event_id = case when ${newerNps} then excluded.nps_event_id else ${cp}.nps_event_id end,
      nps_at = case when ${newerNps} then excluded.nps_at else ${cp}.nps_at end`.execute(trx);

  // Each new churn is the first at or after the start of every period of its customer that
  // starts before it, unless an earlier churn already is. The rows are found by customer
  // (an index), whatever the planner's statistics say about the table.
  if (churned.length > 0) {
    const firstChurnDay = churnedOnSql(sql`array(select ch.at from ch where ch.customer_id = cp.customer_id)`, sql`cp.period_start`, timezone);
    await sql`
      with ch(customer_id, at) as (
        select * from unnest(${churned.map((e) => e.customer_id)}::text[], ${churned.map((e) => new Date(e.occurred_at).toISOString())}::timestamptz[])
      )
      update customer_periods cp set churned_on = ${firstChurnDay}
      where cp.customer_id = any(${[...new Set(churned.map((e) => e.customer_id))]}::text[])
        and cp.period_start <= (select max(ch.at) from ch where ch.customer_id = cp.customer_id)
        and (cp.churned_on is null or cp.churned_on > ${firstChurnDay})`.execute(trx);
  }

  // These events can change the figures of every period that ends after the earliest of
  // them, and churned ones the churn figures of every period whose churn window ends after them.
  await invalidateCounts(trx, earliest(events), earliest(events.filter((e) => e.type === 'churned')));
}

/** The earliest time among these events (null for none). */
function earliest(events: RollupKey[]): Date | null {
  if (events.length === 0) return null;
  return new Date(events.reduce((min, e) => Math.min(min, new Date(e.occurred_at).getTime()), Infinity));
}

/** The new events hold a later NPS response than the row: by time, then by event id. */
const newerNps = sql`excluded.nps_at is not null and (customer_periods.nps_at is null
  or (excluded.nps_at, excluded.nps_event_id) > (customer_periods.nps_at, customer_periods.nps_event_id))`;
