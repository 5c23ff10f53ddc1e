import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

export async function up(db: Kysely<any>): Promise<void> {
  // Cached counts are no longer deleted by the transaction that changes data (that made
  // every ingestion batch wait for readers that were counting). Instead each such
  // transaction appends one row here, and a cached count records the snapshot it was
  // counted in: it is stale exactly when a relevant invalidation committed outside that
  // snapshot. Old invalidations are pruned (see server/src/journey/counts-cache.ts).
  await db.schema
    .createTable('count_invalidations')
    .addColumn('xid', sql`xid8`, (c) => c.notNull().defaultTo(sql`pg_current_xact_id()`))
    // events from this instant on changed; null: anything may have changed
    .addColumn('since', 'timestamptz')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('count_invalidations_xid_idx').on('count_invalidations').column('xid').execute();
  await db.schema.createIndex('count_invalidations_at_idx').on('count_invalidations').column('at').execute();

  await sql`delete from period_counts_cache`.execute(db);
  await sql`drop index if exists period_counts_cache_affects_idx`.execute(db);
  await db.schema
    .alterTable('period_counts_cache')
    .addColumn('snapshot', sql`pg_snapshot`, (c) => c.notNull())
    .addColumn('snapshot_xmin', sql`xid8`, (c) => c.notNull())
    // the newest event received as the count saw the data
    .addColumn('data_as_of', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from period_counts_cache`.execute(db);
  await db.schema.alterTable('period_counts_cache').dropColumn('snapshot').dropColumn('snapshot_xmin').dropColumn('data_as_of').execute();
  await db.schema.createIndex('period_counts_cache_affects_idx').on('period_counts_cache').column('affects_until').execute();
  await db.schema.dropTable('count_invalidations').execute();
}
