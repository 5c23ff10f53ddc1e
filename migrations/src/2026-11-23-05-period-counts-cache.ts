import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

export async function up(db: Kysely<any>): Promise<void> {
  // What SQL counted for one period, one settings version and one segment, so a
  // dashboard read costs a lookup. Ingestion deletes every entry whose figures its events
  // could change (affects_until > the batch's earliest event); customer changes and
  // settings changes clear it. Raw events and rollups stay the source of truth.
  await db.schema
    .createTable('period_counts_cache')
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('period_start', 'timestamptz', (c) => c.notNull())
    // hash of the settings that shape the counts and of the segment
    .addColumn('variant', 'text', (c) => c.notNull())
    // period end + churn window: no event at or after this instant changes these counts
    .addColumn('affects_until', 'timestamptz', (c) => c.notNull())
    .addColumn('counts', 'jsonb', (c) => c.notNull())
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('period_counts_cache_pkey', ['grain', 'period_start', 'variant'])
    .execute();
  await db.schema.createIndex('period_counts_cache_affects_idx').on('period_counts_cache').column('affects_until').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('period_counts_cache').execute();
}
