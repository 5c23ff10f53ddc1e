import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.
// Email subscriptions, the outbox (one row per subscription and reported period, so a
// scheduled snapshot is made once across restarts and server processes) and one delivery
// row per recipient (claimed before sending, so nobody gets it twice).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('recipients', sql`text[]`, (c) => c.notNull())
    .addColumn('weekday', 'integer', (c) => c.notNull().check(sql`weekday between 1 and 7`))
    .addColumn('local_time', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull().check(sql`grain in ('week', 'month')`))
    .addColumn('segment', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('sections', sql`text[]`, (c) => c.notNull())
    .addColumn('paused', 'boolean', (c) => c.notNull().defaultTo(false))
    // Scheduled moments before this (creation or the last resume) are not sent.
    .addColumn('active_since', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('snapshot_outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('scheduled', 'manual')`))
    .addColumn('scheduled_for', 'timestamptz', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('html', 'text')
    .addColumn('text', 'text')
    .addColumn('chart_png', 'bytea')
    .addColumn('rendered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Exactly once: a second scheduler (or a restart) inserting the same snapshot finds it there.
  await db.schema
    .createIndex('snapshot_outbox_once')
    .on('snapshot_outbox')
    .columns(['subscription_id', 'period_key'])
    .unique()
    .where(sql.ref('kind'), '=', 'scheduled')
    .execute();

  await db.schema
    .createTable('snapshot_deliveries')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('outbox_id', 'integer', (c) => c.notNull().references('snapshot_outbox.id').onDelete('cascade'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'sending', 'sent', 'failed', 'unknown')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('snapshot_deliveries_once', ['outbox_id', 'recipient'])
    .execute();
  await db.schema.createIndex('snapshot_deliveries_due').on('snapshot_deliveries').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('snapshot_deliveries').execute();
  await db.schema.dropTable('snapshot_outbox').execute();
  await db.schema.dropTable('subscriptions').execute();
}
