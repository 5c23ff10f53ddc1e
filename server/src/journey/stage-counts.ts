import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { scopedCustomerPeriods, type LadderStage, type Scope } from './source.ts';

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

/**
 * Counts per stage rank over the active customers of one period. `churnEnd` closes the
 * churn window [period start, churnEnd). Stages without customers are absent.
 */
export async function getStageCounts(db: Kysely<Database>, scope: Scope, ladder: LadderStage[], churnEnd: Date) {
  const cp = scopedCustomerPeriods(scope, ladder, { mrr: true });
  const result = await sql<Omit<StageCounts, 'channels'>>`
    with cp as ${cp},
    churners as (
      select distinct customer_id from events
      where type = 'churned' and occurred_at >= ${scope.from} and occurred_at < ${churnEnd}
    )
    select cp.stage::int as stage,
      count(*)::int as customers,
      coalesce(sum(cp.mrr), 0)::float8 as mrr,
      count(cp.nps_score)::int as "npsResponses",
      (count(*) filter (where cp.nps_score >= 9))::int as promoters,
      (count(*) filter (where cp.nps_score <= 6))::int as detractors,
      (count(ch.customer_id))::int as churned,
      sum(cp.help_views)::int as "helpViews",
      sum(cp.chatbot_conversations)::int as "chatbotConversations",
      sum(cp.phone_calls)::int as "phoneCalls",
      sum(cardinality(cp.features))::int as "featureSum"
    from cp left join churners ch on ch.customer_id = cp.customer_id
    where cp.active
    group by cp.stage
    order by cp.stage`.execute(db);

  const channels = await sql<{ stage: number; channel: string; n: number }>`
    with cp as ${cp}
    select cp.stage::int as stage, ch as channel, count(*)::int as n
    from cp, unnest(cp.contact_channels) as ch
    group by cp.stage, ch`.execute(db);

  return result.rows.map((row): StageCounts => {
    const byChannel: Record<string, number> = {};
    for (const c of channels.rows) if (c.stage === row.stage) byChannel[c.channel] = c.n;
    return { ...row, channels: byChannel };
  });
}
