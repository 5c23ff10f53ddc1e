import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

// Counting a period from customer_periods reads one row per customer: 90,000 rows for a
// month at 100k customers, 900,000 at a million, seconds of work. Most figures do not
// need the single customer, only how many customers did what. So each period also keeps
// summaries, maintained by triggers in the same statement that changes customer_periods:
//
// - period_profiles: per (grain, period, profile), how many customers and the sums of
//   their figures. A profile is what decides a customer's stage under any ladder: active
//   or not, any help view, chatbot conversation or phone call, and the set of contact
//   channels. So the ladder can still change without rebuilding anything.
// - period_profile_items: per profile, how many customers used each feature and how many
//   contact events each channel had.
// - period_hold_times: how many calls had each hold time (the median needs them all).
//
// Each table holds changes: a key's value is the sum of its rows, and compaction
// (rollups/summaries.ts) folds them together now and then.
//
// The company-wide figures (no segment) are read from these: a few dozen rows instead of
// a row per customer. Segments, movement and drill-down still read customer_periods.
//
// For revenue, customer_periods now carries the customer's mrr too; changing a customer's
// mrr updates their rows (ingest/store.ts), and the triggers carry that into the summaries.

const PROFILE = sql.raw('grain, period_start, active, has_help, has_chatbot, has_phone, channels');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customer_periods').addColumn('mrr', 'numeric').execute();
  await sql`update customer_periods cp set mrr = c.mrr from customers c where c.id = cp.customer_id and c.mrr is not null`.execute(db);
  // Finds a customer's rows when their mrr changes. The key never changes, so rollup
  // updates stay HOT (no index touched).
  await sql`create index customer_periods_customer_idx on customer_periods (customer_id)`.execute(db);

  await sql`
    create table period_profiles (
      grain text not null,
      period_start timestamptz not null,
      active boolean not null,
      has_help boolean not null,
      has_chatbot boolean not null,
      has_phone boolean not null,
      channels text[] not null,
      customers integer not null,
      mrr numeric not null,
      feature_sum bigint not null,
      help_views bigint not null,
      chatbot_conversations bigint not null,
      chatbot_escalated bigint not null,
      phone_calls bigint not null,
      nps_responses integer not null,
      promoters integer not null,
      detractors integer not null
    )`.execute(db);
  await sql`create index period_profiles_period_idx on period_profiles (grain, period_start)`.execute(db);
  await sql`
    create table period_profile_items (
      grain text not null,
      period_start timestamptz not null,
      active boolean not null,
      has_help boolean not null,
      has_chatbot boolean not null,
      has_phone boolean not null,
      channels text[] not null,
      kind text not null check (kind in ('feature', 'channel')),
      item text not null,
      n integer not null
    )`.execute(db);
  await sql`create index period_profile_items_period_idx on period_profile_items (grain, period_start)`.execute(db);
  await sql`
    create table period_hold_times (
      grain text not null,
      period_start timestamptz not null,
      hold_seconds numeric not null,
      calls integer not null
    )`.execute(db);
  await sql`create index period_hold_times_period_idx on period_hold_times (grain, period_start)`.execute(db);

  // Each statement that changes customer_periods appends what it changed to the summaries:
  // its rows' old versions with sign -1, their new versions with +1, added up per key.
  // Appending never waits for another transaction (every batch changes the same few keys
  // of the current periods; updating them in place made batches take turns), and
  // compactSummaries (rollups/summaries.ts) folds a period's rows together now and
  // then. Only what changes is written: an updated row's unchanged features cancel out.
  // The one statement reads the transition tables the firing trigger names (CHANGED).
  // A rebuild replaces every row and then recounts the summaries in one go; it sets
  // canopy.skip_period_summaries for its transaction so the triggers stay out of the way.
  await sql`
    create function customer_periods_summarize() returns trigger language plpgsql as $fn$
    begin
      if current_setting('canopy.skip_period_summaries', true) = 'on' then
        return null;
      end if;
      execute replace($q$
        with changed as (CHANGED),
        r as (
          select sign, grain, period_start, active, help_views > 0 as has_help, chatbot_conversations > 0 as has_chatbot,
            phone_calls > 0 as has_phone,
            case when cardinality(contact_channels) = 0 then '{}'::text[]
              else array(select distinct ch from unnest(contact_channels) as ch order by ch) end as channels,
            mrr, features, help_views, chatbot_conversations, chatbot_escalated, phone_calls, nps_score, contact_channels, hold_seconds
          from changed
        ),
        profiles as (
          insert into period_profiles (${PROFILE}, customers, mrr, feature_sum, help_views, chatbot_conversations,
            chatbot_escalated, phone_calls, nps_responses, promoters, detractors)
          select ${PROFILE}, sum(sign), coalesce(sum(sign * mrr), 0), sum(sign * cardinality(features)), sum(sign * help_views),
            sum(sign * chatbot_conversations), sum(sign * chatbot_escalated), sum(sign * phone_calls),
            sum(case when nps_score is not null then sign else 0 end), sum(case when nps_score >= 9 then sign else 0 end),
            sum(case when nps_score <= 6 then sign else 0 end)
          from r group by ${PROFILE}
          having sum(sign) <> 0 or coalesce(sum(sign * mrr), 0) <> 0 or sum(sign * cardinality(features)) <> 0
            or sum(sign * help_views) <> 0 or sum(sign * chatbot_conversations) <> 0 or sum(sign * chatbot_escalated) <> 0
            or sum(sign * phone_calls) <> 0 or sum(case when nps_score is not null then sign else 0 end) <> 0
            or sum(case when nps_score >= 9 then sign else 0 end) <> 0 or sum(case when nps_score <= 6 then sign else 0 end) <> 0
          returning 1
        ),
        items as (
          insert into period_profile_items (${PROFILE}, kind, item, n)
          select ${PROFILE}, kind, item, sum(sign) from (
            select r.*, 'feature' as kind, f as item from r, unnest(r.features) as f
            union all
            select r.*, 'channel', ch from r, unnest(r.contact_channels) as ch
          ) x
          group by ${PROFILE}, kind, item having sum(sign) <> 0
          returning 1
        )
        insert into period_hold_times (grain, period_start, hold_seconds, calls)
        select grain, period_start, s, sum(sign) from r, unnest(r.hold_seconds) as s
        group by 1, 2, 3 having sum(sign) <> 0
      $q$, 'CHANGED', case TG_OP
        when 'INSERT' then 'select 1 as sign, * from new_rows'
        when 'UPDATE' then 'select -1 as sign, * from old_rows union all select 1, * from new_rows'
        else 'select -1 as sign, * from old_rows' end);
      return null;
    end
    $fn$`.execute(db);
  await sql`create trigger customer_periods_summarize_insert after insert on customer_periods
    referencing new table as new_rows for each statement execute function customer_periods_summarize()`.execute(db);
  await sql`create trigger customer_periods_summarize_update after update on customer_periods
    referencing old table as old_rows new table as new_rows for each statement execute function customer_periods_summarize()`.execute(db);
  await sql`create trigger customer_periods_summarize_delete after delete on customer_periods
    referencing old table as old_rows for each statement execute function customer_periods_summarize()`.execute(db);

  // The summaries of the rows already there.
  await backfill(db);
  await sql`delete from period_counts_cache`.execute(db);
}

