import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

// A stage's churn counts its customers with a `churned` event in [period start, period end
// + churn window). The company-wide forest took the period's churners from events and looked
// up each one's customer_periods row by key for their stage: one page read per churner,
// about half a second at a million customers, when everything else comes from a few dozen
// summary rows.
//
// So each customer_periods row now carries churned_on: the local day (in the rollups' time
// zone) of the customer's first `churned` event at or after the period's start, or null.
// The summaries count those days per profile (period_profile_items, kind 'churn', item the
// day as YYYY-MM-DD). A churn window always ends at a local midnight, so "churned before
// the window's end" is exactly "churned_on before the end's day", whatever the window.
//
// Ingestion keeps the column (rollups/refresh.ts), the rebuild writes it, and the trigger
// below carries it into the summaries like every other figure.

const PROFILE = 'grain, period_start, active, has_help, has_chatbot, has_phone, channels';

/** The summaries' statement over `changed`: the changed rows, each with its sign. */
const summarize = (changed: string, withChurn: boolean) => `
        with changed as (${changed}),
        r as (
          select sign, grain, period_start, active, help_views > 0 as has_help, chatbot_conversations > 0 as has_chatbot,
            phone_calls > 0 as has_phone,
            case when cardinality(contact_channels) = 0 then '{}'::text[]
              else array(select distinct ch from unnest(contact_channels) as ch order by ch) end as channels,
            mrr, features, help_views, chatbot_conversations, chatbot_escalated, phone_calls, nps_score, contact_channels, hold_seconds${withChurn ? ', churned_on' : ''}
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
            select r.*, 'channel', ch from r, unnest(r.contact_channels) as ch${
              withChurn
                ? `
            union all
            select r.*, 'churn', to_char(r.churned_on, 'YYYY-MM-DD') from r where r.churned_on is not null`
                : ''
            }
          ) x
          group by ${PROFILE}, kind, item having sum(sign) <> 0
          returning 1
        )
        insert into period_hold_times (grain, period_start, hold_seconds, calls)
        select grain, period_start, s, sum(sign) from r, unnest(r.hold_seconds) as s
        group by 1, 2, 3 having sum(sign) <> 0`;

const summarizeFunction = (withChurn: boolean) => sql`
    create or replace function customer_periods_summarize() returns trigger language plpgsql as $fn$
    begin
      if current_setting('canopy.skip_period_summaries', true) = 'on' then
        return null;
      end if;
      if TG_OP = 'INSERT' then
        ${sql.raw(summarize('select 1 as sign, * from new_rows', withChurn))};
      elsif TG_OP = 'UPDATE' then
        ${sql.raw(summarize('select -1 as sign, * from old_rows union all select 1, * from new_rows', withChurn))};
      else
        ${sql.raw(summarize('select -1 as sign, * from old_rows', withChurn))};
      end if;
      return null;
    end
    $fn$`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customer_periods').addColumn('churned_on', 'date').execute();
  await sql`alter table period_profile_items drop constraint period_profile_items_kind_check`.execute(db);
  await sql`alter table period_profile_items add constraint period_profile_items_kind_check
    check (kind in ('feature', 'channel', 'churn'))`.execute(db);
  await summarizeFunction(true).execute(db);

  // The rows already there: only churned customers' rows get a day, and the summaries gain
  // their churn items in one count (the migration runs in a transaction, so the setting
  // keeps the trigger out of the update until it ends).
  await sql`select set_config('canopy.skip_period_summaries', 'on', true)`.execute(db);
  await sql`
    update customer_periods cp set churned_on = ch.day
    from (
      select cp2.grain, cp2.period_start, cp2.customer_id,
        (min(e.occurred_at) at time zone coalesce((select value #>> '{}' from settings where key = 'rollups.timezone'), 'UTC'))::date as day
      from customer_periods cp2
      join events e on e.customer_id = cp2.customer_id and e.type = 'churned' and e.occurred_at >= cp2.period_start
      group by 1, 2, 3
    ) ch
    where (cp.grain, cp.period_start, cp.customer_id) = (ch.grain, ch.period_start, ch.customer_id)`.execute(db);
  await sql`select set_config('canopy.skip_period_summaries', 'off', true)`.execute(db);
  await sql`
    insert into period_profile_items (${sql.raw(PROFILE)}, kind, item, n)
    select grain, period_start, active, help_views > 0, chatbot_conversations > 0, phone_calls > 0,
      array(select distinct ch from unnest(contact_channels) as ch order by ch),
      'churn', to_char(churned_on, 'YYYY-MM-DD'), count(*)
    from customer_periods where churned_on is not null
    group by 1, 2, 3, 4, 5, 6, 7, 9`.execute(db);
  await sql`delete from period_counts_cache`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from period_profile_items where kind = 'churn'`.execute(db);
  await summarizeFunction(false).execute(db);
  await sql`alter table period_profile_items drop constraint period_profile_items_kind_check`.execute(db);
  await sql`alter table period_profile_items add constraint period_profile_items_kind_check
    check (kind in ('feature', 'channel'))`.execute(db);
  await db.schema.alterTable('customer_periods').dropColumn('churned_on').execute();
}
