import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

// Finance's churn rate needs, for a period starting at s, how many customers existed at s
// (created or first seen before it) and had not churned before it. Counting that from the
// customers table reads every customer: a second at a million. So:
//
// - customers.first_churned_at: the time of the customer's first `churned` event, kept by
//   ingestion next to first_seen_at.
// - customer_milestones: per 15-minute bucket, how many customers appeared in it (the
//   earlier of created_at and first_seen_at) and how many first churned in it. Every period
//   of every grain starts on such a bucket's edge in every time zone in use (UTC offsets are
//   whole quarter hours), so "before s" is a sum over whole buckets.
//
// Like the period summaries, the table holds changes: a bucket's value is the sum of its
// rows. A statement trigger on customers appends each change (old row -1, new row +1), and
// compaction (rollups/summaries.ts) folds the rows together now and then.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customers').addColumn('first_churned_at', 'timestamptz').execute();
  await sql`
    update customers c set first_churned_at = ch.at
    from (select customer_id, min(occurred_at) as at from events where type = 'churned' group by customer_id) ch
    where ch.customer_id = c.id`.execute(db);
  // Finds the customers who first churned in a period.
  await sql`create index customers_first_churned_idx on customers (first_churned_at) where first_churned_at is not null`.execute(db);

  await sql`
    create table customer_milestones (
      bucket timestamptz not null,
      appeared integer not null,
      churned integer not null
    )`.execute(db);
  await sql`create index customer_milestones_bucket_idx on customer_milestones (bucket)`.execute(db);

  // Static statements (one per kind of change) are planned once per connection; a dynamic
  // EXECUTE would be planned again at every statement.
  const summarize = (changed: string) => `
        with changed as (${changed})
        insert into customer_milestones (bucket, appeared, churned)
        select bucket, sum(appeared), sum(churned) from (
          select date_bin('15 minutes', least(created_at, first_seen_at), timestamptz '2000-01-01 00:00:00+00') as bucket,
            sign as appeared, 0 as churned
          from changed where coalesce(created_at, first_seen_at) is not null
          union all
          select date_bin('15 minutes', first_churned_at, timestamptz '2000-01-01 00:00:00+00'), 0, sign
          from changed where first_churned_at is not null
        ) x
        group by bucket having sum(appeared) <> 0 or sum(churned) <> 0`;
  await sql`
    create function customers_summarize() returns trigger language plpgsql as $fn$
    begin
      if current_setting('canopy.skip_period_summaries', true) = 'on' then
        return null;
      end if;
      if TG_OP = 'INSERT' then
        ${sql.raw(summarize('select 1 as sign, * from new_rows'))};
      elsif TG_OP = 'UPDATE' then
        ${sql.raw(summarize('select -1 as sign, * from old_rows union all select 1, * from new_rows'))};
      else
        ${sql.raw(summarize('select -1 as sign, * from old_rows'))};
      end if;
      return null;
    end
    $fn$`.execute(db);
  await sql`create trigger customers_summarize_insert after insert on customers
    referencing new table as new_rows for each statement execute function customers_summarize()`.execute(db);
  await sql`create trigger customers_summarize_update after update on customers
    referencing old table as old_rows new table as new_rows for each statement execute function customers_summarize()`.execute(db);
  await sql`create trigger customers_summarize_delete after delete on customers
    referencing old table as old_rows for each statement execute function customers_summarize()`.execute(db);

  await sql`
    insert into customer_milestones (bucket, appeared, churned)
    select bucket, sum(appeared), sum(churned) from (
      select date_bin('15 minutes', least(created_at, first_seen_at), timestamptz '2000-01-01 00:00:00+00') as bucket, 1 as appeared, 0 as churned
      from customers where coalesce(created_at, first_seen_at) is not null
      union all
      select date_bin('15 minutes', first_churned_at, timestamptz '2000-01-01 00:00:00+00'), 0, 1
      from customers where first_churned_at is not null
    ) x group by bucket`.execute(db);
  await sql`delete from period_counts_cache`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger customers_summarize_delete on customers`.execute(db);
  await sql`drop trigger customers_summarize_update on customers`.execute(db);
  await sql`drop trigger customers_summarize_insert on customers`.execute(db);
  await sql`drop function customers_summarize()`.execute(db);
  await sql`drop table customer_milestones`.execute(db);
  await sql`drop index customers_first_churned_idx`.execute(db);
  await db.schema.alterTable('customers').dropColumn('first_churned_at').execute();
}
