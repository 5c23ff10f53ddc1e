import { sql, type Kysely } from 'kysely';
import { beforeEach, expect, test, vi } from 'vitest';
import { buildApp } from '../app.ts';
import type { Database } from '../db/index.ts';
import type { EventRow } from '../ingest/rows.ts';
import { storeEventRows, storeEvents } from '../ingest/store.ts';
import { deleteCustomersAndEvents, describeEachDatabase, testConfig } from '../test/databases.ts';
import { applyAllQueuedRollups, applyQueuedRollups, rollupBacklog } from './queue.ts';
import { rebuildRollups } from './rebuild.ts';
import { setRollupTimezone } from './timezone.ts';
import { RollupWorker } from './worker.ts';

// Stored events wait in rollup_queue until a pass adds them to the rollups: each exactly once,
// whatever fails when.

const failure = vi.hoisted(() => ({ passes: 0 }));
vi.mock('./refresh.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('./refresh.ts')>();
  return {
    ...real,
    refreshRollupsForEvents: async (...args: Parameters<typeof real.refreshRollupsForEvents>) => {
      if (failure.passes > 0) {
        failure.passes--;
        throw new Error('rollup pass failed (test)');
      }
      return real.refreshRollupsForEvents(...args);
    },
  };
});

const NO_FIELDS = {
  article: null, escalated: null, resolved: null, hold_seconds: null, talk_seconds: null,
  score: null, comment: null, reason: null, channel: null,
};
const use = (id: string, customer_id: string, at = '2025-03-04T10:00:00Z'): EventRow => ({
  ...NO_FIELDS, id, customer_id, type: 'feature_used', feature: 'reports', occurred_at: new Date(at),
});

/** Feature uses per customer in March 2025's month rows, and the customers' first_seen_at. */
async function figures(db: Kysely<Database>) {
  const months = await sql<{ customer_id: string; feature_uses: number }>`
    select customer_id, feature_uses from customer_periods
    where grain = 'month' and period_start = '2025-03-01T00:00:00Z' order by 1`.execute(db);
  const seen = await sql<{ id: string; first_seen_at: Date | null }>`select id, first_seen_at from customers order by 1`.execute(db);
  const profiles = await sql<{ customers: number }>`
    select coalesce(sum(customers), 0)::int as customers from period_profiles where grain = 'month' and period_start = '2025-03-01T00:00:00Z'`.execute(db);
  return {
    uses: Object.fromEntries(months.rows.map((r) => [r.customer_id, r.feature_uses])),
    firstSeen: Object.fromEntries(seen.rows.map((r) => [r.id, r.first_seen_at && new Date(r.first_seen_at).toISOString()])),
    customersInMarch: profiles.rows[0]!.customers,
  };
}

