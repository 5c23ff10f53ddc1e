import { churnWindowEnd, DEFAULT_SETTINGS, periodContaining } from '@canopy/shared';
import { sql, type Kysely } from 'kysely';
import { expect, test } from 'vitest';
import type { Database } from '../db/index.ts';
import type { EventRow } from '../ingest/rows.ts';
import { storeEvents } from '../ingest/store.ts';
import { getProfileCountRows } from '../journey/profile-counts.ts';
import { scanPeriodCountRows } from '../journey/period-counts.ts';
import { deleteCustomersAndEvents, describeEachDatabase } from '../test/databases.ts';
import { rebuildRollups } from './rebuild.ts';
import { lockRollupPasses } from './queue.ts';
import { refreshRollupsForEvents } from './refresh.ts';
import { setRollupTimezone } from './timezone.ts';

// customer_periods.churned_on: the local day of the customer's first churn at or after the
// period's start, which the summaries count per profile for each stage's churn.

const NO_FIELDS = {
  feature: null, article: null, escalated: null, resolved: null, hold_seconds: null, talk_seconds: null,
  score: null, comment: null, reason: null, channel: null,
};

function event(id: string, customer_id: string, type: EventRow['type'], at: string): EventRow {
  return { ...NO_FIELDS, id, customer_id, type, occurred_at: new Date(at), ...(type === 'feature_used' ? { feature: 'f' } : {}) };
}

/** Each month row of a customer with its churned_on, as text. */
async function monthDays(db: Kysely<Database>, customer: string): Promise<Record<string, string | null>> {
  const r = await sql<{ month: string; day: string | null }>`
    select to_char(period_start at time zone 'UTC', 'YYYY-MM-DD') as month, churned_on::text as day
    from customer_periods where grain = 'month' and customer_id = ${customer} order by period_start`.execute(db);
  return Object.fromEntries(r.rows.map((row) => [row.month, row.day]));
}

/** churned_on of every row, for comparing with a rebuild. */
async function allDays(db: Kysely<Database>) {
  return (await sql`select grain, period_start, customer_id, churned_on::text as day from customer_periods order by 1, 2, 3`.execute(db)).rows;
}

