import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { MILESTONE_BUCKET_MS } from '../rollups/milestones.ts';
import { segmentSetsSql, segmentSql, type Segment } from './source.ts';

export interface FinanceCounts {
  atStart: number;
  churned: number;
}

/**
 * Finance churn counts for the period [start, end): customers who existed at start (created
 * or first seen before it, and not churned before it), and how many of those churned in it.
 *
 * A customer who churned before start existed before it (a churned event is an event), so
 * atStart = customers who appeared before start - customers who first churned before start,
 * and churned = customers who first churned in [start, end) and appeared before start.
 */
export async function getFinanceCounts(db: Kysely<Database>, start: Date, end: Date, segment: Segment): Promise<FinanceCounts> {
  const onBucketEdge = start.getTime() % MILESTONE_BUCKET_MS === 0;
  if (onBucketEdge) return milestoneFinanceCounts(db, start, end, segment);
  return scanFinanceCounts(db, start, end, segment);
}

/**
 * getFinanceCounts from the milestones (customer_milestones, or per attribute set
 * segment_milestones for the sets inside a segment) and the customers who first churned in the period.
 */
async function milestoneFinanceCounts(db: Kysely<Database>, start: Date, end: Date, segment: Segment): Promise<FinanceCounts> {
  const whole = Object.keys(segment).length === 0;
  const sets = segmentSetsSql(segment);
  const milestones = whole
    ? sql`select appeared, churned from customer_milestones where bucket < ${start}`
    : sql`select appeared, churned from segment_milestones where attribute_set = any(${sets}) and bucket < ${start}`;
  const result = await sql<FinanceCounts>`
    select
      (select coalesce(sum(appeared) - sum(churned), 0) from (${milestones}) m)::int as "atStart",
      (select count(*) from customers
       where first_churned_at >= ${start} and first_churned_at < ${end}
         and least(created_at, first_seen_at) < ${start}
         ${whole ? sql`` : sql`and attribute_set = any(${sets})`})::int as churned`.execute(db);
  return result.rows[0]!;
}

/** getFinanceCounts by reading every customer (of the segment). */
export async function scanFinanceCounts(db: Kysely<Database>, start: Date, end: Date, segment: Segment): Promise<FinanceCounts> {
  // Churn events are few: aggregate them once per customer, then one pass over customers.
  const result = await sql<FinanceCounts>`
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
