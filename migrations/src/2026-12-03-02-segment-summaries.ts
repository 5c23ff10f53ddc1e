import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

// The company-wide forest reads a few hundred summary rows; a segment's forest read every
// customer row of the period and joined the segment's customers to them: seconds at a
// million customers. So the summaries are now also kept per attribute set.
//
// - attribute_sets: each distinct map of customer attributes, once, with a number.
//   Customers share few of them (plan × region × industry: dozens), and a segment is a test
//   on attributes, so the sets inside a segment are found by testing this small table.
// - customers.attribute_set: the customer's set, kept by a trigger from their attributes.
// - customer_periods.attribute_set: a copy, kept equal the way mrr is (ingest/store.ts
//   updates a changed customer's rows; the summary triggers move them from the old set's
//   summaries to the new one's).
// - segment_profiles, segment_profile_items, segment_hold_times, segment_milestones: the
//   period summaries and customer milestones again, per attribute set. A segment's figures
//   are the sums over the sets inside it.
//
// The triggers write both the company-wide rows and the per-set rows in the statement
// that changes customer_periods (or customers). With every customer in a set of their own
// (an attribute unique to each customer), the per-set tables hold about a row per customer
// and period, as customer_periods does: no faster than reading it, but never wrong.

const PROFILE = 'grain, period_start, active, has_help, has_chatbot, has_phone, channels';
const BUCKET = `date_bin('15 minutes', %, timestamptz '2000-01-01 00:00:00+00')`;
const bucketOf = (time: string) => BUCKET.replace('%', time);

/** The column lists of the company-wide (period_*) or per-set (segment_*) summary tables. */
function keys(prefix: 'period' | 'segment') {
  return prefix === 'period'
    ? { profile: PROFILE, hold: 'grain, period_start' }
    : { profile: `${PROFILE}, attribute_set`, hold: 'grain, period_start, attribute_set' };
}

/** A statement (as a CTE, or the main one) adding `r`'s profiles to ${prefix}_profiles. */
const profilesInsert = (prefix: 'period' | 'segment') => `
          insert into ${prefix}_profiles (${keys(prefix).profile}, customers, mrr, feature_sum, help_views, chatbot_conversations,
            chatbot_escalated, phone_calls, nps_responses, promoters, detractors)
          select ${keys(prefix).profile}, sum(sign), coalesce(sum(sign * mrr), 0), sum(sign * cardinality(features)), sum(sign * help_views),
            sum(sign * chatbot_conversations), sum(sign * chatbot_escalated), sum(sign * phone_calls),
            sum(case when nps_score is not null then sign else 0 end), sum(case when nps_score >= 9 then sign else 0 end),
            sum(case when nps_score <= 6 then sign else 0 end)
          from r group by ${keys(prefix).profile}
          having sum(sign) <> 0 or coalesce(sum(sign * mrr), 0) <> 0 or sum(sign * cardinality(features)) <> 0
            or sum(sign * help_views) <> 0 or sum(sign * chatbot_conversations) <> 0 or sum(sign * chatbot_escalated) <> 0
            or sum(sign * phone_calls) <> 0 or sum(case when nps_score is not null then sign else 0 end) <> 0
            or sum(case when nps_score >= 9 then sign else 0 end) <> 0 or sum(case when nps_score <= 6 then sign else 0 end) <> 0`;

const itemsInsert = (prefix: 'period' | 'segment') => `
          insert into ${prefix}_profile_items (${keys(prefix).profile}, kind, item, n)
          select ${keys(prefix).profile}, kind, item, sum(sign) from items group by ${keys(prefix).profile}, kind, item having sum(sign) <> 0`;

const holdsInsert = (prefix: 'period' | 'segment') => `
          insert into ${prefix}_hold_times (${keys(prefix).hold}, hold_seconds, calls)
          select ${keys(prefix).hold}, s, sum(sign) from r, unnest(r.hold_seconds) as s
          group by ${keys(prefix).hold}, s having sum(sign) <> 0`;

