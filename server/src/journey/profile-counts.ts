import { sql, type Kysely, type RawBuilder } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../db/index.ts';
import { COUNT_ROW, fromCountRow, type CountRow, type DepartmentCounts, type StageCounts } from './period-counts.ts';
import { PROFILE } from '../rollups/summaries.ts';
import { segmentSetsSql, stageRankSql, type LadderStage, type Scope, type Segment } from './source.ts';
import type { TrendCell } from './trend-counts.ts';

// The counts of weeks, months and quarters, read from the period summaries
// (rollups/summaries.ts) instead of one row per customer: the company-wide ones (period_*),
// or for a segment the per-attribute-set ones (segment_*) of the sets inside it. Every count
// here is the same number period-counts.ts and trend-counts.ts take from customer_periods;
// tests hold the two side by side (summaries.test.ts).

/** The summary tables a scope reads, and which of their rows (all, or its segment's sets). */
interface SummaryRows {
  profiles: RawBuilder<unknown>;
  items: RawBuilder<unknown>;
  holdTimes: RawBuilder<unknown>;
  rows: RawBuilder<unknown>;
}

function summaryRows(segment: Segment): SummaryRows {
  if (Object.keys(segment).length === 0) {
    return { profiles: sql`period_profiles`, items: sql`period_profile_items`, holdTimes: sql`period_hold_times`, rows: sql`true` };
  }
  return {
    profiles: sql`segment_profiles`,
    items: sql`segment_profile_items`,
    holdTimes: sql`segment_hold_times`,
    // The sets are read once (an array), then the tables' rows of each set by index.
    rows: sql`attribute_set = any(${segmentSetsSql(segment)})`,
  };
}

/**
 * The profiles of the periods `where` selects, each with the sums of its customers'
 * figures: a period's summary rows are changes to be added up (see the migration).
 */
