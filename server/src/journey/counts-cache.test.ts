import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../app.ts';
import { describeEachDatabase, testConfig } from '../test/databases.ts';
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
  const send = (events: object[]) => app.inject({ method: 'POST', url: '/api/v1/events', payload: { events } });
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

  test('a new customer’s MRR and attributes update the cached forest', async () => {
    const before = (await forest()).stages[0].revenue.mrr; // just works: A 100 (+ G null)
    await app.inject({ method: 'POST', url: '/api/v1/customers', payload: { customers: [{ id: 'G', mrr: 40 }] } });
    expect((await forest()).stages[0].revenue.mrr).toBe(before + 40);
  });

  test('an event from 2024 changes finance of later periods (first seen moves back)', async () => {
    const h = (await forest('2025-02-10')).departments.finance.atStart;
    await send([{ id: 'old-h', customer_id: 'H', type: 'feature_used', feature: 'reports', occurred_at: '2024-12-01T10:00:00Z' }]);
    expect((await forest('2025-02-10')).departments.finance.atStart).toBe(h + 1);
  });

  // PostgreSQL only: the embedded database has one connection, so there is nothing to interleave.
  if (kind === 'postgres') test('an invalidation waits for a reader that is filling the cache', async () => {
    const pool = db().pool!;
    const reader = await pool.connect();
    const writer = await pool.connect();
    try {
      await reader.query('begin');
      await reader.query('select pg_advisory_xact_lock_shared(4243, 0)');
      await writer.query('begin');
      let invalidated = false;
      const waiting = writer.query('select pg_advisory_xact_lock(4243, 0)').then(() => (invalidated = true));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(invalidated).toBe(false);
      await reader.query('commit');
      await waiting;
      expect(invalidated).toBe(true);
      await writer.query('commit');
    } finally {
      reader.release();
      writer.release();
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
    const after = await movement();
    expect([after.both, after.stayed, after.onlyCurrent]).toEqual([1, 1, 5]);
  });
});
