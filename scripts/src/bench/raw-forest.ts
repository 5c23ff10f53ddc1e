import { sql, type Kysely } from 'kysely';
import type { Database } from '@canopy/server/db/index.ts';
import type { StageCounts } from '@canopy/server/journey/period-counts.ts';

/** Per-stage counts of one month as a BI tool would write them: straight over raw events, default ladder. */
export type RawStageRow = Pick<StageCounts, 'stage' | 'customers' | 'mrr' | 'npsResponses' | 'promoters' | 'detractors' | 'churned'>;

/** The reference the benchmark compares the rollup path with; identical numbers are asserted. */
export async function rawForest(db: Kysely<Database>, start: Date, end: Date, churnEnd: Date, plan?: string): Promise<RawStageRow[]> {
  const result = await sql<RawStageRow>`
    with per_customer as (
      select e.customer_id,
        case when bool_or(e.type = 'phone_call') then 4 when bool_or(e.type = 'chatbot_conversation') then 3
             when bool_or(e.type = 'help_viewed') then 2 else 1 end as stage,
        bool_or(e.type in ('feature_used','help_viewed','chatbot_conversation','phone_call','contact')) as active,
        (array_agg(e.score order by e.occurred_at desc, e.id desc) filter (where e.type = 'nps_response'))[1] as nps
      from events e
      where e.occurred_at >= ${start} and e.occurred_at < ${end}
      group by e.customer_id
    )
    select p.stage, count(*)::int as customers, coalesce(sum(c.mrr), 0)::float8 as mrr,
      count(p.nps)::int as "npsResponses", (count(*) filter (where p.nps >= 9))::int as promoters,
      (count(*) filter (where p.nps <= 6))::int as detractors,
      (count(*) filter (where exists (select 1 from events x where x.customer_id = p.customer_id and x.type = 'churned'
        and x.occurred_at >= ${start} and x.occurred_at < ${churnEnd})))::int as churned
    from per_customer p join customers c on c.id = p.customer_id
    where p.active ${plan ? sql`and c.attributes ->> 'plan' = ${plan}` : sql``}
    group by p.stage order by p.stage`.execute(db);
  return result.rows;
}
