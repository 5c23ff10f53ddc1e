import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per customer, period grain and period: what that customer did in it. Every
  // dashboard figure for week, month and quarter is read from here, not from raw events.
  // Rows are recomputed from raw events whenever an event lands in their period, so late,
  // out-of-order and duplicate events keep them exact. Stage is not stored: it is derived
  // from these counts and the ladder at read time, so a ladder change needs no rebuild.
  await db.schema
    .createTable('customer_periods')
    .addColumn('grain', 'text', (c) => c.notNull().check(sql`grain in ('week','month','quarter')`))
    .addColumn('period_start', 'timestamptz', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    // active = any feature_used, help_viewed, chatbot_conversation, phone_call or contact
    .addColumn('active', 'boolean', (c) => c.notNull())
    .addColumn('feature_uses', 'integer', (c) => c.notNull())
    .addColumn('features', sql`text[]`, (c) => c.notNull())
    .addColumn('help_views', 'integer', (c) => c.notNull())
    .addColumn('chatbot_conversations', 'integer', (c) => c.notNull())
    .addColumn('chatbot_escalated', 'integer', (c) => c.notNull())
    .addColumn('phone_calls', 'integer', (c) => c.notNull())
    // one entry per call, for the hold-time median and 90th percentile
    .addColumn('hold_seconds', sql`numeric[]`, (c) => c.notNull())
    // one entry per contact event: its channel ({email,email,live_chat})
    .addColumn('contact_channels', sql`text[]`, (c) => c.notNull())
    // the customer's latest nps_response in the period
    .addColumn('nps_score', 'smallint')
    .addColumn('nps_at', 'timestamptz')
    // customer id last: it is the distribution key on Citus and must be in the key
    .addPrimaryKeyConstraint('customer_periods_pkey', ['grain', 'period_start', 'customer_id'])
    .execute();
  await db.schema
    .createIndex('customer_periods_customer_idx')
    .on('customer_periods')
    .columns(['customer_id', 'grain', 'period_start'])
    .execute();

  // Churn looks up the few churned events in a window; this keeps that from scanning events.
  await sql`create index events_churned_idx on events (occurred_at, customer_id) where type = 'churned'`.execute(db);
  await sql`create index events_churned_customer_idx on events (customer_id, occurred_at) where type = 'churned'`.execute(db);
  await sql`create index events_type_time_idx on events (type, occurred_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index events_type_time_idx`.execute(db);
  await sql`drop index events_churned_customer_idx`.execute(db);
  await sql`drop index events_churned_idx`.execute(db);
  await db.schema.dropTable('customer_periods').execute();
}
