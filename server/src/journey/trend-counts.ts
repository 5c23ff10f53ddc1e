import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { getProfileTrendCells, summariesAnswer } from './profile-counts.ts';
import { joinSegmentByHash, scopedCustomerPeriods, type LadderStage, type Scope } from './source.ts';

/** Counts of one stage (or of everyone, stage null) in one period of a trend. */
export interface TrendCell {
  periodStart: Date;
  stage: number | null;
  customers: number;
  npsResponses: number;
  promoters: number;
  detractors: number;
}

/**
 * Per period and stage: active customers and NPS counts; plus one row per period with
 * stage null holding the NPS counts of every responder (active or not).
 */
export async function getTrendCells(db: Kysely<Database>, scope: Scope, ladder: LadderStage[]): Promise<TrendCell[]> {
  if (summariesAnswer(scope)) return getProfileTrendCells(db, scope, ladder);
  return scanTrendCells(db, scope, ladder);
}

/** getTrendCells from one row per customer: for segments and days (and to check the summaries). */
export async function scanTrendCells(db: Kysely<Database>, scope: Scope, ladder: LadderStage[]): Promise<TrendCell[]> {
  await joinSegmentByHash(db, scope.segment);
  const result = await sql<TrendCell>`
    with cp as ${scopedCustomerPeriods(scope, ladder)}
    select period_start as "periodStart", stage::int as stage,
      count(*)::int as customers,
      count(nps_score)::int as "npsResponses",
      (count(*) filter (where nps_score >= 9))::int as promoters,
      (count(*) filter (where nps_score <= 6))::int as detractors
    from cp where active group by period_start, stage
    union all
    select period_start, null, 0,
      count(nps_score)::int, (count(*) filter (where nps_score >= 9))::int, (count(*) filter (where nps_score <= 6))::int
    from cp group by period_start
    order by 1, 2`.execute(db);
  return result.rows;
}
