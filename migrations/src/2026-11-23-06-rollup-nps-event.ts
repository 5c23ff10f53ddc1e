import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

export async function up(db: Kysely<any>): Promise<void> {
  // The id of the NPS response a rollup row holds as latest, so a new response can be
  // compared with it by (occurred_at, id) without rereading the customer's events.
  await db.schema.alterTable('customer_periods').addColumn('nps_event_id', 'text').execute();
  await sql`
    update customer_periods cp set nps_event_id = (
      select e.id from events e
      where e.customer_id = cp.customer_id and e.type = 'nps_response' and e.occurred_at = cp.nps_at
      order by e.id desc limit 1)
    where cp.nps_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customer_periods').dropColumn('nps_event_id').execute();
}