/** Summaries of every existing row, by grain so each statement stays a manageable size. */
async function backfill(db: Kysely<any>): Promise<void> {
  const profile = sql`grain, period_start, active, help_views > 0, chatbot_conversations > 0, phone_calls > 0,
    array(select distinct ch from unnest(contact_channels) as ch order by ch)`;
  await sql`
    insert into period_profiles (${PROFILE}, customers, mrr, feature_sum, help_views, chatbot_conversations,
      chatbot_escalated, phone_calls, nps_responses, promoters, detractors)
    select ${profile}, count(*), coalesce(sum(mrr), 0), sum(cardinality(features)), sum(help_views), sum(chatbot_conversations),
      sum(chatbot_escalated), sum(phone_calls), count(nps_score), count(*) filter (where nps_score >= 9), count(*) filter (where nps_score <= 6)
    from customer_periods group by 1, 2, 3, 4, 5, 6, 7`.execute(db);
  await sql`
    insert into period_profile_items (${PROFILE}, kind, item, n)
    select ${profile}, 'feature', f, count(*) from customer_periods, unnest(features) as f group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    union all
    select ${profile}, 'channel', ch, count(*) from customer_periods, unnest(contact_channels) as ch group by 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(db);
  await sql`
    insert into period_hold_times (grain, period_start, hold_seconds, calls)
    select grain, period_start, s, count(*) from customer_periods, unnest(hold_seconds) as s group by 1, 2, 3`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger customer_periods_summarize_delete on customer_periods`.execute(db);
  await sql`drop trigger customer_periods_summarize_update on customer_periods`.execute(db);
  await sql`drop trigger customer_periods_summarize_insert on customer_periods`.execute(db);
  await sql`drop function customer_periods_summarize()`.execute(db);
  await sql`drop table period_hold_times`.execute(db);
  await sql`drop table period_profile_items`.execute(db);
  await sql`drop table period_profiles`.execute(db);
  await sql`drop index customer_periods_customer_idx`.execute(db);
  await db.schema.alterTable('customer_periods').dropColumn('mrr').execute();
}