/**
 * The summaries' statement over `changed`: the changed customer_periods rows, each with
 * its sign, added to the company-wide summaries and (withSets) to the per-set ones.
 */
const summarize = (changed: string, withSets: boolean) => `
        with changed as (${changed}),
        r as materialized (
          select sign, grain, period_start, active, help_views > 0 as has_help, chatbot_conversations > 0 as has_chatbot,
            phone_calls > 0 as has_phone,
            case when cardinality(contact_channels) = 0 then '{}'::text[]
              else array(select distinct ch from unnest(contact_channels) as ch order by ch) end as channels,
            ${withSets ? 'attribute_set, ' : ''}mrr, features, help_views, chatbot_conversations, chatbot_escalated, phone_calls, nps_score,
            contact_channels, hold_seconds, churned_on
          from changed
        ),
        items as materialized (
          select r.*, 'feature' as kind, f as item from r, unnest(r.features) as f
          union all
          select r.*, 'channel', ch from r, unnest(r.contact_channels) as ch
          union all
          select r.*, 'churn', to_char(r.churned_on, 'YYYY-MM-DD') from r where r.churned_on is not null
        ),
        period_profiles as (${profilesInsert('period')} returning 1),
        period_items as (${itemsInsert('period')} returning 1),${
          withSets
            ? `
        period_holds as (${holdsInsert('period')} returning 1),
        segment_profiles as (${profilesInsert('segment')} returning 1),
        segment_items as (${itemsInsert('segment')} returning 1)
        ${holdsInsert('segment')}`
            : `
        ${holdsInsert('period')}`
        }`;

/**
 * A statement trigger's function: `statementFor` over the changed rows, each with its sign
 * (old versions -1, new +1), unless a rebuild has set the summaries aside.
 */
const triggerFunction = (name: string, statementFor: (changed: string) => string) => sql`
    create or replace function ${sql.raw(name)}() returns trigger language plpgsql as $fn$
    begin
      if current_setting('canopy.skip_period_summaries', true) = 'on' then
        return null;
      end if;
      if TG_OP = 'INSERT' then
        ${sql.raw(statementFor('select 1 as sign, * from new_rows'))};
      elsif TG_OP = 'UPDATE' then
        ${sql.raw(statementFor('select -1 as sign, * from old_rows union all select 1, * from new_rows'))};
      else
        ${sql.raw(statementFor('select -1 as sign, * from old_rows'))};
      end if;
      return null;
    end
    $fn$`;

const summarizeFunction = (withSets: boolean) => triggerFunction('customer_periods_summarize', (changed) => summarize(changed, withSets));

/** The customers trigger's statement over `changed`: milestones company-wide and (withSets) per attribute set. */
const milestones = (changed: string, withSets: boolean) => `
        with changed as (${changed}),
        m as materialized (
          select ${bucketOf('least(created_at, first_seen_at)')} as bucket, ${withSets ? 'attribute_set' : 'null::integer'} as attribute_set,
            sign as appeared, 0 as churned
          from changed where coalesce(created_at, first_seen_at) is not null
          union all
          select ${bucketOf('first_churned_at')}, ${withSets ? 'attribute_set' : 'null'}, 0, sign
          from changed where first_churned_at is not null
        )${
          withSets
            ? `,
        company as (
          insert into customer_milestones (bucket, appeared, churned)
          select bucket, sum(appeared), sum(churned) from m
          group by bucket having sum(appeared) <> 0 or sum(churned) <> 0
          returning 1
        )
        insert into segment_milestones (bucket, attribute_set, appeared, churned)
        select bucket, attribute_set, sum(appeared), sum(churned) from m
        group by bucket, attribute_set having sum(appeared) <> 0 or sum(churned) <> 0`
            : `
        insert into customer_milestones (bucket, appeared, churned)
        select bucket, sum(appeared), sum(churned) from m
        group by bucket having sum(appeared) <> 0 or sum(churned) <> 0`
        }`;

const milestonesFunction = (withSets: boolean) => triggerFunction('customers_summarize', (changed) => milestones(changed, withSets));

