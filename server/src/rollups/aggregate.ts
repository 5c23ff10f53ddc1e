import { sql, type RawBuilder } from 'kysely';

/** Grains kept in rollups. Days are read straight from events: a day is small. */
export const ROLLUP_GRAINS = ['week', 'month', 'quarter'] as const;
export type RollupGrain = (typeof ROLLUP_GRAINS)[number];

/** The length of a period of each grain, added in local time so DST days keep their length. */
export const GRAIN_INTERVAL: Record<string, string> = {
  day: '1 day',
  week: '7 days',
  month: '1 month',
  quarter: '3 months',
};

/** Event types that make a customer active in a period (nps_response and churned do not). */
export const ACTIVITY_TYPES = ['feature_used', 'help_viewed', 'chatbot_conversation', 'phone_call', 'contact'];

/** The columns of a customer_periods row, in insert order. */
export const CUSTOMER_PERIOD_COLUMNS = [
  'grain',
  'period_start',
  'customer_id',
  'active',
  'feature_uses',
  'features',
  'help_views',
  'chatbot_conversations',
  'chatbot_escalated',
  'phone_calls',
  'hold_seconds',
  'contact_channels',
  'nps_score',
  'nps_at',
  'nps_event_id',
] as const;

/**
 * The aggregates of one customer's events in one period, as a select list over events
 * `e`, grouped by the caller. This one definition feeds incremental refresh, full rebuild
 * and the day grain's direct read, so they cannot drift apart.
 * A tie between NPS responses at the same instant goes to the larger event id.
 */
export function customerPeriodAggregates(): RawBuilder<unknown> {
  return sql`
    bool_or(e.type in ('feature_used','help_viewed','chatbot_conversation','phone_call','contact')) as active,
    (count(*) filter (where e.type = 'feature_used'))::int as feature_uses,
    coalesce(array_agg(distinct e.feature) filter (where e.type = 'feature_used'), '{}') as features,
    (count(*) filter (where e.type = 'help_viewed'))::int as help_views,
    (count(*) filter (where e.type = 'chatbot_conversation'))::int as chatbot_conversations,
    (count(*) filter (where e.type = 'chatbot_conversation' and e.escalated))::int as chatbot_escalated,
    (count(*) filter (where e.type = 'phone_call'))::int as phone_calls,
    coalesce(array_agg(e.hold_seconds order by e.occurred_at, e.id) filter (where e.type = 'phone_call'), '{}') as hold_seconds,
    coalesce(array_agg(e.channel order by e.occurred_at, e.id) filter (where e.type = 'contact'), '{}') as contact_channels,
    (array_agg(e.score order by e.occurred_at desc, e.id desc) filter (where e.type = 'nps_response'))[1] as nps_score,
    max(e.occurred_at) filter (where e.type = 'nps_response') as nps_at,
    (array_agg(e.id order by e.occurred_at desc, e.id desc) filter (where e.type = 'nps_response'))[1] as nps_event_id`;
}

/**
 * Per customer, the times of their `churned` events (as `customer_id, times`), for the
 * customers `where` selects from events.
 */
export function churnTimesSql(where: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`select customer_id, array_agg(occurred_at) as times from events where type = 'churned' and ${where} group by customer_id`;
}

/**
 * A customer_periods row's churned_on: the local day of the first of the customer's churn
 * `times` at or after the period's `start` (null when none). A stage's churn counts the
 * rows whose day falls before its window's end (migrations/…-churn-per-profile).
 */
export function churnedOnSql(times: RawBuilder<unknown>, start: RawBuilder<unknown>, timezone: string): RawBuilder<unknown> {
  return sql`(select (min(t) at time zone ${timezone})::date from unnest(${times}) as t where t >= ${start})`;
}

/** SQL for the end of the period that starts at `start`: start + one grain, in local time. */
export function periodEndSql(start: RawBuilder<unknown>, grain: string, timezone: string): RawBuilder<unknown> {
  return sql`((${start} at time zone ${timezone}) + ${GRAIN_INTERVAL[grain]}::interval) at time zone ${timezone}`;
}
