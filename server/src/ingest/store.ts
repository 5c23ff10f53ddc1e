import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { withDeadlockRetry } from '../db/retry.ts';
import { invalidateCounts } from '../journey/counts-cache.ts';
import { applyAllQueuedRollups, queueForRollups } from '../rollups/queue.ts';
import { compactSummariesNowAndThen, keepRollupCustomers } from '../rollups/summaries.ts';
import type { CustomerRow, EventRow, StoreResult } from './rows.ts';

// Each batch is one transaction: all its valid items are stored, or none are. Every table
// is written with one `insert ... select from unnest(arrays)` statement: a handful of
// array parameters instead of thousands of bind parameters (see docs/performance.md).

/** Options for storing: demo rows are the seeded demo company's, removable as a set. */
export interface StoreOptions {
  demo?: boolean;
}

/**
 * Stores validated events and brings everything derived from them up to date before
 * answering: for commands and tests that read right after storing. The API answers as soon
 * as the events are stored (storeEventRows) and leaves the rest to the rollup worker.
 */
export async function storeEvents(db: Db, rows: EventRow[], options: StoreOptions = {}): Promise<StoreResult> {
  const stored = await storeEventRows(db, rows, options);
  await applyAllQueuedRollups(db);
  return { stored: stored.size, duplicates: rows.length - stored.size };
}

/**
 * Stores validated events in one transaction: creates unknown customers, skips ids already
 * stored (or repeated in the batch) as duplicates, and queues the new ones for the rollups
 * (rollups/queue.ts). Answers with the ids it stored (the others were duplicates).
 */
export async function storeEventRows(db: Db, rows: EventRow[], options: StoreOptions = {}): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // In customer order, so the events' foreign keys lock customers in a fixed order.
  const unique = firstOfEachId(rows).sort((a, b) => compare(a.customer_id, b.customer_id) || compare(a.id, b.id));
  const demo = options.demo ?? false;
  const column = <K extends keyof EventRow>(key: K) => unique.map((row) => row[key]);
  const times = unique.map((row) => row.occurred_at.toISOString());
  const customerIds = [...new Set(column('customer_id'))].sort(compare);

  const inserted = await withDeadlockRetry(() =>
    db.transaction().execute(async (trx) => {
      // Only the unknown ones are offered: each offered row costs a trigger call (its attribute set).
      await sql`
        insert into customers (id, demo)
        select id, ${demo}::boolean from unnest(${customerIds}::text[]) as t(id)
        where not exists (select 1 from customers c where c.id = t.id)
        on conflict (id) do nothing`.execute(trx);
      const result = await sql<{ id: string }>`
        insert into events (id, customer_id, type, occurred_at, feature, article, escalated, resolved,
                            hold_seconds, talk_seconds, score, comment, reason, channel, demo)
        select t.*, ${demo}::boolean
        from unnest(${column('id')}::text[], ${column('customer_id')}::text[], ${column('type')}::text[],
                    ${times}::timestamptz[], ${column('feature')}::text[], ${column('article')}::text[],
                    ${column('escalated')}::boolean[], ${column('resolved')}::boolean[],
                    ${column('hold_seconds')}::numeric[], ${column('talk_seconds')}::numeric[],
                    ${column('score')}::smallint[], ${column('comment')}::text[], ${column('reason')}::text[],
                    ${column('channel')}::text[])
          as t(id, customer_id, type, occurred_at, feature, article, escalated, resolved,
               hold_seconds, talk_seconds, score, comment, reason, channel)
        on conflict (id) do nothing
        returning id`.execute(trx);
      const ids = result.rows.map((r) => r.id);
      await queueForRollups(trx, ids);
      return ids;
    }),
  );
  return new Set(inserted);
}

/**
 * Creates or updates validated customers by id: only the fields sent replace the stored
 * ones (attributes as a whole map); the same id twice in a batch merges in order.
 * A customer already stored exactly as sent counts as a duplicate.
 */
export async function storeCustomers(db: Db, rows: CustomerRow[], options: StoreOptions = {}): Promise<StoreResult> {
  if (rows.length === 0) return { stored: 0, duplicates: 0 };
  const merged = new Map<string, CustomerRow>();
  const itemsPerId = new Map<string, number>();
  for (const row of rows) {
    merged.set(row.id, { ...merged.get(row.id), ...row });
    itemsPerId.set(row.id, (itemsPerId.get(row.id) ?? 0) + 1);
  }
  const list = [...merged.values()].sort((a, b) => compare(a.id, b.id));
  const ids = list.map((c) => c.id);
  const demo = options.demo ?? false;

  const changed = await withDeadlockRetry(() =>
    db.transaction().execute(async (trx) => {
      const created = await sql<{ id: string }>`
        insert into customers (id, demo)
        select id, ${demo}::boolean from unnest(${ids}::text[]) as t(id)
        where not exists (select 1 from customers c where c.id = t.id)
        on conflict (id) do nothing
        returning id`.execute(trx);
      // A field not sent arrives as null and keeps the stored value: the schemas never let null be sent.
      const updated = await sql<{ id: string }>`
        update customers c set
          name = coalesce(t.name, c.name),
          created_at = coalesce(t.created_at, c.created_at),
          mrr = coalesce(t.mrr, c.mrr),
          attributes = coalesce(t.attributes, c.attributes),
          updated_at = now()
        from unnest(${ids}::text[], ${list.map((c) => c.name ?? null)}::text[],
                    ${list.map((c) => c.created_at?.toISOString() ?? null)}::timestamptz[],
                    ${list.map((c) => c.mrr ?? null)}::numeric[],
                    ${list.map((c) => (c.attributes ? JSON.stringify(c.attributes) : null))}::jsonb[])
          as t(id, name, created_at, mrr, attributes)
        where c.id = t.id
          and (c.name is distinct from coalesce(t.name, c.name)
            or c.created_at is distinct from coalesce(t.created_at, c.created_at)
            or c.mrr is distinct from coalesce(t.mrr, c.mrr)
            or c.attributes is distinct from coalesce(t.attributes, c.attributes))
        returning c.id`.execute(trx);
      const changedIds = [...created.rows, ...updated.rows].map((r) => r.id);
      // Revenue is summed per period from the rollups' copy of mrr, segments from their copy of the attribute set.
      const copied = changedIds.filter((id) => merged.get(id)!.mrr !== undefined || merged.get(id)!.attributes !== undefined);
      await keepRollupCustomers(trx, copied.sort(compare));
      // MRR, attributes and created_at feed the figures of every period: drop the cached counts.
      if (changedIds.length > 0) await invalidateCounts(trx, null);
      return new Set(changedIds);
    }),
  );
  // A customer's mrr is in their rollup rows of every period, and created_at in the milestones.
  if (changed.size > 0) await compactSummariesNowAndThen(db, null).catch(() => undefined);
  let stored = 0;
  for (const id of changed) stored += itemsPerId.get(id) ?? 0;
  return { stored, duplicates: rows.length - stored };
}

/** Keeps the first row of each id, in order. */
function firstOfEachId<Row extends { id: string }>(rows: Row[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((row) => (seen.has(row.id) ? false : (seen.add(row.id), true)));
}

// Byte order, as the database's "C" collation would sort: ids in a fixed order lock rows in
// a fixed order, so two batches touching the same customers rarely wait on each other in a cycle.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
