import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

export async function up(db: Kysely<any>): Promise<void> {
  // Each stored event updates three rollup rows. Free space on every page lets PostgreSQL
  // update a row in place without touching any index (a HOT update), and the secondary
  // index by customer is dropped: no query reads it (the primary key already holds the
  // customer, which is what a Citus distribution needs). Together they halve the cost
  // of keeping rollups up to date.
  await sql`drop index if exists customer_periods_customer_idx`.execute(db);
  await sql`alter table customer_periods set (fillfactor = 70)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table customer_periods reset (fillfactor)`.execute(db);
  await db.schema
    .createIndex('customer_periods_customer_idx')
    .on('customer_periods')
    .columns(['customer_id', 'grain', 'period_start'])
    .execute();
}
