import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { withDeadlockRetry } from '../db/retry.ts';
import { refreshRollupsForEvents, type RollupKey } from './refresh.ts';
import { compactSummariesNowAndThen } from './summaries.ts';

// Ingestion stores a batch's events and queues their ids (rollup_queue) in one transaction,
// and answers; applyQueuedRollups adds queued events to everything derived from events (the
// customers' first event and first churn, the rollups, their summaries, the counts cache's
// invalidations) and deletes their queue rows in one transaction. So an event is added
// exactly once, whatever stops when: a pass that fails leaves its rows queued for the next.
//
// One pass runs at a time across every process sharing the database (an advisory lock), so
// rollup rows are only ever written by one transaction at a time; rebuildRollups takes the
// same lock and empties the queue (its rebuild includes the queued events).

/** The advisory lock key of rollup passes ("canopy rollups", as a 32-bit number). */
const ROLLUP_PASS_LOCK = 0x0c0117;

/** Waits for the rollup pass another connection is running, and keeps passes out until the transaction ends. */
export async function lockRollupPasses(trx: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ROLLUP_PASS_LOCK})`.execute(trx);
}

/** Most events one pass adds (a batch queued larger than this is still taken whole). */
const MAX_EVENTS_PER_PASS = 20_000;

/**
 * Queues just-stored events for the rollups: call in the transaction that stored them,
 * with only the ids it stored (not the duplicates).
 */
export async function queueForRollups(trx: Kysely<Database>, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await sql`insert into rollup_queue (event_ids) values (${eventIds}::text[])`.execute(trx);
}

/** How a pass runs. */
export interface PassOptions {
  /** Most events to add (a batch queued larger than this is still taken whole). */
  maxEvents?: number;
  /**
   * Given, the pass does not wait for the summaries to be folded (which can take seconds,
   * the first time after a start): the fold runs beside the next pass and is handed here.
   */
  foldInBackground?: (fold: Promise<void>) => void;
}

/**
 * Adds the oldest queued events (up to about maxEvents) to the rollups in one transaction,
 * waiting for a pass another connection is running. Returns how many events it added: 0
 * when nothing was queued.
 */
export async function applyQueuedRollups(db: Kysely<Database>, options: PassOptions = {}): Promise<number> {
  const maxEvents = options.maxEvents ?? MAX_EVENTS_PER_PASS;
  const events = await withDeadlockRetry(() =>
    db.transaction().execute(async (trx) => {
      await lockRollupPasses(trx);
      // The oldest rows, as many as fit in maxEvents (always at least the first).
      const taken = await sql<RollupKey>`
        with picked as (
          select id, sum(cardinality(event_ids)) over (order by id) as running
          from (select id, event_ids from rollup_queue order by id limit 1000) q
        ),
        taken as (
          delete from rollup_queue r using picked
          where r.id = picked.id and (picked.running <= ${maxEvents} or picked.id = (select min(id) from picked))
          returning r.event_ids
        )
        select e.id, e.customer_id, e.occurred_at, e.type
        from taken, unnest(taken.event_ids) as t(id)
        join events e on e.id = t.id
        order by e.customer_id, e.id`.execute(trx);
      const rows = taken.rows.map((r) => ({ ...r, occurred_at: new Date(r.occurred_at) }));
      if (rows.length === 0) return rows;
      await keepFirstEvents(trx, rows);
      await refreshRollupsForEvents(trx, rows);
      return rows;
    }),
  );
  // The rollups are stored; should folding the summaries fail (the database went away just
  // now), the next pass folds them instead.
  if (events.length > 0) {
    const fold = compactSummariesNowAndThen(db, earliestOf(events)).catch(() => undefined);
    if (options.foldInBackground) options.foldInBackground(fold);
    else await fold;
  }
  return events.length;
}

/** Applies queued events until none are left (for commands and tests that read right after storing). */
export async function applyAllQueuedRollups(db: Kysely<Database>, options: PassOptions = {}): Promise<number> {
  let total = 0;
  for (let n = await applyQueuedRollups(db, options); n > 0; n = await applyQueuedRollups(db, options)) total += n;
  return total;
}

/** How far behind the rollups are: events queued and when the oldest was queued. */
export async function rollupBacklog(db: Kysely<Database>): Promise<{ events: number; oldestQueuedAt: Date | null }> {
  const { rows } = await sql<{ events: number; oldest: Date | null }>`
    select coalesce(sum(cardinality(event_ids)), 0)::int as events, min(queued_at) as oldest from rollup_queue`.execute(db);
  return { events: rows[0]!.events, oldestQueuedAt: rows[0]!.oldest ? new Date(rows[0]!.oldest) : null };
}

/**
 * Keeps each customer's first_seen_at and first_churned_at (the earliest event, and the
 * earliest `churned` one): least() passes over nulls.
 */
async function keepFirstEvents(trx: Kysely<Database>, events: RollupKey[]): Promise<void> {
  await sql`
    update customers c set first_seen_at = least(c.first_seen_at, m.first_seen_at),
      first_churned_at = least(c.first_churned_at, m.first_churned_at)
    from (select customer_id, min(t) as first_seen_at, min(t) filter (where type = 'churned') as first_churned_at
          from unnest(${events.map((r) => r.customer_id)}::text[], ${events.map((r) => r.occurred_at.toISOString())}::timestamptz[],
                      ${events.map((r) => r.type)}::text[])
            as e(customer_id, t, type)
          group by customer_id) m
    where c.id = m.customer_id
      and (c.first_seen_at is null or c.first_seen_at > m.first_seen_at
        or c.first_churned_at is distinct from least(c.first_churned_at, m.first_churned_at))`.execute(trx);
}

/** The earliest time among events. */
function earliestOf(events: { occurred_at: Date }[]): Date {
  return new Date(events.reduce((min, e) => Math.min(min, e.occurred_at.getTime()), Infinity));
}
