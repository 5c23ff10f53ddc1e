import { sql, type Kysely } from 'kysely';
import type { Database } from '@canopy/server/db/index.ts';

/**
 * Fills an empty database with a synthetic company inside the database itself
 * (generate_series), which is far faster than sending millions of rows from Node.
 * Reproducible: setseed fixes random(). Events span the 365 days before `end`.
 */
export async function generateCompany(pool: Kysely<Database>, customers: number, events: number, end: Date): Promise<void> {
  // One connection throughout: setseed and maintenance_work_mem are session settings.
  await pool.connection().execute((db) => generateOn(db, customers, events, end));
}

async function generateOn(db: Kysely<Database>, customers: number, events: number, end: Date): Promise<void> {
  await sql`select setseed(0.42)`.execute(db);
  await sql`
    insert into customers (id, name, created_at, mrr, attributes)
    select 'c' || i, 'Customer ' || i, ${end}::timestamptz - interval '3 years' * random(), (random() * 900)::int,
      jsonb_build_object(
        'plan', (array['starter','pro','enterprise'])[1 + i % 3],
        'region', (array['EU','NA','APAC'])[1 + (i / 3) % 3],
        'industry', (array['retail','finance','health','software','logistics'])[1 + (i / 9) % 5])
    from generate_series(1, ${customers}::int) as i`.execute(db);

  // A bulk load: drop the events indexes, insert, then build them once (far faster than
  // maintaining six indexes row by row), with memory to build them in.
  const indexes = await sql<{ name: string; definition: string }>`
    select indexname as name, indexdef as definition from pg_indexes
    where tablename = 'events' and indexname <> 'events_pkey'`.execute(db);
  for (const index of indexes.rows) await sql`drop index ${sql.id(index.name)}`.execute(db);
  await sql`alter table events drop constraint events_pkey`.execute(db);

  const chunk = 2_000_000;
  for (let first = 1; first <= events; first += chunk) {
    const last = Math.min(events, first + chunk - 1);
    await sql`
      insert into events (id, customer_id, type, occurred_at, feature, article, escalated, hold_seconds, score, comment, channel)
      select 'e' || j, 'c' || (1 + floor(random() * ${customers})::int), t.type,
        ${end}::timestamptz - interval '365 days' * random(),
        case when t.type = 'feature_used' then (array['reports','export','dashboards','integrations','automations','alerts'])[1 + floor(random() * 6)::int] end,
        case when t.type = 'help_viewed' then 'article ' || floor(random() * 50)::int end,
        case when t.type = 'chatbot_conversation' then random() < 0.35 end,
        case when t.type = 'phone_call' then floor(random() * 600)::int end,
        case when t.type = 'nps_response' then floor(random() * 11)::int end,
        case when t.type = 'nps_response' and random() < 0.2 then 'comment ' || j end,
        case when t.type = 'contact' then (array['email','live_chat'])[1 + floor(random() * 2)::int] end
      from generate_series(${first}::int, ${last}::int) as j,
      lateral (select case
        when r < 0.70 then 'feature_used' when r < 0.80 then 'help_viewed' when r < 0.87 then 'chatbot_conversation'
        when r < 0.91 then 'phone_call' when r < 0.96 then 'nps_response' when r < 0.965 then 'churned' else 'contact' end as type
        from (select random() + j * 0 as r) x) t`.execute(db);
  }
  await sql`set maintenance_work_mem = '1GB'`.execute(db);
  await sql`alter table events add primary key (id)`.execute(db);
  for (const index of indexes.rows) await sql.raw(index.definition).execute(db);

  await sql`
    update customers c set first_seen_at = f.first
    from (select customer_id, min(occurred_at) as first from events group by customer_id) f
    where f.customer_id = c.id`.execute(db);
  await sql`analyze`.execute(db);
}
