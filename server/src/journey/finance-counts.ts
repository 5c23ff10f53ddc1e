import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { segmentSql, type Segment } from './source.ts';

/**
 * Finance churn counts for the period [start, end): customers who existed at start (created
 * or first seen before it, and not churned before it), and how many of those churned in it.
 */
export async function getFinanceCounts(db: Kysely<Database>, start: Date, end: Date, segment: Segment) {
  const result = await sql<{ atStart: number; churned: number }>`
    with existing as (
      select c.id from customers c
      where ${segmentSql(segment)}
        and (c.created_at < ${start} or c.first_seen_at < ${start})
        and not exists (
          select 1 from events e where e.customer_id = c.id and e.type = 'churned' and e.occurred_at < ${start})
    )
    select count(*)::int as "atStart",
      (count(*) filter (where exists (
        select 1 from events e where e.customer_id = existing.id and e.type = 'churned'
          and e.occurred_at >= ${start} and e.occurred_at < ${end})))::int as churned
    from existing`.execute(db);
  return result.rows[0]!;
}

/** When the newest event was received, or null with no events. */
export async function getDataAsOf(db: Kysely<Database>): Promise<Date | null> {
  const result = await sql<{ at: Date | null }>`select max(received_at) as at from events`.execute(db);
  return result.rows[0]?.at ?? null;
}
