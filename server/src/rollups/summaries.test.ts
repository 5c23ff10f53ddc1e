import { churnWindowEnd, DEFAULT_SETTINGS, periodContaining, type Period } from '@canopy/shared';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { expect, test } from 'vitest';
import type { Database } from '../db/index.ts';
import { storeCustomers, storeEvents } from '../ingest/store.ts';
import type { EventRow } from '../ingest/rows.ts';
import { getProfileCountRows, getProfileTrendCells } from '../journey/profile-counts.ts';
import { scanPeriodCountRows } from '../journey/period-counts.ts';
import type { LadderStage, Scope, Segment } from '../journey/source.ts';
import { scanTrendCells } from '../journey/trend-counts.ts';
import { deleteCustomersAndEvents, describeEachDatabase } from '../test/databases.ts';
import { rebuildRollups } from './rebuild.ts';
import { compactSummaries } from './summaries.ts';
import { setRollupTimezone } from './timezone.ts';

// The period summaries must give exactly the counts a scan of customer_periods gives, for
// any events in any order, with customers' mrr and attributes changing in between, under
// any ladder, for the whole company and for segments.

const FIVE_STAGES: LadderStage[] = [
  ...DEFAULT_SETTINGS.ladder.slice(0, 3),
  { key: 'email_ticket', eventTypes: [], channels: ['email'] },
  DEFAULT_SETTINGS.ladder[3]!,
];

const anEvent = fc.record({
  id: fc.integer({ min: 1, max: 80 }).map((n) => `e${n}`), // small id space: duplicates happen
  customer: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  kind: fc.integer({ min: 0, max: 6 }),
  // around a month, quarter and (Berlin) DST boundary
  at: fc.integer({ min: Date.parse('2025-03-20T00:00:00Z'), max: Date.parse('2025-04-10T00:00:00Z') }),
  n: fc.integer({ min: 0, max: 10 }),
});
const someAttributes = fc.option(
  fc.record({ plan: fc.constantFrom('free', 'pro'), region: fc.constantFrom('EU', 'NA') }, { requiredKeys: ['plan'] }),
  { nil: undefined },
);
const aCustomerChange = fc.record({
  customer: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  mrr: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
  attributes: someAttributes,
});
const aStep = fc.oneof(
  { weight: 4, arbitrary: fc.array(anEvent, { minLength: 1, maxLength: 6 }).map((events) => ({ events })) },
  { weight: 2, arbitrary: fc.array(aCustomerChange, { minLength: 1, maxLength: 3 }).map((customers) => ({ customers })) },
  { weight: 1, arbitrary: fc.constant({ compact: true as const }) },
);

const NO_FIELDS = {
  feature: null, article: null, escalated: null, resolved: null, hold_seconds: null, talk_seconds: null,
  score: null, comment: null, reason: null, channel: null,
};

function event(id: string, customer_id: string, type: EventRow['type'], at: string | number, fields: Partial<EventRow> = {}): EventRow {
  return { ...NO_FIELDS, id, customer_id, type, occurred_at: new Date(at), ...fields };
}

function toRow(r: { id: string; customer: string; kind: number; at: number; n: number }): EventRow {
  const base = event(r.id, r.customer, 'churned', r.at);
  switch (r.kind) {
    case 0: return { ...base, type: 'feature_used', feature: `f${r.n % 3}` };
    case 1: return { ...base, type: 'help_viewed' };
    case 2: return { ...base, type: 'chatbot_conversation', escalated: r.n % 2 === 0 };
    case 3: return { ...base, type: 'phone_call', hold_seconds: r.n % 4 === 0 ? r.n * 10 + 0.5 : r.n * 10 };
    case 4: return { ...base, type: 'nps_response', score: r.n };
    case 5: return { ...base, type: 'contact', channel: ['email', 'live_chat', 'fax'][r.n % 3]! };
    default: return { ...base, type: 'churned' };
  }
}

