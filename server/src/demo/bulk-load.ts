import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import type { DemoEvent } from './event-shapes.ts';

// Loading a quarter of a million events must fit in the start-up minute on the embedded
// database, where each row costs far more than on a PostgreSQL server. Two things make
// it fast: rows travel as one JSON parameter per chunk (no per-value parameters), and on
// an empty events table the secondary indexes are built once after loading instead of
// being updated row by row (PostgreSQL's own advice for populating a database).

const CHUNK = 5000;

const COLUMNS = sql`id text, customer_id text, type text, occurred_at timestamptz, feature text, article text,
  escalated boolean, resolved boolean, hold_seconds numeric, talk_seconds numeric, score smallint,
  comment text, reason text, channel text`;

/** Inserts API-shaped events as demo rows. Absent fields are stored as null, as ingest does. */
export async function insertDemoEvents(trx: Kysely<Database>, events: readonly DemoEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += CHUNK) {
    // A conversation not said to be escalated was not (the spec's default), as in ingest.
    const rows = events.slice(i, i + CHUNK).map((e) => (e.type === 'chatbot_conversation' ? { escalated: false, ...e } : e));
    await sql`
      insert into events (id, customer_id, type, occurred_at, feature, article, escalated, resolved,
        hold_seconds, talk_seconds, score, comment, reason, channel, demo)
      select id, customer_id, type, occurred_at, feature, article, escalated, resolved,
        hold_seconds, talk_seconds, score, comment, reason, channel, true
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${COLUMNS})`.execute(trx);
  }
}

/**
 * Runs `load` with the table's secondary indexes dropped when the table is empty, and
 * recreates them from their saved definitions afterwards; call inside a transaction.
 * Indexes that back constraints (the primary key) stay.
 */
export async function withIndexesBuiltAfter(trx: Kysely<Database>, table: 'events', load: () => Promise<void>): Promise<void> {
  const empty = (await sql`select 1 from ${sql.table(table)} limit 1`.execute(trx)).rows.length === 0;
  const indexes = empty
    ? (
        await sql<{ name: string; definition: string }>`
          select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
          from pg_index i
          where i.indrelid = ${table}::regclass
            and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`.execute(trx)
      ).rows
    : [];
  for (const index of indexes) await sql`drop index ${sql.raw(index.name)}`.execute(trx);
  await load();
  for (const index of indexes) await sql.raw(index.definition).execute(trx);
}
