import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/index.ts';

// Per 15-minute bucket, how many customers appeared (were created or first seen) and how
// many first churned: finance's churn rate reads a few thousand of these instead of every
// customer. customer_milestones counts the whole company, segment_milestones each attribute set. A trigger on customers appends each change (migrations/…-customer-milestones);
// this file holds the rest.

/** Buckets are this long, from midnight UTC: every period starts on a bucket's edge. */
export const MILESTONE_BUCKET_MS = 15 * 60 * 1000;

/** The bucket a time falls in, as the migration's trigger computes it. */
function bucketOf(time: RawBuilder<unknown>): RawBuilder<Date> {
  return sql`date_bin('15 minutes', ${time}, timestamptz '2000-01-01 00:00:00+00')`;
}

/**
 * Sets every customer's first_seen_at and first_churned_at from the events (their earliest
 * event, and earliest `churned` one), then counts the milestones again. Run with the summary
 * triggers off (withoutSummaryTriggers): it rewrites them all.
 */
export async function rebuildCustomerMilestones(trx: Kysely<Database>): Promise<void> {
  await sql`
    update customers c set first_seen_at = ev.first_seen, first_churned_at = ev.first_churned
    from (select c2.id, min(e.occurred_at) as first_seen, min(e.occurred_at) filter (where e.type = 'churned') as first_churned
          from customers c2 left join events e on e.customer_id = c2.id
          group by c2.id) ev
    where ev.id = c.id and (c.first_seen_at is distinct from ev.first_seen or c.first_churned_at is distinct from ev.first_churned)`.execute(trx);
  await sql`delete from customer_milestones`.execute(trx);
  await sql`delete from segment_milestones`.execute(trx);
  const milestones = sql`
    select ${bucketOf(sql`least(created_at, first_seen_at)`)} as bucket, attribute_set, 1 as appeared, 0 as churned
    from customers where coalesce(created_at, first_seen_at) is not null
    union all
    select ${bucketOf(sql`first_churned_at`)}, attribute_set, 0, 1 from customers where first_churned_at is not null`;
  await sql`
    insert into customer_milestones (bucket, appeared, churned)
    select bucket, sum(appeared), sum(churned) from (${milestones}) x group by bucket`.execute(trx);
  await sql`
    insert into segment_milestones (bucket, attribute_set, appeared, churned)
    select bucket, attribute_set, sum(appeared), sum(churned) from (${milestones}) x group by bucket, attribute_set`.execute(trx);
}
