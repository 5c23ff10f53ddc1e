import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { expect, test } from 'vitest';
import type { Database } from '../db/index.ts';
import { deleteCustomersAndEvents, describeEachDatabase } from '../test/databases.ts';
import { rebuildRollups } from './rebuild.ts';
import { refreshRollupsForEvents } from './refresh.ts';
import { setRollupTimezone } from './timezone.ts';

interface Ev {
  id: string;
  customer_id: string;
  type: string;
  occurred_at: Date;
  feature?: string;
  escalated?: boolean;
  hold_seconds?: number;
  score?: number;
  channel?: string;
}

const anEvent = fc.record({
  id: fc.integer({ min: 1, max: 60 }).map((n) => `e${n}`), // small id space: duplicates happen
  customer_id: fc.constantFrom('a', 'b', 'c', 'd'),
  kind: fc.integer({ min: 0, max: 6 }),
  // around the Berlin spring DST change and a month/quarter boundary
  occurred_at: fc.integer({ min: Date.parse('2025-03-24T00:00:00Z'), max: Date.parse('2025-04-08T00:00:00Z') }).map((t) => new Date(t)),
  n: fc.integer({ min: 0, max: 10 }),
});

function toEvent(r: { id: string; customer_id: string; kind: number; occurred_at: Date; n: number }): Ev {
  const base = { id: r.id, customer_id: r.customer_id, occurred_at: r.occurred_at };
  switch (r.kind) {
    case 0: return { ...base, type: 'feature_used', feature: `f${r.n % 3}` };
    case 1: return { ...base, type: 'help_viewed' };
    case 2: return { ...base, type: 'chatbot_conversation', escalated: r.n % 2 === 0 };
    case 3: return { ...base, type: 'phone_call', hold_seconds: r.n * 10 };
    case 4: return { ...base, type: 'nps_response', score: r.n };
    case 5: return { ...base, type: 'contact', channel: r.n % 2 ? 'email' : 'live_chat' };
    default: return { ...base, type: 'churned' };
  }
}

/** Inserts one batch the way ingestion does: duplicates skipped, rollups refreshed for what was new. */
async function storeBatch(db: Kysely<Database>, batch: Ev[]) {
  await db.transaction().execute(async (trx) => {
    await sql`insert into customers (id) select distinct unnest(${batch.map((e) => e.customer_id)}::text[]) on conflict do nothing`.execute(trx);
    const inserted = await trx
      .insertInto('events')
      .values(batch.map((e) => ({ escalated: null, ...e })) as never)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning(['id', 'customer_id', 'occurred_at', 'type'])
      .execute();
    await refreshRollupsForEvents(trx, inserted);
  });
}

async function snapshot(db: Kysely<Database>) {
  const r = await sql`select grain, period_start, customer_id, active, feature_uses,
      array(select unnest(features) order by 1) as features, help_views, chatbot_conversations, chatbot_escalated,
      phone_calls, array(select unnest(hold_seconds) order by 1)::text as hold,
      array(select unnest(contact_channels) order by 1) as contact_channels, nps_score, nps_at, nps_event_id, churned_on::text
    from customer_periods order by grain, period_start, customer_id`.execute(db);
  return r.rows;
}

describeEachDatabase('rollups', (db) => {
  test.each(['UTC', 'Europe/Berlin'])(
    'incremental refresh in random batches equals a rebuild from raw events (%s)',
    async (zone) => {
      await fc.assert(
        fc.asyncProperty(fc.array(anEvent, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 8 }), async (raw, batchSize) => {
          const d = db().db;
          await deleteCustomersAndEvents(d);
          await setRollupTimezone(d, zone);
          // Deduplicate within a batch as ingestion does (first occurrence wins).
          const events = raw.map(toEvent);
          for (let i = 0; i < events.length; i += batchSize) {
            const seen = new Set<string>();
            const batch = events.slice(i, i + batchSize).filter((e) => !seen.has(e.id) && seen.add(e.id));
            await storeBatch(d, batch);
          }
          const incremental = await snapshot(d);
          await rebuildRollups(d);
          expect(await snapshot(d)).toEqual(incremental);
        }),
        { numRuns: 15 },
      );
    },
    120_000,
  );

  test('a late event recomputes its period: the stage moves right', async () => {
    const d = db().db;
    await deleteCustomersAndEvents(d);
    await setRollupTimezone(d, 'UTC');
    await storeBatch(d, [{ id: 'x1', customer_id: 'a', type: 'feature_used', feature: 'f', occurred_at: new Date('2025-03-10T00:00:00Z') }]);
    await storeBatch(d, [{ id: 'x2', customer_id: 'a', type: 'phone_call', hold_seconds: 5, occurred_at: new Date('2025-03-02T00:00:00Z') }]);
    const row = await d.selectFrom('customer_periods').selectAll().where('grain', '=', 'month').executeTakeFirstOrThrow();
    expect(row.phone_calls).toBe(1);
    expect(row.feature_uses).toBe(1);
  });
});