describeEachDatabase('churned_on', (db, kind) => {
  test('each row takes the first churn at or after its start, whichever batch brings the rows and churns', async () => {
    const d = db().db;
    await deleteCustomersAndEvents(d);
    await setRollupTimezone(d, 'UTC');
    await storeEvents(d, [event('a1', 'a', 'feature_used', '2025-01-15T10:00:00Z'), event('a2', 'a', 'feature_used', '2025-03-05T10:00:00Z')]);
    expect(await monthDays(d, 'a')).toEqual({ '2025-01-01': null, '2025-03-01': null });

    // A churn on 10 February marks January (its first churn from 1 January) but not March.
    await storeEvents(d, [event('a3', 'a', 'churned', '2025-02-10T09:00:00Z')]);
    expect(await monthDays(d, 'a')).toEqual({ '2025-01-01': '2025-02-10', '2025-02-01': '2025-02-10', '2025-03-01': null });

    // Back and churned again on 20 March: March takes it; January and February keep the first.
    await storeEvents(d, [event('a4', 'a', 'churned', '2025-03-20T09:00:00Z')]);
    expect(await monthDays(d, 'a')).toEqual({ '2025-01-01': '2025-02-10', '2025-02-01': '2025-02-10', '2025-03-01': '2025-03-20' });

    // A late December event makes a new row, which finds the churns already stored; an
    // earlier churn arriving late (1 February) replaces the later one where it comes first.
    await storeEvents(d, [event('a5', 'a', 'feature_used', '2024-12-20T10:00:00Z')]);
    await storeEvents(d, [event('a6', 'a', 'churned', '2025-02-01T00:00:00Z')]);
    expect(await monthDays(d, 'a')).toEqual({
      '2024-12-01': '2025-02-01',
      '2025-01-01': '2025-02-01',
      '2025-02-01': '2025-02-01',
      '2025-03-01': '2025-03-20',
    });

    const incremental = await allDays(d);
    await rebuildRollups(d);
    expect(await allDays(d)).toEqual(incremental);
  });

  test('the day is local: a churn at 00:30 in Berlin is the next day there', async () => {
    const d = db().db;
    await deleteCustomersAndEvents(d);
    await setRollupTimezone(d, 'Europe/Berlin');
    await storeEvents(d, [event('b1', 'b', 'feature_used', '2025-03-10T10:00:00Z'), event('b2', 'b', 'churned', '2025-03-31T22:30:00Z')]);
    // March (and April, which the churn itself falls in, at 00:30 on 1 April in Berlin).
    const days = await sql<{ day: string }>`select churned_on::text as day from customer_periods where grain = 'month' and customer_id = 'b' order by period_start`.execute(d);
    expect(days.rows.map((r) => r.day)).toEqual(['2025-04-01', '2025-04-01']);
  });

  test('a stage counts a churn one millisecond before its window ends, and not one at the end', async () => {
    const d = db().db;
    await deleteCustomersAndEvents(d);
    const zone = 'Europe/Berlin';
    await setRollupTimezone(d, zone);
    const march = periodContaining('month', '2025-03-15', zone);
    const end = churnWindowEnd(march.end, 30, zone); // 1 May 00:00 in Berlin
    await storeEvents(d, [
      event('c1', 'in', 'feature_used', '2025-03-10T10:00:00Z'),
      event('c2', 'in', 'churned', new Date(end.getTime() - 1).toISOString()),
      event('c3', 'out', 'feature_used', '2025-03-10T10:00:00Z'),
      event('c4', 'out', 'churned', end.toISOString()),
    ]);
    const scope = { grain: 'month' as const, from: march.start, to: march.end, timezone: zone, segment: {}, onePeriod: true };
    const counts = await getProfileCountRows(d, scope, DEFAULT_SETTINGS.ladder, end);
    expect(counts.stages.map((s) => [s.stage, s.customers, s.churned])).toEqual([[1, 2, 1]]); // both just work; only `in` churned in time
    expect(counts).toEqual(await scanPeriodCountRows(d, scope, DEFAULT_SETTINGS.ladder, end));
    await expect(getProfileCountRows(d, scope, DEFAULT_SETTINGS.ladder, new Date(end.getTime() + 3_600_000))).rejects.toThrow(/local midnight/);
  });

  // Two rollup passes at once: one adds a customer's churn, the other a late event that makes
  // a new, earlier row of theirs. Whichever commits second must see the other's work: passes
  // take turns (the pass lock). The embedded database has one connection: nothing runs at once there.
  if (kind === 'postgres') {
    // In another quarter than the churn, so the two batches share no rollup row (whose
    // lock would make one wait for the other anyway).
    const late = event('late', 'x', 'feature_used', '2024-12-20T10:00:00Z');
    const churn = event('churn', 'x', 'churned', '2025-03-10T10:00:00Z');

    /** Stores `events` and adds them to the rollups as a pass does, then waits for `meanwhile` before committing. */
    async function passHolding(d: Kysely<Database>, events: EventRow[], meanwhile: () => Promise<void>) {
      await d.transaction().execute(async (trx) => {
        await lockRollupPasses(trx);
        await sql`insert into customers (id) values ('x') on conflict do nothing`.execute(trx);
        const stored = await trx.insertInto('events').values(events).returning(['id', 'customer_id', 'occurred_at', 'type']).execute();
        await refreshRollupsForEvents(trx, stored);
        await meanwhile();
      });
    }
    const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 500));

    for (const [first, second] of [[late, churn], [churn, late]] as const) {
      test(`a pass adding a ${first.type} still open while a ${second.type} is stored and added: December gets its churn day`, async () => {
        const d = db().db;
        await deleteCustomersAndEvents(d);
        await setRollupTimezone(d, 'UTC');
        await storeEvents(d, [event('x0', 'x', 'feature_used', '2025-03-01T10:00:00Z')]);
        let other: Promise<unknown> = Promise.resolve();
        await passHolding(d, [first], async () => {
          other = storeEvents(d, [second]);
          await pause(); // the other batch is stored and its pass runs as far as it can before this one commits
        });
        await other;
        expect(await monthDays(d, 'x')).toEqual({ '2024-12-01': '2025-03-10', '2025-03-01': '2025-03-10' });
        const incremental = await allDays(d);
        await rebuildRollups(d);
        expect(await allDays(d)).toEqual(incremental);
      });
    }
  }
});
