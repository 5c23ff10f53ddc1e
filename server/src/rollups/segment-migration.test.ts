import { migrationProvider } from '@canopy/migrations';
import { churnWindowEnd, DEFAULT_SETTINGS, periodContaining } from '@canopy/shared';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../db/index.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { scanPeriodCountRows } from '../journey/period-counts.ts';
import { getProfileCountRows } from '../journey/profile-counts.ts';
import type { Segment } from '../journey/source.ts';
import { backends, freshDatabase } from '../test/databases.ts';
import { CUSTOMER_PERIOD_COLUMNS, customerPeriodAggregates } from './aggregate.ts';
import { rebuildCustomerMilestones } from './milestones.ts';
import { rebuildPeriodSummaries, withoutSummaryTriggers } from './summaries.ts';

// The migration …-segment-summaries numbers the attribute sets of the customers already
// there, gives their rollup rows their set, and counts the per-set summaries and milestones.
// Here it runs on a database holding data from the migration before it, and what it leaves
// must equal a recount, and give a segment's figures as a scan of the rows does.

const BEFORE = '2026-12-03-01-churn-per-profile';

/** Every per-set summary table, added up per key. */
async function perSetSums(db: Kysely<Database>) {
  const profile = 'grain, period_start, attribute_set, active, has_help, has_chatbot, has_phone, channels';
  const results = await Promise.all([
    sql`select ${sql.raw(profile)}, sum(customers)::int as customers, sum(mrr)::text as mrr, sum(feature_sum)::int as f,
          sum(phone_calls)::int as calls, sum(nps_responses)::int as nps from segment_profiles
        group by ${sql.raw(profile)} having sum(customers) <> 0 order by ${sql.raw(profile)}`.execute(db),
    sql`select ${sql.raw(profile)}, kind, item, sum(n)::int as n from segment_profile_items
        group by ${sql.raw(profile)}, kind, item having sum(n) <> 0 order by ${sql.raw(profile)}, kind, item`.execute(db),
    sql`select grain, period_start, attribute_set, hold_seconds, sum(calls)::int as calls from segment_hold_times
        group by 1, 2, 3, 4 having sum(calls) <> 0 order by 1, 2, 3, 4`.execute(db),
    sql`select bucket, attribute_set, sum(appeared)::int as a, sum(churned)::int as c from segment_milestones
        group by 1, 2 having sum(appeared) <> 0 or sum(churned) <> 0 order by 1, 2`.execute(db),
  ]);
  return results.map((r) => r.rows);
}

describe.each(backends)('the segment summaries migration on existing data [%s]', (kind) => {
  let db: Kysely<Database>;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshDatabase(kind, { migrate: false });
    db = fresh.handle.db;
    drop = fresh.drop;
    const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
    const { error } = await migrator.migrateTo(BEFORE);
    if (error) throw error;

    // Data as the code before the migration stored it: customers, events, rollup rows.
    await sql`
      insert into customers (id, mrr, created_at, attributes) values
        ('a', 100, '2025-01-05T00:00:00Z', '{"plan": "pro", "region": "EU"}'),
        ('b', 50, '2025-02-10T00:00:00Z', '{"plan": "pro", "region": "EU"}'),
        ('c', 200, '2025-02-20T00:00:00Z', '{"region": "NA", "plan": "pro"}'),
        ('d', null, null, '{}'),
        ('e', 10, '2025-01-01T00:00:00Z', '{"region": "EU", "plan": "pro"}')`.execute(db);
    await sql`
      insert into events (id, customer_id, type, occurred_at, feature, hold_seconds, score, channel) values
        ('1', 'a', 'feature_used', '2025-03-03T10:00:00Z', 'reports', null, null, null),
        ('2', 'a', 'phone_call', '2025-03-04T10:00:00Z', null, 75, null, null),
        ('3', 'b', 'help_viewed', '2025-03-05T10:00:00Z', null, null, null, null),
        ('4', 'b', 'nps_response', '2025-03-06T10:00:00Z', null, null, 9, null),
        ('5', 'c', 'contact', '2025-03-07T10:00:00Z', null, null, null, 'email'),
        ('6', 'c', 'phone_call', '2025-03-08T10:00:00Z', null, 30, null, null),
        ('7', 'd', 'feature_used', '2025-03-09T10:00:00Z', 'export', null, null, null),
        ('8', 'c', 'churned', '2025-03-20T10:00:00Z', null, null, null, null)`.execute(db);
    await sql`update customers c set first_seen_at = f.at, first_churned_at = f.churned
      from (select customer_id, min(occurred_at) as at, min(occurred_at) filter (where type = 'churned') as churned
            from events group by 1) f where f.customer_id = c.id`.execute(db);
    for (const grain of ['week', 'month', 'quarter']) {
      await sql`
        insert into customer_periods (${sql.join(CUSTOMER_PERIOD_COLUMNS.map((c) => sql.ref(c)))}, mrr, churned_on)
        select ${grain}, date_trunc(${grain}, e.occurred_at, 'UTC'), e.customer_id, ${customerPeriodAggregates()}, max(c.mrr),
          case when e.customer_id = 'c' then date '2025-03-20' end
        from events e join customers c on c.id = e.customer_id group by 2, 3`.execute(db);
    }
    await migrateToLatest(db);
  }, 60_000);
  afterAll(async () => drop());

  test('numbers each distinct attributes map once, whatever its key order, and gives rollup rows their customer’s set', async () => {
    const sets = await sql<{ id: string; set: number }>`select id, attribute_set as set from customers order by id`.execute(db);
    const [a, b, c, d, e] = sets.rows.map((r) => r.set);
    expect(b).toBe(a);
    expect(e).toBe(a); // the same map, keys written in another order
    expect(new Set([a, c, d]).size).toBe(3);
    const mismatched = await sql<{ n: number }>`select count(*)::int as n from customer_periods cp
      join customers c on c.id = cp.customer_id where cp.attribute_set <> c.attribute_set`.execute(db);
    expect(mismatched.rows[0]!.n).toBe(0);
  });

  test('leaves the per-set summaries and milestones a recount gives', async () => {
    const migrated = await perSetSums(db);
    expect(migrated[0]!.length).toBeGreaterThan(0);
    await db.transaction().execute(async (trx) => {
      await withoutSummaryTriggers(trx, async () => {
        await rebuildPeriodSummaries(trx);
        await rebuildCustomerMilestones(trx);
      });
    });
    expect(await perSetSums(db)).toEqual(migrated);
  });

  test('gives a segment the figures a scan of its customers’ rows gives', async () => {
    const march = periodContaining('month', '2025-03-15', 'UTC');
    const churnEnd = churnWindowEnd(march.end, 30, 'UTC');
    const segments: Segment[] = [{ plan: ['pro'] }, { region: ['EU'] }, { region: ['NA'], plan: ['pro'] }];
    for (const segment of segments) {
      const scope = { grain: 'month' as const, from: march.start, to: march.end, timezone: 'UTC', segment, onePeriod: true };
      const fromSummaries = await getProfileCountRows(db, scope, DEFAULT_SETTINGS.ladder, churnEnd);
      expect(fromSummaries).toEqual(await scanPeriodCountRows(db, scope, DEFAULT_SETTINGS.ladder, churnEnd));
      expect(fromSummaries.stages.reduce((n, s) => n + s.customers, 0)).toBe(segment.region?.[0] === 'NA' ? 1 : segment.region ? 2 : 3);
    }
  });
});
