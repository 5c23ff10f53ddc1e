import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../app.ts';
import { periodContaining } from '@canopy/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { describeEachDatabase, testConfig } from '../test/databases.ts';
import { getCachedCountsPerPeriod, pruneInvalidations, settleRecounts } from './counts-cache.ts';
import { loadWorkedExample } from './fixtures/worked-example.ts';

// The cache must never serve a number that the data no longer supports.
describeEachDatabase('forest counts cache', (db, kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await loadWorkedExample(db().db);
    app = await buildApp({ config: testConfig(), database: db(), logger: false, webDist: '/nonexistent' });
  });
  afterAll(() => app.close());
  const forest = async (date = '2025-03-15') => (await app.inject({ method: 'GET', url: `/api/v1/forest?grain=month&date=${date}` })).json();
  // Sends events and waits until the rollup worker has added them to the figures.
  const send = async (events: object[]) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', payload: { events } });
    await app.rollups.settled();
    return res;
  };
  const cached = async () => Number((await sql<{ n: number }>`select count(*)::int as n from period_counts_cache`.execute(db().db)).rows[0]!.n);

  test('a second read is served from the cache', async () => {
    await forest();
    expect(await cached()).toBeGreaterThan(0);
    expect((await forest()).activeCustomers).toBe(6);
  });

  test('a late event in March changes the cached March forest', async () => {
    await forest();
    const res = await send([{ id: 'late-1', customer_id: 'A', type: 'phone_call', occurred_at: '2025-03-03T10:00:00Z', hold_seconds: 10 }]);
    expect(res.json().stored).toBe(1);
    const f = await forest();
    expect(f.stages.map((s: { customers: number }) => s.customers)).toEqual([1, 1, 1, 3]);
    expect(f.departments.support.calls).toBe(4);
  });

  test('a churn in April, inside March’s window, changes March’s churn', async () => {
    const before = (await forest()).stages[2].churn; // chatbot: D, churned 05-10 (outside the window)
    expect(before.churned).toBe(0);
    await send([{ id: 'churn-d2', customer_id: 'D', type: 'churned', occurred_at: '2025-04-20T10:00:00Z' }]);
    expect((await forest()).stages[2].churn.churned).toBe(1);
  });

  test('an April call leaves March’s cached counts fresh: no recount, and still exact', async () => {
    const before = await forest();
    const countedAt = async () =>
      (await sql<{ at: Date }>`select max(computed_at) as at from period_counts_cache where grain = 'month' and period_start = '2025-03-01T00:00:00Z'`.execute(db().db)).rows[0]!.at;
    const counted = await countedAt();
    const res = await send([{ id: 'april-call', customer_id: 'B', type: 'phone_call', occurred_at: '2025-04-02T10:00:00Z', hold_seconds: 5 }]);
    expect(res.json().stored).toBe(1);
    // The same figures; only dataAsOf moves on (they include the newest data: it changes nothing here).
    const figures = ({ dataAsOf: _at, ...rest }: { dataAsOf: string }) => rest;
    expect(figures(await forest())).toEqual(figures(before));
    expect(await countedAt()).toEqual(counted);
    // The same figures counted from scratch.
    await sql`delete from period_counts_cache`.execute(db().db);
    expect(figures(await forest())).toEqual(figures(before));
  });

  test('a churn in April, in a batch with other events, changes March’s churn', async () => {
    const churned = (await forest()).stages.reduce((n: number, s: { churn: { churned: number } }) => n + s.churn.churned, 0);
    await send([
      { id: 'mixed-help', customer_id: 'C', type: 'help_viewed', occurred_at: '2025-04-25T09:00:00Z' },
      { id: 'mixed-churn', customer_id: 'E', type: 'churned', occurred_at: '2025-04-25T10:00:00Z' },
    ]);
    expect((await forest()).stages.reduce((n: number, s: { churn: { churned: number } }) => n + s.churn.churned, 0)).toBe(churned + 1);
  });

  test('dataAsOf is when the newest event arrived, whether the counts were just made or come from the cache', async () => {
    await sql`update events set received_at = '2025-04-01T12:00:00Z'`.execute(db().db);
    await sql`update events set received_at = '2025-04-02T08:30:00Z' where id = (select min(id) from events)`.execute(db().db);
    await sql`delete from period_counts_cache`.execute(db().db);
    expect((await forest()).dataAsOf).toBe('2025-04-02T08:30:00.000Z'); // counted now
    expect((await forest()).dataAsOf).toBe('2025-04-02T08:30:00.000Z'); // from the cache
  });

  test('a new customer’s MRR and attributes update the cached forest', async () => {
    const before = (await forest()).stages[0].revenue.mrr; // just works: A 100 (+ G null)
    await app.inject({ method: 'POST', url: '/api/v1/customers', payload: { customers: [{ id: 'G', mrr: 40 }] } });
    expect((await forest()).stages[0].revenue.mrr).toBe(before + 40);
  });

  test('a customer change alone, with no event invalidation left to reach March, updates the cached forest', async () => {
    const before = (await forest()).stages[0].revenue.mrr;
    // Every earlier invalidation is seen by the cached counts; as if pruned, none is left.
    await sql`delete from count_invalidations`.execute(db().db);
    await app.inject({ method: 'POST', url: '/api/v1/customers', payload: { customers: [{ id: 'G', mrr: 70 }] } });
    expect((await forest()).stages[0].revenue.mrr).toBe(before + 30);
  });

  test('an event from 2024 changes finance of later periods (first seen moves back)', async () => {
    const h = (await forest('2025-02-10')).departments.finance.atStart;
    await send([{ id: 'old-h', customer_id: 'H', type: 'feature_used', feature: 'reports', occurred_at: '2024-12-01T10:00:00Z' }]);
    expect((await forest('2025-02-10')).departments.finance.atStart).toBe(h + 1);
  });
});

