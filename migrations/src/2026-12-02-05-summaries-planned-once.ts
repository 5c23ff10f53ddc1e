import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

// The period summaries' trigger (migrations/…-period-summaries) ran its one statement through
// a dynamic EXECUTE, which PostgreSQL plans again every time: about 5 ms per statement that
// writes rollups, twice per stored batch (its inserts and its updates). The same statement
// written out once per kind of change is static, so PL/pgSQL plans it once per connection.
// What it computes is unchanged, so down keeps this definition.

const PROFILE = 'grain, period_start, active, has_help, has_chatbot, has_phone, channels';

/** The summaries' statement over `changed`: the changed rows, each with its sign. */
const summarize = (changed: string) => `
        with changed as (${changed}),
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
        group by 1, 2, 3 having sum(sign) <> 0`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function customer_periods_summarize() returns trigger language plpgsql as $fn$
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
}

export async function down(): Promise<void> {
  // The earlier definition computed the same; nothing to undo.
}
