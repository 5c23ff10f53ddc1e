import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { scopedCustomerPeriods, type LadderStage, type Scope } from './source.ts';

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

/** Department counts over all customer-periods of the scope (active or not, as the spec says). */
export async function getDepartmentCounts(db: Kysely<Database>, scope: Scope, ladder: LadderStage[]): Promise<DepartmentCounts> {
  const cp = scopedCustomerPeriods(scope, ladder);
  const totals = await sql<Omit<DepartmentCounts, 'features' | 'holdMean' | 'holdMedian' | 'holdP90'>>`
    with cp as ${cp}
    select
      coalesce(sum(phone_calls), 0)::int as calls,
      (count(*) filter (where phone_calls > 0))::int as callers,
      coalesce(sum(chatbot_conversations), 0)::int as conversations,
      coalesce(sum(chatbot_escalated), 0)::int as escalated,
      coalesce(sum(help_views), 0)::int as "helpViews",
      (count(*) filter (where help_views > 0))::int as "helpViewers",
      count(nps_score)::int as "npsResponses",
      (count(*) filter (where nps_score >= 9))::int as promoters,
      (count(*) filter (where nps_score <= 6))::int as detractors
    from cp`.execute(db);

  const hold = await sql<{ mean: number | null; median: number | null; p90: number | null }>`
    with cp as ${cp}
    select avg(h)::float8 as mean,
      percentile_cont(0.5) within group (order by h) as median,
      percentile_cont(0.9) within group (order by h) as p90
    from cp, unnest(cp.hold_seconds) as h`.execute(db);

  const adopters = await sql<{ feature: string; stage: number; n: number }>`
    with cp as ${cp}
    select f as feature, cp.stage::int as stage, count(*)::int as n
    from cp, unnest(cp.features) as f
    where cp.active
    group by f, cp.stage`.execute(db);

  const features: DepartmentCounts['features'] = {};
  for (const row of adopters.rows) (features[row.feature] ??= {})[row.stage] = row.n;
  const h = hold.rows[0];
  return { ...totals.rows[0]!, holdMean: h?.mean ?? null, holdMedian: h?.median ?? null, holdP90: h?.p90 ?? null, features };
}
