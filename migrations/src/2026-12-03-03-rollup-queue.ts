import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must not import application code.

// Stored events wait here for the rollup worker (server/src/rollups/queue.ts): ingestion
// stores a batch's events and one row listing the ids it stored, in one transaction, and
// answers; the worker takes rows oldest first and adds their events to the rollups, deleting
// the rows in the transaction that adds them, so each event is added exactly once whatever
// stops when. Ingestion then costs about what storing the events costs (docs/performance.md).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table rollup_queue (
      id bigint generated always as identity primary key,
      event_ids text[] not null,
      queued_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Nothing queued may be lost: add what is still waiting to the rollups first (`pnpm canopy rebuild-rollups` also does).
  const waiting = await sql<{ n: number }>`select count(*)::int as n from rollup_queue`.execute(db);
  if (waiting.rows[0]!.n > 0) throw new Error('rollup_queue still holds events for the rollups: let the server apply them (or run rebuild-rollups) before migrating down');
  await sql`drop table rollup_queue`.execute(db);
}
