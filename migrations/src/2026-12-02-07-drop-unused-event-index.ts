import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

// events_type_time_idx (type, occurred_at) was made for reads by type over a time range.
// No query reads that way now: churn uses the partial indexes on churned events, a day's
// events are found by occurred_at, and everything else reads the rollups. PostgreSQL's own
// statistics showed no scan of it after load runs and benchmarks, while every stored event
// still wrote to it: 139 MB at 100,000 customers and 3 million events, and about 5% of the
// WAL an ingestion batch writes.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists events_type_time_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index events_type_time_idx on events (type, occurred_at)`.execute(db);
}