// Counts are stored with the snapshot they were taken in; a change that commits outside
// it makes them stale, however the two interleave.
describeEachDatabase('counts cache staleness', (db, kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await loadWorkedExample(db().db);
    app = await buildApp({ config: testConfig(), database: db(), logger: false, webDist: '/nonexistent' });
  });
  afterAll(() => app.close());
  const settings = async () => (await app.inject({ method: 'GET', url: '/api/v1/settings' })).json();
  const march = periodContaining('month', '2025-03-15', 'UTC');
  const callsIn = async (trx: Kysely<Database>) =>
    Number((await sql<{ n: number }>`select count(*)::int as n from events where type = 'phone_call'`.execute(trx)).rows[0]!.n);
  let sent = 0;
  const sendCall = async () => {
    sent++;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { events: [{ id: `stale-${sent}`, customer_id: 'A', type: 'phone_call', occurred_at: '2025-03-20T10:00:00Z', hold_seconds: 1 }] },
    });
    expect(res.json().stored).toBe(1);
    await app.rollups.settled();
  };

  test('a count made before a change is recounted after it (exact reads)', async () => {
    const s = await settings();
    let counted = 0;
    const read = () =>
      getCachedCountsPerPeriod(
        db().db,
        'test-calls',
        [march],
        {},
        s,
        async (trx) => {
          counted++;
          return new Map([[march.start.getTime(), await callsIn(trx)]]);
        },
        { churnWindow: true },
      ).then((r) => ({ ...r, n: r.counts.get(march.start.getTime())! }));
    const first = await read();
    expect(counted).toBe(1);
    expect((await read()).n).toBe(first.n);
    expect(counted).toBe(1); // cached
    await sendCall();
    const after = await read();
    expect(counted).toBe(2); // stale, recounted
    expect(after.n).toBe(first.n + 1);
    expect(after.stale).toBe(false);
  });

  test('dashboard readers asking for the same missing counts at once share one count; exact readers do not', async () => {
    const s = await settings();
    let counted = 0;
    const read = (kindName: string, maxStaleMs: number) =>
      getCachedCountsPerPeriod(
        db().db,
        kindName,
        [march],
        {},
        s,
        async (trx) => {
          counted++;
          // A count that takes a while, as a real one does: on a busy machine the other
          // readers' cache lookups could otherwise return after it ended (and count again).
          await new Promise((resolve) => setTimeout(resolve, 300));
          return new Map([[march.start.getTime(), await callsIn(trx)]]);
        },
        { churnWindow: true, freshness: { maxStaleMs } },
      );
    const [a, b, c] = await Promise.all([read('shared-1', 60_000), read('shared-1', 60_000), read('shared-1', 60_000)]);
    expect(counted).toBe(1);
    expect(b.counts.get(march.start.getTime())).toBe(a.counts.get(march.start.getTime()));
    expect(c.counts.get(march.start.getTime())).toBe(a.counts.get(march.start.getTime()));
  });

  // Two connections: the second exact reader arrives while the first one's count is running.
  if (kind === 'postgres') test('an exact reader does not share a count that started before it asked', async () => {
    const s = await settings();
    let counted = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = () =>
      getCachedCountsPerPeriod(
        db().db,
        'shared-exact',
        [march],
        {},
        s,
        async (trx) => {
          counted++;
          const n = await callsIn(trx);
          if (counted === 1) await gate;
          return new Map([[march.start.getTime(), n]]);
        },
        { churnWindow: true },
      );
    const first = read();
    while (counted === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 5));
    const second = read();
    while (counted === 1) await new Promise((r) => setTimeout(r, 5));
    release();
    await Promise.all([first, second]);
    expect(counted).toBe(2);
  });

  test('however many counts turn stale at once, background recounts run one at a time, each followed by a pause as long', async () => {
    const s = await settings();
    let active = 0;
    let mostAtOnce = 0;
    let counted = 0;
    const spans: { from: number; to: number }[] = [];
    const read = (kindName: string) =>
      getCachedCountsPerPeriod(
        db().db,
        kindName,
        [march],
        {},
        s,
        async (trx) => {
          active++;
          counted++;
          mostAtOnce = Math.max(mostAtOnce, active);
          const from = Date.now();
          const n = await callsIn(trx);
          await new Promise((r) => setTimeout(r, 20));
          spans.push({ from, to: Date.now() });
          active--;
          return new Map([[march.start.getTime(), n]]);
        },
        { churnWindow: true, freshness: { maxStaleMs: 60_000 } },
      );
    const kinds = ['bg-1', 'bg-2', 'bg-3', 'bg-4'];
    const before = await Promise.all(kinds.map(read));
    await sendCall();
    mostAtOnce = 0;
    counted = 0;
    spans.length = 0;
    const served = await Promise.all(kinds.map(read));
    expect(served.every((r) => r.stale)).toBe(true);
    expect(served.map((r) => r.counts.get(march.start.getTime()))).toEqual(before.map((r) => r.counts.get(march.start.getTime())));
    await settleRecounts(db().db);
    expect(counted).toBe(4);
    expect(mostAtOnce).toBe(1);
    // Each recount's count took 20 ms or more; the next began no sooner than that after it ended.
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.from - spans[i - 1]!.to).toBeGreaterThanOrEqual(20);
    const after = await Promise.all(kinds.map(read));
    expect(after.every((r) => !r.stale)).toBe(true);
    expect(after.map((r) => r.counts.get(march.start.getTime()))).toEqual(before.map((r) => r.counts.get(march.start.getTime())! + 1));
  });

  // Two connections: a change commits while a count is being taken.
  if (kind === 'postgres') test('a count taken while a batch commits is not served as fresh, and the batch never waits', async () => {
    const s = await settings();
    let counted = 0;
    const count = async (trx: Kysely<Database>) => {
      counted++;
      const n = await callsIn(trx);
      if (counted === 1) await sendCall(); // commits on another connection, outside this count's snapshot
      return new Map([[march.start.getTime(), n]]);
    };
    const read = () => getCachedCountsPerPeriod(db().db, 'test-race', [march], {}, s, count, { churnWindow: true });
    const before = (await read()).counts.get(march.start.getTime())!;
    const again = await read();
    expect(counted).toBe(2);
    expect(again.counts.get(march.start.getTime())).toBe(before + 1);
  });

  test('dashboards get the last counts at once while they are recounted, marked refreshing', async () => {
    const lenient = await buildApp({ config: testConfig({ staleFiguresSeconds: 60 }), database: db(), logger: false, webDist: '/nonexistent' });
    try {
      const forest = async () => (await lenient.inject({ method: 'GET', url: '/api/v1/forest?grain=month&date=2025-03-15' })).json();
      const first = await forest();
      expect(first.refreshing).toBeUndefined();
      await sendCall();
      const served = await forest();
      expect(served.refreshing).toBe(true);
      expect(served.departments.support.calls).toBe(first.departments.support.calls);
      expect(served.dataAsOf).toBe(first.dataAsOf); // says which data it includes
      await settleRecounts(db().db);
      const fresh = await forest();
      expect(fresh.refreshing).toBeUndefined();
      expect(fresh.departments.support.calls).toBe(first.departments.support.calls + 1);
      expect(Date.parse(fresh.dataAsOf)).toBeGreaterThan(Date.parse(first.dataAsOf));
    } finally {
      await lenient.close();
    }
  });

  test('counts that miss changes older than the allowed staleness are recounted before serving', async () => {
    const lenient = await buildApp({ config: testConfig({ staleFiguresSeconds: 60 }), database: db(), logger: false, webDist: '/nonexistent' });
    try {
      const forest = async () => (await lenient.inject({ method: 'GET', url: '/api/v1/forest?grain=month&date=2025-03-15' })).json();
      const first = await forest();
      await sendCall();
      // The change the counts did not see happened two minutes ago.
      await sql`update count_invalidations set at = at - interval '2 minutes'`.execute(db().db);
      const served = await forest();
      expect(served.refreshing).toBeUndefined();
      expect(served.departments.support.calls).toBe(first.departments.support.calls + 1);
    } finally {
      await lenient.close();
    }
  });

  test('staleness counts from the first change the counts missed, not from when they were counted', async () => {
    const lenient = await buildApp({ config: testConfig({ staleFiguresSeconds: 60 }), database: db(), logger: false, webDist: '/nonexistent' });
    try {
      const forest = async () => (await lenient.inject({ method: 'GET', url: '/api/v1/forest?grain=month&date=2025-03-15' })).json();
      const first = await forest();
      // Counted an hour ago, then a call arrives now: the counts miss seconds of data, not an hour.
      await sql`update period_counts_cache set computed_at = computed_at - interval '1 hour'`.execute(db().db);
      await sendCall();
      const served = await forest();
      expect(served.refreshing).toBe(true);
      expect(served.departments.support.calls).toBe(first.departments.support.calls);
      await settleRecounts(db().db);
      const after = await forest();
      expect(after.refreshing).toBeUndefined();
      expect(after.departments.support.calls).toBe(first.departments.support.calls + 1);
    } finally {
      await lenient.close();
    }
  });

  test('old invalidations are pruned with the counts they made stale; fresh counts stay', async () => {
    const s = await settings();
    const read = (kindName: string) =>
      getCachedCountsPerPeriod(db().db, kindName, [march], {}, s, async (trx) => new Map([[march.start.getTime(), await callsIn(trx)]]), { churnWindow: true });
    await read('prune-stale');
    await sendCall();
    await read('prune-fresh'); // counted after the change: fresh
    await sql`update count_invalidations set at = at - interval '1 hour'`.execute(db().db);
    await pruneInvalidations(db().db);
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from count_invalidations`.execute(db().db)).rows[0]!.n)).toBe(0);
    const variants = await sql<{ n: number }>`select count(*)::int as n from period_counts_cache where grain = 'month' and period_start = ${march.start}`.execute(db().db);
    expect(variants.rows[0]!.n).toBeGreaterThan(0);
    const stillStale = await read('prune-stale');
    expect(stillStale.stale).toBe(false); // the stale count was dropped, so it was counted afresh
    expect(stillStale.counts.get(march.start.getTime())).toBe((await read('prune-fresh')).counts.get(march.start.getTime()));
  });
  const firstPage = async (server: FastifyInstance, query = '') =>
    (await server.inject({ method: 'GET', url: `/api/v1/stages/phone_call/customers?grain=month&date=2025-03-15${query}` })).json();
  const keptPages = async () =>
    Number((await sql<{ n: number }>`select count(*)::int as n from period_counts_cache where counts -> 'customers' is not null`.execute(db().db)).rows[0]!.n);
  const eventsOfA = (page: { customers: { id: string; eventCount: number }[] }) => page.customers.find((c) => c.id === 'A')!.eventCount;

  test('the first drill-down page is kept, and read again once data of its period arrives; later pages are not kept', async () => {
    const before = await keptPages();
    const first = await firstPage(app);
    expect(await keptPages()).toBe(before + 1);
    expect(first.refreshing).toBeUndefined();
    await sendCall();
    expect(eventsOfA(await firstPage(app))).toBe(eventsOfA(first) + 1);
    await firstPage(app, `&limit=1&cursor=${encodeURIComponent(first.customers[0].id)}`);
    expect(await keptPages()).toBe(before + 1);
  });

  test('dashboards get the last first drill-down page at once while it is read again, marked refreshing', async () => {
    const lenient = await buildApp({ config: testConfig({ staleFiguresSeconds: 60 }), database: db(), logger: false, webDist: '/nonexistent' });
    try {
      const first = await firstPage(lenient);
      await sendCall();
      const served = await firstPage(lenient);
      expect(served.refreshing).toBe(true);
      expect(eventsOfA(served)).toBe(eventsOfA(first));
      await settleRecounts(db().db);
      const fresh = await firstPage(lenient);
      expect(fresh.refreshing).toBeUndefined();
      expect(eventsOfA(fresh)).toBe(eventsOfA(first) + 1);
    } finally {
      await lenient.close();
    }
  });
});

describeEachDatabase('trend counts cache', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await loadWorkedExample(db().db);
    app = await buildApp({ config: testConfig(), database: db(), logger: false, webDist: '/nonexistent' });
  });
  afterAll(() => app.close());
  const trend = async () =>
    (await app.inject({ method: 'GET', url: '/api/v1/trend?grain=month&from=2025-02-01&to=2025-04-30' })).json().periods.map(
      (p: { activeCustomers: number }) => p.activeCustomers,
    );

  test('cached months stay right when a late event lands in one of them', async () => {
    expect(await trend()).toEqual([0, 6, 0]);
    expect(await trend()).toEqual([0, 6, 0]);
    await app.inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { events: [{ id: 'feb-1', customer_id: 'B', type: 'feature_used', feature: 'export', occurred_at: '2025-02-10T10:00:00Z' }] },
    });
    await app.rollups.settled();
    expect(await trend()).toEqual([1, 6, 0]);
  });
});

describeEachDatabase('movement counts cache', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await loadWorkedExample(db().db);
    app = await buildApp({ config: testConfig(), database: db(), logger: false, webDist: '/nonexistent' });
  });
  afterAll(() => app.close());
  const movement = async () => (await app.inject({ method: 'GET', url: '/api/v1/movement?grain=month&date=2025-03-15' })).json();

  test('a late February event turns a new March customer into one active in both', async () => {
    expect((await movement()).onlyCurrent).toBe(6);
    expect((await movement()).onlyCurrent).toBe(6);
    await app.inject({
      method: 'POST',
      url: '/api/v1/events',
      payload: { events: [{ id: 'feb-a', customer_id: 'A', type: 'feature_used', feature: 'export', occurred_at: '2025-02-10T10:00:00Z' }] },
    });
    await app.rollups.settled();
    const after = await movement();
    expect([after.both, after.stayed, after.onlyCurrent]).toEqual([1, 1, 5]);
  });
});