/** Each summary table added up per key: what the summaries say, however many rows hold it. */
async function summaryTables(db: Kysely<Database>) {
  return [...(await summaryTablesOf(db, 'period')), ...(await summaryTablesOf(db, 'segment'))];
}

async function summaryTablesOf(db: Kysely<Database>, prefix: 'period' | 'segment') {
  const profile = `grain, period_start, active, has_help, has_chatbot, has_phone, channels${prefix === 'segment' ? ', attribute_set' : ''}`;
  const hold = prefix === 'segment' ? 'grain, period_start, attribute_set, hold_seconds' : 'grain, period_start, hold_seconds';
  const [profiles, items, holdTimes] = [sql.table(`${prefix}_profiles`), sql.table(`${prefix}_profile_items`), sql.table(`${prefix}_hold_times`)];
  return Promise.all([
    sql`select ${sql.raw(profile)}, sum(customers)::int as customers, sum(mrr)::text as mrr, sum(feature_sum)::int as feature_sum,
          sum(help_views)::int as help_views, sum(chatbot_conversations)::int as chatbot_conversations,
          sum(chatbot_escalated)::int as chatbot_escalated, sum(phone_calls)::int as phone_calls,
          sum(nps_responses)::int as nps_responses, sum(promoters)::int as promoters, sum(detractors)::int as detractors
        from ${profiles} group by ${sql.raw(profile)} having sum(customers) <> 0 order by ${sql.raw(profile)}`.execute(db),
    sql`select ${sql.raw(profile)}, kind, item, sum(n)::int as n from ${items}
        group by ${sql.raw(profile)}, kind, item having sum(n) <> 0 order by ${sql.raw(profile)}, kind, item`.execute(db),
    sql`select ${sql.raw(hold)}, sum(calls)::int as calls from ${holdTimes}
        group by ${sql.raw(hold)} having sum(calls) <> 0 order by ${sql.raw(hold)}`.execute(db),
  ]).then((results) => results.map((r) => r.rows));
}

/** How many keys of the summaries are held by more than one row (none after compacting). */
async function keysHeldTwice(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ n: number }>`select
      (select count(*) from (select 1 from period_profiles group by grain, period_start, active, has_help, has_chatbot, has_phone, channels having count(*) > 1) a)
    + (select count(*) from (select 1 from period_profile_items group by grain, period_start, active, has_help, has_chatbot, has_phone, channels, kind, item having count(*) > 1) b)
    + (select count(*) from (select 1 from period_hold_times group by grain, period_start, hold_seconds having count(*) > 1) c)
    + (select count(*) from (select 1 from segment_profiles group by grain, period_start, attribute_set, active, has_help, has_chatbot, has_phone, channels having count(*) > 1) d)
    + (select count(*) from (select 1 from segment_profile_items group by grain, period_start, attribute_set, active, has_help, has_chatbot, has_phone, channels, kind, item having count(*) > 1) e)
    + (select count(*) from (select 1 from segment_hold_times group by grain, period_start, attribute_set, hold_seconds having count(*) > 1) f) as n`.execute(db);
  return Number(r.rows[0]!.n);
}

const scopes = (zone: string): Scope[] =>
  (
    [
      ['week', '2025-03-27'],
      ['week', '2025-04-02'],
      ['month', '2025-03-15'],
      ['month', '2025-04-05'],
      ['quarter', '2025-03-01'],
      ['quarter', '2025-04-01'],
    ] as const
  ).map(([grain, date]) => {
    const period: Period = periodContaining(grain, date, zone);
    return { grain, from: period.start, to: period.end, timezone: zone, segment: {}, onePeriod: true };
  });

/** The whole company, one value, two values of one key (OR), two keys (AND), and a value no customer has. */
const SEGMENTS: Segment[] = [{}, { plan: ['pro'] }, { plan: ['pro', 'free'] }, { plan: ['free'], region: ['EU'] }, { region: ['APAC'] }];

