import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { getProfileCountRows, summariesAnswer } from './profile-counts.ts';
import { joinSegmentByHash, scopedCustomerPeriods, type LadderStage, type Scope } from './source.ts';

/** What SQL counts for one stage in one period; stage-figures.ts interprets it. */
export interface StageCounts {
  stage: number;
  customers: number;
  mrr: number;
  npsResponses: number;
  promoters: number;
  detractors: number;
  churned: number;
  helpViews: number;
  chatbotConversations: number;
  phoneCalls: number;
  featureSum: number;
  channels: Record<string, number>;
}

/** What SQL counts for the departments in one period; department-figures.ts interprets it. */
export interface DepartmentCounts {
  calls: number;
  callers: number;
  holdMean: number | null;
  holdMedian: number | null;
  holdP90: number | null;
  conversations: number;
  escalated: number;
  helpViews: number;
  helpViewers: number;
  npsResponses: number;
  promoters: number;
  detractors: number;
  /** feature -> stage rank -> active adopters */
  features: Record<string, Record<number, number>>;
}

/** The one row both count statements (this file's and profile-counts.ts's) answer with. */
export interface CountRow {
  stages: Omit<StageCounts, 'channels'>[];
  channels: { stage: number; channel: string; n: number }[];
  totals: Omit<DepartmentCounts, 'features' | 'holdMean' | 'holdMedian' | 'holdP90'>;
  hold: { mean: number | null; median: number | null; p90: number | null };
  adopters: { feature: string; stage: number; n: number }[];
}

/**
 * Every count of one period in one statement: per stage over its active customers (churn
 * in [period start, churnEnd)), and per department over all of the period's customers.
 * The period's customer rows are read once and every count is taken from them; without
 * a segment the period summaries give the same counts far faster (profile-counts.ts).
 */
export async function getPeriodCountRows(
  db: Kysely<Database>,
  scope: Scope,
  ladder: LadderStage[],
  churnEnd: Date,
): Promise<{ stages: StageCounts[]; departments: DepartmentCounts }> {
  if (summariesAnswer(scope)) return getProfileCountRows(db, scope, ladder, churnEnd);
  return scanPeriodCountRows(db, scope, ladder, churnEnd);
}

/** getPeriodCountRows from one row per customer: for segments and days (and to check the summaries). */
export async function scanPeriodCountRows(
  db: Kysely<Database>,
  scope: Scope,
  ladder: LadderStage[],
  churnEnd: Date,
): Promise<{ stages: StageCounts[]; departments: DepartmentCounts }> {
  await joinSegmentByHash(db, scope.segment);
  const result = await sql<CountRow>`
    with cp as materialized ${scopedCustomerPeriods(scope, ladder, { mrr: true })},
    churners as (
      select distinct customer_id from events
      where type = 'churned' and occurred_at >= ${scope.from} and occurred_at < ${churnEnd}
    ),
    stages as (
      select cp.stage::int as stage, count(*)::int as customers, coalesce(sum(cp.customer_mrr), 0)::float8 as mrr,
        count(cp.nps_score)::int as "npsResponses",
        (count(*) filter (where cp.nps_score >= 9))::int as promoters,
        (count(*) filter (where cp.nps_score <= 6))::int as detractors,
        count(ch.customer_id)::int as churned,
        sum(cp.help_views)::int as "helpViews",
        sum(cp.chatbot_conversations)::int as "chatbotConversations",
        sum(cp.phone_calls)::int as "phoneCalls",
        sum(cardinality(cp.features))::int as "featureSum"
      from cp left join churners ch on ch.customer_id = cp.customer_id
      where cp.active
      group by cp.stage
    ),
    channels as (
      select cp.stage::int as stage, ch as channel, count(*)::int as n
      from cp, unnest(cp.contact_channels) as ch group by 1, 2
    ),
    totals as (
      select coalesce(sum(phone_calls), 0)::int as calls,
        (count(*) filter (where phone_calls > 0))::int as callers,
        coalesce(sum(chatbot_conversations), 0)::int as conversations,
        coalesce(sum(chatbot_escalated), 0)::int as escalated,
        coalesce(sum(help_views), 0)::int as "helpViews",
        (count(*) filter (where help_views > 0))::int as "helpViewers",
        count(nps_score)::int as "npsResponses",
        (count(*) filter (where nps_score >= 9))::int as promoters,
        (count(*) filter (where nps_score <= 6))::int as detractors
      from cp
    ),
    hold as (
      select avg(h)::float8 as mean,
        percentile_cont(0.5) within group (order by h) as median,
        percentile_cont(0.9) within group (order by h) as p90
      from cp, unnest(cp.hold_seconds) as h
    ),
    adopters as (
      select f as feature, cp.stage::int as stage, count(*)::int as n
      from cp, unnest(cp.features) as f where cp.active group by 1, 2
    )
    ${COUNT_ROW}`.execute(db);

  return fromCountRow(result.rows[0]!);
}

/** The last part of both count statements: the CTEs stages, channels, totals, hold and adopters as one CountRow. */
export const COUNT_ROW = sql`
    select
      (select coalesce(json_agg(s order by s.stage), '[]') from stages s) as stages,
      (select coalesce(json_agg(c), '[]') from channels c) as channels,
      (select row_to_json(t) from totals t) as totals,
      (select row_to_json(h) from hold h) as hold,
      (select coalesce(json_agg(a), '[]') from adopters a) as adopters`;

/** Stage and department counts from a count statement's row. */
export function fromCountRow(row: CountRow): { stages: StageCounts[]; departments: DepartmentCounts } {
  const stages = row.stages.map((s): StageCounts => {
    const channels: Record<string, number> = {};
    for (const c of row.channels) if (c.stage === s.stage) channels[c.channel] = c.n;
    return { ...s, channels };
  });
  const features: DepartmentCounts['features'] = {};
  for (const a of row.adopters) (features[a.feature] ??= {})[a.stage] = a.n;
  return {
    stages,
    departments: { ...row.totals, holdMean: row.hold.mean, holdMedian: row.hold.median, holdP90: row.hold.p90, features },
  };
}
