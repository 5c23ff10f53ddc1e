import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { segmentSql, type Segment } from './source.ts';

/**
 * Finance churn counts for the period [start, end): customers who existed at start (created
 * or first seen before it, and not churned before it), and how many of those churned in it.
 */
export async function getFinanceCounts(db: Kysely<Database>, start: Date, end: Date, segment: Segment) {
  // Churn events are few: aggregate them once per customer, then one pass over customers.
  const result = await sql<{ atStart: number; churned: number }>`
    with churn as (
      select customer_id,
        bool_or(occurred_at < ${start}) as before_start,
        bool_or(occurred_at >= ${start}) as during
      from events
      where type = 'churned' and occurred_at < ${end}
      group by customer_id
    )
    select count(*)::int as "atStart", (count(*) filter (where churn.during))::int as churned
    from customers c left join churn on churn.customer_id = c.id
    where ${segmentSql(segment)}
      and (c.created_at < ${start} or c.first_seen_at < ${start})
      and churn.before_start is not true`.execute(db);
  return result.rows[0]!;
}

/** When the newest event was received, or null with no events. */
export async function getDataAsOf(db: Kysely<Database>): Promise<Date | null> {
  const result = await sql<{ at: Date | null }>`select max(received_at) as at from events`.execute(db);
  return result.rows[0]?.at ?? null;
}
