import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('created_at', 'timestamptz')
    .addColumn('mrr', 'numeric', (c) => c.check(sql`mrr >= 0`))
    .addColumn('attributes', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // The earliest event seen for this customer: "existed at P.start" for finance churn.
    .addColumn('first_seen_at', 'timestamptz')
    .addColumn('demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Segment filters are containment tests on attributes: attributes @> '{"plan":"pro"}'.
  await sql`create index customers_attributes_idx on customers using gin (attributes jsonb_path_ops)`.execute(db);

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('type', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`type in ('feature_used','help_viewed','chatbot_conversation','phone_call','nps_response','churned','contact')`,
        ),
    )
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('feature', 'text')
    .addColumn('article', 'text')
    .addColumn('escalated', 'boolean')
    .addColumn('resolved', 'boolean')
    .addColumn('hold_seconds', 'numeric', (c) => c.check(sql`hold_seconds >= 0`))
    .addColumn('talk_seconds', 'numeric', (c) => c.check(sql`talk_seconds >= 0`))
    .addColumn('score', 'smallint', (c) => c.check(sql`score between 0 and 10`))
    .addColumn('comment', 'text')
    .addColumn('reason', 'text')
    .addColumn('channel', 'text')
    .addColumn('demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The database refuses an event missing what its type requires, whatever the caller checked.
    .addCheckConstraint(
      'events_required_fields',
      sql`(type <> 'feature_used' or feature is not null)
      and (type <> 'phone_call' or hold_seconds is not null)
      and (type <> 'nps_response' or score is not null)
      and (type <> 'contact' or channel is not null)
      and (type <> 'chatbot_conversation' or escalated is not null)`,
    )
    .execute();
  // Every journey aggregation groups by customer first (and customer id is the
  // distribution key on Citus), so customer leads the main index.
  await db.schema.createIndex('events_customer_time_idx').on('events').columns(['customer_id', 'occurred_at']).execute();
  await db.schema.createIndex('events_time_idx').on('events').columns(['occurred_at']).execute();
  await db.schema.createIndex('events_received_idx').on('events').columns(['received_at']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('settings').execute();
  await db.schema.dropTable('events').execute();
  await db.schema.dropTable('customers').execute();
}
