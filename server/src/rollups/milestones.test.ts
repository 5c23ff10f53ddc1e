import { periodContaining, type Grain } from '@canopy/shared';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { expect, test } from 'vitest';
import type { Database } from '../db/index.ts';
import { removeDemo } from '../demo/seed.ts';
import { storeCustomers, storeEvents } from '../ingest/store.ts';
import type { EventRow } from '../ingest/rows.ts';
import { getFinanceCounts, scanFinanceCounts } from '../journey/finance-counts.ts';
import type { Segment } from '../journey/source.ts';
import { deleteCustomersAndEvents, describeEachDatabase } from '../test/databases.ts';
import { rebuildRollups } from './rebuild.ts';
import { compactSummaries } from './summaries.ts';

// Finance's churn counts from customer_milestones (and segment_milestones for a segment)
// must equal a count over every customer, for any events in any order, customers created
// (and re-dated) before or after their first event, churning once or twice, changing plan,
// demo data removed, and compaction in between.

const CUSTOMERS = ['a', 'b', 'c', 'd', 'e', 'f'];
const FROM = Date.parse('2025-02-20T00:00:00Z');
const TO = Date.parse('2025-05-10T00:00:00Z');

const anEvent = fc.record({
  id: fc.integer({ min: 1, max: 60 }).map((n) => `e${n}`), // small id space: duplicates happen
  customer: fc.constantFrom(...CUSTOMERS),
  churned: fc.boolean(),
  at: fc.integer({ min: FROM, max: TO }),
  exact: fc.boolean(), // on an hour, so exactly on period boundaries now and then
});
const aCustomer = fc.record({
  customer: fc.constantFrom(...CUSTOMERS),
  at: fc.option(fc.integer({ min: FROM, max: TO }), { nil: undefined }),
  plan: fc.option(fc.constantFrom('free', 'pro'), { nil: undefined }),
});
/** The whole company, one plan, and both plans (OR). */
const SEGMENTS: Segment[] = [{}, { plan: ['pro'] }, { plan: ['pro', 'free'] }];
const aStep = fc.oneof(
  { weight: 4, arbitrary: fc.record({ events: fc.array(anEvent, { minLength: 1, maxLength: 6 }), demo: fc.boolean() }) },
  { weight: 2, arbitrary: fc.array(aCustomer, { minLength: 1, maxLength: 3 }).map((created) => ({ created })) },
  { weight: 1, arbitrary: fc.constant({ compact: true as const }) },
  { weight: 1, arbitrary: fc.constant({ removeDemo: true as const }) },
);

const NO_FIELDS = {
  feature: null, article: null, escalated: null, resolved: null, hold_seconds: null, talk_seconds: null,
  score: null, comment: null, reason: null, channel: null,
};

function toRow(r: { id: string; customer: string; churned: boolean; at: number; exact: boolean }): EventRow {
  const at = new Date(r.exact ? r.at - (r.at % 3_600_000) : r.at);
  const common = { ...NO_FIELDS, id: r.id, customer_id: r.customer, occurred_at: at };
  return r.churned ? { ...common, type: 'churned' } : { ...common, type: 'feature_used', feature: 'reports' };
}

/** The milestones added up per bucket (and per attribute set), however many rows hold each. */
async function milestones(db: Kysely<Database>) {
  const company = await sql`select bucket, sum(appeared)::int as appeared, sum(churned)::int as churned
    from customer_milestones group by bucket having sum(appeared) <> 0 or sum(churned) <> 0 order by bucket`.execute(db);
  const sets = await sql`select bucket, attribute_set, sum(appeared)::int as appeared, sum(churned)::int as churned
    from segment_milestones group by 1, 2 having sum(appeared) <> 0 or sum(churned) <> 0 order by 1, 2`.execute(db);
  return [...company.rows, ...sets.rows];
}

const periods = (['day', 'week', 'month', 'quarter'] as Grain[]).flatMap((grain) =>
  ['UTC', 'Europe/Berlin', 'Asia/Kathmandu'].flatMap((zone) =>
    ['2025-03-01', '2025-03-30', '2025-04-01', '2025-04-15'].map((date) => periodContaining(grain, date, zone)),
  ),
);

describeEachDatabase('customer milestones', (db) => {
  test('give finance the counts of a pass over every customer, and equal a rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(aStep, { minLength: 1, maxLength: 10 }), async (steps) => {
        const d = db().db;
        await deleteCustomersAndEvents(d);
        for (const step of steps) {
          if ('events' in step) await storeEvents(d, step.events.map(toRow), { demo: step.demo });
          else if ('created' in step) {
            await storeCustomers(
              d,
              step.created.map((c) => ({
                id: c.customer,
                ...(c.at === undefined ? {} : { created_at: new Date(c.at) }),
                ...(c.plan === undefined ? {} : { attributes: { plan: c.plan } }),
              })),
            );
          }
          else if ('compact' in step) await compactSummaries(d);
          else await removeDemo(d);
        }

        for (const p of periods) {
          for (const segment of SEGMENTS) {
            expect(await getFinanceCounts(d, p.start, p.end, segment)).toEqual(await scanFinanceCounts(d, p.start, p.end, segment));
          }
        }
        const incremental = await milestones(d);
        await compactSummaries(d);
        expect(await milestones(d)).toEqual(incremental);
        const rows = await sql<{ n: number }>`select (select count(*) from customer_milestones) + (select count(*) from segment_milestones) as n`.execute(d);
        expect(Number(rows.rows[0]!.n)).toBe(incremental.length);
        await rebuildRollups(d);
        expect(await milestones(d)).toEqual(incremental);
      }),
      { numRuns: 25 },
    );
  }, 240_000);

  test('a customer first seen on the period start existed at it only from the next period', async () => {
    const d = db().db;
    await deleteCustomersAndEvents(d);
    const april = periodContaining('month', '2025-04-10', 'UTC');
    await storeEvents(d, [
      toRow({ id: 'x1', customer: 'a', churned: false, at: april.start.getTime(), exact: true }), // appears at 04-01 00:00
      toRow({ id: 'x2', customer: 'b', churned: false, at: april.start.getTime() - 1, exact: false }), // 03-31 23:59:59.999
      toRow({ id: 'x3', customer: 'b', churned: true, at: Date.parse('2025-04-20T00:00:00Z'), exact: false }),
      toRow({ id: 'x4', customer: 'c', churned: true, at: Date.parse('2025-03-05T00:00:00Z'), exact: false }),
    ]);
    // At April 1: b (a appears on it; c churned in March). b churned in April.
    expect(await getFinanceCounts(d, april.start, april.end, {})).toEqual({ atStart: 1, churned: 1 });
    // At May 1: a (b and c churned before it).
    const may = periodContaining('month', '2025-05-10', 'UTC');
    expect(await getFinanceCounts(d, may.start, may.end, {})).toEqual({ atStart: 1, churned: 0 });
    // At March 1: nobody yet; c appeared and churned in March, after the start, so is not counted.
    const march = periodContaining('month', '2025-03-10', 'UTC');
    expect(await getFinanceCounts(d, march.start, march.end, {})).toEqual({ atStart: 0, churned: 0 });
  });
});