describeEachDatabase('period summaries', (db, kind) => {
  test.each(['UTC', 'Europe/Berlin'])(
    'equal a count over customer_periods, and a rebuild, for random events and customer changes, with and without segments (%s)',
    async (zone) => {
      await fc.assert(
        fc.asyncProperty(fc.array(aStep, { minLength: 1, maxLength: 12 }), async (steps) => {
          const d = db().db;
          await deleteCustomersAndEvents(d);
          await setRollupTimezone(d, zone);
          for (const step of steps) {
            if ('events' in step) await storeEvents(d, step.events.map(toRow));
            else if ('customers' in step) {
              await storeCustomers(
                d,
                step.customers.map((c) => ({
                  id: c.customer,
                  ...(c.mrr === undefined ? {} : { mrr: c.mrr }),
                  ...(c.attributes === undefined ? {} : { attributes: c.attributes }),
                })),
              );
            }
            else await compactSummaries(d);
          }

          for (const ladder of [DEFAULT_SETTINGS.ladder, FIVE_STAGES]) {
            for (const segment of SEGMENTS) {
              for (const scope of scopes(zone).map((s) => ({ ...s, segment }))) {
                const churnEnd = churnWindowEnd(scope.to, 30, zone);
                expect(await getProfileCountRows(d, scope, ladder, churnEnd)).toEqual(await scanPeriodCountRows(d, scope, ladder, churnEnd));
              }
              const weeks = { ...scopes(zone)[0]!, segment, from: new Date('2025-03-10T00:00:00Z'), to: new Date('2025-04-20T00:00:00Z'), onePeriod: false };
              expect(await getProfileTrendCells(d, weeks, ladder)).toEqual(await scanTrendCells(d, weeks, ladder));
            }
          }

          const incremental = await summaryTables(d);
          await compactSummaries(d);
          expect(await summaryTables(d)).toEqual(incremental);
          expect(await keysHeldTwice(d)).toBe(0);
          await rebuildRollups(d);
          expect(await summaryTables(d)).toEqual(incremental);
        }),
        { numRuns: 12 },
      );
    },
    240_000,
  );

  test('a changed mrr reaches every period of that customer, and only theirs', async () => {
    const d = db().db;
    await deleteCustomersAndEvents(d);
    await setRollupTimezone(d, 'UTC');
    await storeCustomers(d, [{ id: 'a', mrr: 100 }, { id: 'b', mrr: 40 }]);
    await storeEvents(d, [
      event('m1', 'a', 'feature_used', '2025-03-10T00:00:00Z', { feature: 'f' }),
      event('m2', 'a', 'help_viewed', '2025-05-10T00:00:00Z'),
      event('m3', 'b', 'feature_used', '2025-03-11T00:00:00Z', { feature: 'f' }),
    ]);
    const mrrOf = async (grain: string) =>
      (await sql<{ mrr: string }>`select coalesce(sum(mrr), 0)::text as mrr from period_profiles where grain = ${grain}`.execute(d)).rows[0]!.mrr;
    // a: weeks, months and quarters of March and May; b: March only
    expect([await mrrOf('week'), await mrrOf('month'), await mrrOf('quarter')]).toEqual(['240', '240', '240']);
    await storeCustomers(d, [{ id: 'a', mrr: 250 }]);
    expect([await mrrOf('week'), await mrrOf('month'), await mrrOf('quarter')]).toEqual(['540', '540', '540']);
    await storeCustomers(d, [{ id: 'b', name: 'B' }]); // no mrr sent: kept
    expect(await mrrOf('month')).toBe('540');
    const rows = await sql<{ customer_id: string; mrr: string }>`select distinct customer_id, mrr::text as mrr from customer_periods order by 1`.execute(d);
    expect(rows.rows).toEqual([{ customer_id: 'a', mrr: '250' }, { customer_id: 'b', mrr: '40' }]);
  });

  test('compacting from a time folds the periods events from then on reach, and leaves earlier ones and every sum as they were', async () => {
    const d = db().db;
    await deleteCustomersAndEvents(d);
    await setRollupTimezone(d, 'UTC');
    // Two batches each in January and October: both periods gather several rows per key.
    for (const [n, at] of [[1, '2025-01-08T10:00:00Z'], [2, '2025-01-09T10:00:00Z'], [3, '2025-10-08T10:00:00Z'], [4, '2025-10-09T10:00:00Z']] as const) {
      await storeEvents(d, [event(`c${n}`, 'a', 'phone_call', at, { hold_seconds: 30 }), event(`d${n}`, `new-${n}`, 'feature_used', at, { feature: 'f' })]);
    }
    const rowsPerKey = async (from: string, to: string) =>
      (await sql<{ n: number }>`select max(n)::int as n from (
         select count(*) as n from period_profiles where period_start >= ${from}::timestamptz and period_start < ${to}::timestamptz
         group by grain, period_start, active, has_help, has_chatbot, has_phone, channels) x`.execute(d)).rows[0]!.n;
    const milestoneRows = async (from: string, to: string) =>
      (await sql<{ n: number }>`select count(*)::int as n from customer_milestones where bucket >= ${from}::timestamptz and bucket < ${to}::timestamptz`.execute(d)).rows[0]!.n;
    const sums = await summaryTables(d);
    expect(await rowsPerKey('2025-01-01', '2025-02-01')).toBeGreaterThan(1);
    expect(await rowsPerKey('2025-10-01', '2025-11-01')).toBeGreaterThan(1);

    await compactSummaries(d, new Date('2025-10-08T10:00:00Z'));
    expect(await rowsPerKey('2025-10-01', '2025-11-01')).toBe(1); // October's week, month and quarter
    expect(await rowsPerKey('2025-01-01', '2025-02-01')).toBeGreaterThan(1); // January untouched
    expect(await milestoneRows('2025-10-08T09:00:00Z', '2025-10-10')).toBe(2); // new-3 and new-4 appeared
    expect(await summaryTables(d)).toEqual(sums);

    await compactSummaries(d);
    expect(await rowsPerKey('2025-01-01', '2025-02-01')).toBe(1);
    expect(await summaryTables(d)).toEqual(sums);
  });

  // The embedded database has one connection: nothing runs at once there.
  if (kind === 'postgres') test('ingestion batches and mrr and attribute changes at once leave them exact', async () => {
    const d = db().db;
    await deleteCustomersAndEvents(d);
    await setRollupTimezone(d, 'UTC');
    const customers = ['a', 'b', 'c', 'd', 'e', 'f'];
    const writers: Promise<unknown>[] = [];
    for (let w = 0; w < 4; w++) {
      writers.push(
        (async () => {
          for (let i = 0; i < 15; i++) {
            const events = customers.map((c, j) => toRow({ id: `w${w}-${i}-${j}`, customer: c, kind: (i + j + w) % 7, at: Date.parse('2025-03-25T00:00:00Z') + (i * 97 + j * 13 + w) * 3_600_000, n: (i * j + w) % 11 }));
            await storeEvents(d, events);
          }
        })(),
      );
    }
    writers.push(
      (async () => {
        for (let i = 0; i < 20; i++) {
          await storeCustomers(d, customers.map((id, j) => ({ id, mrr: (i * 7 + j * 3) % 50, attributes: { plan: (i + j) % 3 === 0 ? 'pro' : 'free' } })));
        }
      })(),
    );
    await Promise.all(writers);

    const stale = await sql<{ n: number }>`
      select count(*)::int as n from customer_periods cp join customers c on c.id = cp.customer_id
      where cp.mrr is distinct from c.mrr or cp.attribute_set <> c.attribute_set`.execute(d);
    expect(stale.rows[0]!.n).toBe(0);
    const incremental = await summaryTables(d);
    await rebuildRollups(d);
    expect(await summaryTables(d)).toEqual(incremental);
  }, 120_000);
});