function profileSums(from: SummaryRows, where: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    select ${PROFILE}, sum(customers) as customers, sum(mrr) as mrr, sum(feature_sum) as feature_sum,
      sum(help_views) as help_views, sum(chatbot_conversations) as chatbot_conversations,
      sum(chatbot_escalated) as chatbot_escalated, sum(phone_calls) as phone_calls,
      sum(nps_responses) as nps_responses, sum(promoters) as promoters, sum(detractors) as detractors
    from ${from.profiles} where ${where} and ${from.rows}
    group by ${PROFILE} having sum(customers) <> 0`;
}

/** The summaries answer every scope whose grain is kept in rollups (days are read from events). */
export function summariesAnswer(scope: Scope): boolean {
  return scope.grain !== 'day';
}

/** getPeriodCountRows for one period, from the period summaries. */
export async function getProfileCountRows(
  db: Kysely<Database>,
  scope: Scope,
  ladder: LadderStage[],
  churnEnd: Date,
): Promise<{ stages: StageCounts[]; departments: DepartmentCounts }> {
  const from = summaryRows(scope.segment);
  const inPeriod = sql`grain = ${scope.grain} and period_start = ${scope.from} and ${from.rows}`;
  const result = await sql<CountRow>`
    with p as (
      select cp.*, ${stageRankSql(ladder, 'profile')} as stage
      from (${profileSums(from, sql`grain = ${scope.grain} and period_start = ${scope.from}`)}) cp
    ),
    items as (
      select cp.*, ${stageRankSql(ladder, 'profile')} as stage
      from (select ${PROFILE}, kind, item, sum(n) as n from ${from.items}
            where ${inPeriod} group by ${PROFILE}, kind, item having sum(n) <> 0) cp
    ),
    -- Every churn counted is on or after the period's start (see the migration), so the
    -- window's end is all that is left to check.
    churned as (
      select stage, sum(n) as n from items where kind = 'churn' and active and item < ${churnEndDay(churnEnd, scope.timezone)} group by 1
    ),
    stages as (
      select p.stage::int as stage, sum(p.customers)::int as customers, coalesce(sum(p.mrr), 0)::float8 as mrr,
        sum(p.nps_responses)::int as "npsResponses",
        sum(p.promoters)::int as promoters,
        sum(p.detractors)::int as detractors,
        coalesce(max(ch.n), 0)::int as churned,
        sum(p.help_views)::int as "helpViews",
        sum(p.chatbot_conversations)::int as "chatbotConversations",
        sum(p.phone_calls)::int as "phoneCalls",
        sum(p.feature_sum)::int as "featureSum"
      from p left join churned ch on ch.stage = p.stage
      where p.active
      group by p.stage
    ),
    channels as (
      select stage::int as stage, item as channel, sum(n)::int as n from items where kind = 'channel' group by 1, 2
    ),
    totals as (
      select coalesce(sum(phone_calls), 0)::int as calls,
        coalesce(sum(customers) filter (where has_phone), 0)::int as callers,
        coalesce(sum(chatbot_conversations), 0)::int as conversations,
        coalesce(sum(chatbot_escalated), 0)::int as escalated,
        coalesce(sum(help_views), 0)::int as "helpViews",
        coalesce(sum(customers) filter (where has_help), 0)::int as "helpViewers",
        coalesce(sum(nps_responses), 0)::int as "npsResponses",
        coalesce(sum(promoters), 0)::int as promoters,
        coalesce(sum(detractors), 0)::int as detractors
      from p
    ),
    -- Each hold time with how many calls had it, and how many calls had it or a shorter one.
    hold_rows as (
      select v, n, sum(n) over (order by v) as upto
      from (select hold_seconds as v, sum(calls) as n from ${from.holdTimes}
            where ${inPeriod} group by 1 having sum(calls) <> 0) h
    ),
    hold_total as (select sum(n) as total from hold_rows),
    hold as (
      select (select (sum(v * n) / sum(n)::numeric)::float8 from hold_rows) as mean,
        ${percentileCont(0.5)} as median,
        ${percentileCont(0.9)} as p90
    ),
    adopters as (
      select item as feature, stage::int as stage, sum(n)::int as n from items where kind = 'feature' and active group by 1, 2
    )
    ${COUNT_ROW}`.execute(db);

  return fromCountRow(result.rows[0]!);
}

/**
 * The local day a churn window ends on, as the summaries write churn days (YYYY-MM-DD).
 * A window ends at a local midnight (churnWindowEnd), so churned before its end is churned
 * on a day before this one; any other end would need the churn's time of day.
 */
function churnEndDay(churnEnd: Date, timezone: string): string {
  const local = DateTime.fromJSDate(churnEnd, { zone: timezone });
  if (!local.equals(local.startOf('day'))) throw new RangeError(`A churn window must end at a local midnight; got ${local.toISO()}.`);
  return local.toISODate()!;
}

/**
 * PostgreSQL's percentile_cont(p) over every call's hold time, from hold_rows (value,
 * calls, running total): the same rows picked and the same double-precision arithmetic as
 * its own implementation (orderedsetaggs.c), so both give the identical number.
 */
function percentileCont(p: number): RawBuilder<number | null> {
  const position = sql`(${p}::float8 * (total - 1)::float8)`;
  return sql`(
    select lo + ((${position} - floor(${position})) * (hi - lo))
    from (select total,
            (select v::float8 from hold_rows where upto > floor(${position}) order by v limit 1) as lo,
            (select v::float8 from hold_rows where upto > ceil(${position}) order by v limit 1) as hi
          from hold_total where total > 0) x)`;
}

/** getTrendCells from the period summaries. */
export async function getProfileTrendCells(db: Kysely<Database>, scope: Scope, ladder: LadderStage[]): Promise<TrendCell[]> {
  const result = await sql<TrendCell>`
    with p as (
      select cp.*, ${stageRankSql(ladder, 'profile')} as stage
      from (${profileSums(summaryRows(scope.segment), sql`grain = ${scope.grain} and period_start >= ${scope.from} and period_start < ${scope.to}`)}) cp
    )
    select period_start as "periodStart", stage::int as stage,
      sum(customers)::int as customers,
      sum(nps_responses)::int as "npsResponses",
      sum(promoters)::int as promoters,
      sum(detractors)::int as detractors
    from p where active group by period_start, stage
    union all
    select period_start, null, 0, sum(nps_responses)::int, sum(promoters)::int, sum(detractors)::int
    from p group by period_start
    order by 1, 2`.execute(db);
  return result.rows;
}
