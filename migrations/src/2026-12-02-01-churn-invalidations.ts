import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

export async function up(db: Kysely<any>): Promise<void> {
  // Most events change only the periods they fall in (and, through a customer's first
  // seen time, later ones); only a churned event reaches back over the churn window of
  // earlier periods. An invalidation now says both: `since` (earliest event of any type)
  // reaches counts whose period ends after it, `churn_since` (earliest churned event, null
  // when none) reaches counts whose churn window ends after it. So a steady stream of
  // fresh events leaves last month's counts fresh.
  await db.schema.alterTable('count_invalidations').addColumn('churn_since', 'timestamptz').execute();
  // Rows written before this knew no types: treat each as if it held a churned event.
  await sql`update count_invalidations set churn_since = since`.execute(db);

  await sql`delete from period_counts_cache`.execute(db);
  await db.schema.alterTable('period_counts_cache').addColumn('period_end', 'timestamptz', (c) => c.notNull()).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from period_counts_cache`.execute(db);
  await db.schema.alterTable('period_counts_cache').dropColumn('period_end').execute();
  await db.schema.alterTable('count_invalidations').dropColumn('churn_since').execute();
}