describeEachDatabase('events queued for the rollups', (handle) => {
  const db = () => handle().db;
  beforeEach(async () => {
    failure.passes = 0;
    await deleteCustomersAndEvents(db());
    await setRollupTimezone(db(), 'UTC');
  });

  test('stored events are in the figures only once a pass adds them, and the queue is then empty', async () => {
    await storeEventRows(db(), [use('e1', 'a'), use('e2', 'a', '2025-03-02T08:00:00Z'), use('e3', 'b')]);
    expect(await figures(db())).toEqual({ uses: {}, firstSeen: { a: null, b: null }, customersInMarch: 0 });
    expect(await rollupBacklog(db())).toMatchObject({ events: 3 });

    expect(await applyQueuedRollups(db())).toBe(3);
    expect(await figures(db())).toEqual({
      uses: { a: 2, b: 1 },
      firstSeen: { a: '2025-03-02T08:00:00.000Z', b: '2025-03-04T10:00:00.000Z' },
      customersInMarch: 2,
    });
    expect(await rollupBacklog(db())).toEqual({ events: 0, oldestQueuedAt: null });
    expect(await applyQueuedRollups(db())).toBe(0);
  });

  test('a duplicate is not queued: an event is added once however often it is sent', async () => {
    await storeEventRows(db(), [use('e1', 'a')]);
    await storeEventRows(db(), [use('e1', 'a'), use('e2', 'a')]);
    expect(await rollupBacklog(db())).toMatchObject({ events: 2 });
    await applyAllQueuedRollups(db());
    expect((await figures(db())).uses).toEqual({ a: 2 });
  });

  test('a pass that fails leaves its events queued, and the next pass adds them exactly once', async () => {
    await storeEventRows(db(), [use('e1', 'a'), use('e2', 'b')]);
    failure.passes = 1;
    await expect(applyQueuedRollups(db())).rejects.toThrow('rollup pass failed');
    expect(await figures(db())).toEqual({ uses: {}, firstSeen: { a: null, b: null }, customersInMarch: 0 });
    expect(await rollupBacklog(db())).toMatchObject({ events: 2 });

    expect(await applyQueuedRollups(db())).toBe(2);
    expect(await applyQueuedRollups(db())).toBe(0);
    expect((await figures(db())).uses).toEqual({ a: 1, b: 1 });
  });

  test('a pass takes the oldest batches up to its limit, and at least one however large', async () => {
    await storeEventRows(db(), [use('e1', 'a'), use('e2', 'a')]);
    await storeEventRows(db(), [use('e3', 'a'), use('e4', 'a')]);
    await storeEventRows(db(), [use('e5', 'a')]);
    expect(await applyQueuedRollups(db(), { maxEvents: 1 })).toBe(2); // the first batch is larger than the limit: taken whole
    expect(await applyQueuedRollups(db(), { maxEvents: 3 })).toBe(3); // 2 + 1 fit
    expect((await figures(db())).uses).toEqual({ a: 5 });
  });

  test('a rebuild includes the queued events and empties the queue, so nothing is added twice', async () => {
    await storeEvents(db(), [use('e1', 'a')]);
    await storeEventRows(db(), [use('e2', 'a'), use('e3', 'b')]);
    await rebuildRollups(db());
    expect(await rollupBacklog(db())).toMatchObject({ events: 0 });
    expect(await applyAllQueuedRollups(db())).toBe(0);
    expect(await figures(db())).toEqual({
      uses: { a: 2, b: 1 },
      firstSeen: { a: '2025-03-04T10:00:00.000Z', b: '2025-03-04T10:00:00.000Z' },
      customersInMarch: 2,
    });
  });

  test('events of a queued batch deleted before its pass are skipped', async () => {
    await storeEventRows(db(), [use('e1', 'a'), use('e2', 'a')]);
    await sql`delete from events where id = 'e1'`.execute(db());
    expect(await applyQueuedRollups(db())).toBe(1);
    expect((await figures(db())).uses).toEqual({ a: 1 });
  });

  test('the worker reports failing passes once, keeps the events queued, and adds them once passes work again', async () => {
    const errors: unknown[] = [];
    const worker = new RollupWorker(db(), (error) => errors.push(error));
    try {
      await storeEventRows(db(), [use('e1', 'a')]);
      failure.passes = 3;
      worker.kick(); // fails: reported
      await expect(worker.settled()).rejects.toThrow('rollup pass failed'); // waits for it, then fails itself
      worker.kick(); // fails again: not reported again
      await worker.settled(); // works
      expect(errors).toHaveLength(1);
      expect((await figures(db())).uses).toEqual({ a: 1 });
      expect(await rollupBacklog(db())).toMatchObject({ events: 0 });
    } finally {
      await worker.stop();
    }
  });

  test("the server's worker adds what the API stored, and /readyz counts what waits", async () => {
    const app = await buildApp({ config: testConfig(), database: handle(), logger: false, webDist: '/nonexistent' });
    try {
      const sent = await app.inject({
        method: 'POST',
        url: '/api/v1/events',
        payload: { events: [{ id: 'e1', customer_id: 'a', type: 'feature_used', feature: 'reports', occurred_at: '2025-03-04T10:00:00Z' }] },
      });
      expect(sent.json()).toEqual({ stored: 1, duplicates: 0, rejected: [] });
      await app.rollups.settled();
      expect((await figures(db())).uses).toEqual({ a: 1 });

      // With the worker stopped, what is stored waits, and /readyz says how much since when.
      await app.rollups.stop();
      const before = Date.now();
      await storeEventRows(db(), [use('e2', 'a'), use('e3', 'b')]);
      const ready = (await app.inject({ method: 'GET', url: '/readyz' })).json();
      expect(ready).toMatchObject({ status: 'ready', rollups: { queuedEvents: 2 } });
      expect(Date.parse(ready.rollups.oldestQueuedAt)).toBeGreaterThanOrEqual(before - 5_000);
      await applyAllQueuedRollups(db());
      expect((await app.inject({ method: 'GET', url: '/readyz' })).json().rollups).toEqual({ queuedEvents: 0, oldestQueuedAt: null });
    } finally {
      await app.close();
    }
  });
});