export async function up(db: Kysely<any>): Promise<void> {
  // The sets: one row per distinct attributes map. jsonb's text is canonical (keys sorted,
  // no duplicates), so its md5 identifies a map, however large its values.
  await sql`
    create table attribute_sets (
      id integer generated always as identity primary key,
      attributes jsonb not null
    )`.execute(db);
  await sql`create unique index attribute_sets_attributes_idx on attribute_sets (md5(attributes::text))`.execute(db);
  await sql`
    create function attribute_set_of(a jsonb) returns integer language plpgsql as $fn$
    declare found integer;
    begin
      select id into found from attribute_sets where md5(attributes::text) = md5(a::text);
      if found is null then
        insert into attribute_sets (attributes) values (a)
        on conflict ((md5(attributes::text))) do nothing returning id into found;
        if found is null then -- another transaction added it meanwhile
          select id into found from attribute_sets where md5(attributes::text) = md5(a::text);
        end if;
      end if;
      return found;
    end
    $fn$`.execute(db);

  // The rows already there, with the summary triggers out of the way until the end (the
  // migration runs in one transaction; the new summaries are counted below in one go).
  await sql`select set_config('canopy.skip_period_summaries', 'on', true)`.execute(db);
  await db.schema.alterTable('customers').addColumn('attribute_set', 'integer').execute();
  await sql`insert into attribute_sets (attributes) select distinct attributes from customers order by 1`.execute(db);
  await sql`
    update customers c set attribute_set = s.id
    from attribute_sets s where md5(s.attributes::text) = md5(c.attributes::text)`.execute(db);
  await sql`alter table customers alter column attribute_set set not null`.execute(db);
  await sql`
    create function customers_attribute_set() returns trigger language plpgsql as $fn$
    begin
      new.attribute_set := attribute_set_of(new.attributes);
      return new;
    end
    $fn$`.execute(db);
  await sql`create trigger customers_attribute_set_insert before insert on customers
    for each row execute function customers_attribute_set()`.execute(db);
  await sql`create trigger customers_attribute_set_update before update of attributes, attribute_set on customers
    for each row when (old.attributes is distinct from new.attributes or old.attribute_set is distinct from new.attribute_set)
    execute function customers_attribute_set()`.execute(db);

  // Every rollup row gets its customer's set. An UPDATE of every row wrote a second version
  // of each and its index entries one by one (more than 50 minutes at a million customers,
  // 39 million rows, on 2 cores); a column type change with USING rewrites the table once
  // and builds its indexes afresh. USING cannot read another table, so a function looks
  // the customer up.
  await sql`
    create function customer_attribute_set(customer text) returns integer language sql stable as $fn$
      select attribute_set from customers where id = customer
    $fn$`.execute(db);
  await db.schema.alterTable('customer_periods').addColumn('attribute_set', 'integer').execute();
  await sql`
    alter table customer_periods
      alter column attribute_set type integer using customer_attribute_set(customer_id),
      alter column attribute_set set not null`.execute(db);
  await sql`drop function customer_attribute_set(text)`.execute(db);

  await sql`
    create table segment_profiles (
      grain text not null,
      period_start timestamptz not null,
      attribute_set integer not null,
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
  await sql`
    create table segment_profile_items (
      grain text not null,
      period_start timestamptz not null,
      attribute_set integer not null,
      active boolean not null,
      has_help boolean not null,
      has_chatbot boolean not null,
      has_phone boolean not null,
      channels text[] not null,
      kind text not null check (kind in ('feature', 'channel', 'churn')),
      item text not null,
      n integer not null
    )`.execute(db);
  await sql`
    create table segment_hold_times (
      grain text not null,
      period_start timestamptz not null,
      attribute_set integer not null,
      hold_seconds numeric not null,
      calls integer not null
    )`.execute(db);
  await sql`
    create table segment_milestones (
      bucket timestamptz not null,
      attribute_set integer not null,
      appeared integer not null,
      churned integer not null
    )`.execute(db);

  const profileOfRow = `grain, period_start, attribute_set, active, help_views > 0, chatbot_conversations > 0, phone_calls > 0,
      array(select distinct ch from unnest(contact_channels) as ch order by ch)`;
  await sql`
    insert into segment_profiles (${sql.raw(PROFILE)}, attribute_set, customers, mrr, feature_sum, help_views, chatbot_conversations,
      chatbot_escalated, phone_calls, nps_responses, promoters, detractors)
    select grain, period_start, active, help_views > 0, chatbot_conversations > 0, phone_calls > 0,
      array(select distinct ch from unnest(contact_channels) as ch order by ch), attribute_set,
      count(*), coalesce(sum(mrr), 0), sum(cardinality(features)), sum(help_views), sum(chatbot_conversations),
      sum(chatbot_escalated), sum(phone_calls), count(nps_score), count(*) filter (where nps_score >= 9), count(*) filter (where nps_score <= 6)
    from customer_periods group by 1, 2, 3, 4, 5, 6, 7, 8`.execute(db);
  await sql`
    insert into segment_profile_items (grain, period_start, attribute_set, active, has_help, has_chatbot, has_phone, channels, kind, item, n)
    select ${sql.raw(profileOfRow)}, 'feature', f, count(*) from customer_periods, unnest(features) as f group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    union all
    select ${sql.raw(profileOfRow)}, 'channel', ch, count(*) from customer_periods, unnest(contact_channels) as ch group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    union all
    select ${sql.raw(profileOfRow)}, 'churn', to_char(churned_on, 'YYYY-MM-DD'), count(*) from customer_periods
    where churned_on is not null group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`.execute(db);
  await sql`
    insert into segment_hold_times (grain, period_start, attribute_set, hold_seconds, calls)
    select grain, period_start, attribute_set, s, count(*) from customer_periods, unnest(hold_seconds) as s group by 1, 2, 3, 4`.execute(db);
  await sql`
    insert into segment_milestones (bucket, attribute_set, appeared, churned)
    select bucket, attribute_set, sum(appeared), sum(churned) from (
      select ${sql.raw(bucketOf('least(created_at, first_seen_at)'))} as bucket, attribute_set, 1 as appeared, 0 as churned
      from customers where coalesce(created_at, first_seen_at) is not null
      union all
      select ${sql.raw(bucketOf('first_churned_at'))}, attribute_set, 0, 1 from customers where first_churned_at is not null
    ) x group by 1, 2`.execute(db);
  // A segment's rows of a period, found by their sets.
  await sql`create index segment_profiles_period_idx on segment_profiles (grain, period_start, attribute_set)`.execute(db);
  await sql`create index segment_profile_items_period_idx on segment_profile_items (grain, period_start, attribute_set)`.execute(db);
  await sql`create index segment_hold_times_period_idx on segment_hold_times (grain, period_start, attribute_set)`.execute(db);
  await sql`create index segment_milestones_set_idx on segment_milestones (attribute_set, bucket)`.execute(db);

  await summarizeFunction(true).execute(db);
  await milestonesFunction(true).execute(db);
  await sql`select set_config('canopy.skip_period_summaries', 'off', true)`.execute(db);
  await sql`delete from period_counts_cache`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await summarizeFunction(false).execute(db);
  await milestonesFunction(false).execute(db);
  for (const table of ['segment_milestones', 'segment_hold_times', 'segment_profile_items', 'segment_profiles']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('customer_periods').dropColumn('attribute_set').execute();
  await sql`drop trigger customers_attribute_set_update on customers`.execute(db);
  await sql`drop trigger customers_attribute_set_insert on customers`.execute(db);
  await sql`drop function customers_attribute_set()`.execute(db);
  await db.schema.alterTable('customers').dropColumn('attribute_set').execute();
  await sql`drop function attribute_set_of(jsonb)`.execute(db);
  await db.schema.dropTable('attribute_sets').execute();
  await sql`delete from period_counts_cache`.execute(db);
}
