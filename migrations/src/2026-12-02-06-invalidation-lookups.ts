import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

// Each cached count's lookup asked whether any invalidation since the count's snapshot
// reaches it, reading every invalidation since then in transaction order: for last month's
// forest under a steady stream of fresh events, every row of the last 15 minutes (1,800 rows
// after 3 minutes of 10 batches a second), and none reaches it. The earliest `since` and
// `churn_since`, and the invalidations of everything (`since` null), found by these indexes,
// rule that out first (journey/counts-cache.ts).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index count_invalidations_since_idx on count_invalidations (since)`.execute(db);
  await sql`create index count_invalidations_churn_since_idx on count_invalidations (churn_since)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index count_invalidations_churn_since_idx`.execute(db);
  await sql`drop index count_invalidations_since_idx`.execute(db);
}
