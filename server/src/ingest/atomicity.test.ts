import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, test, vi } from 'vitest';
import { buildApp } from '../app.ts';
import { describeEachDatabase, testConfig } from '../test/databases.ts';
import { ingestEvents } from './service.ts';

// A batch whose storing fails after its first statements ran must leave nothing behind:
// queueing its events for the rollups is the last thing its transaction does.
const failure = vi.hoisted(() => ({ queue: false }));
vi.mock('../rollups/queue.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../rollups/queue.ts')>();
  return {
    ...real,
    queueForRollups: async (...args: Parameters<typeof real.queueForRollups>) => {
      if (failure.queue) throw new Error('queueing for the rollups failed (test)');
      return real.queueForRollups(...args);
    },
  };
});

const feature = (id: string, customer_id: string) => ({
  id, customer_id, type: 'feature_used', feature: 'reports', occurred_at: '2025-03-04T14:05:10Z',
});

describeEachDatabase('a batch is stored atomically', (handle) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ config: testConfig(), database: handle(), logger: false, webDist: '/nonexistent' });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    failure.queue = false;
    await sql`truncate events, customers, rollup_queue cascade`.execute(handle().db);
  });
  const counts = async () => {
    const r = await sql<{ events: number; customers: number }>`
      select (select count(*)::int from events) as events, (select count(*)::int from customers) as customers`.execute(handle().db);
    return r.rows[0];
  };

  test('leaves no event and no new customer behind when the batch fails after inserting, and a resend stores it all', async () => {
    await ingestEvents(handle().db, [feature('e0', 'old')]);
    failure.queue = true;
    await expect(ingestEvents(handle().db, [feature('e1', 'new-1'), feature('e2', 'new-2'), feature('e3', 'old')])).rejects.toThrow('queueing for the rollups failed');
    expect(await counts()).toEqual({ events: 1, customers: 1 });

    failure.queue = false;
    expect(await ingestEvents(handle().db, [feature('e1', 'new-1'), feature('e2', 'new-2'), feature('e3', 'old')])).toMatchObject({ stored: 3, duplicates: 0 });
    expect(await counts()).toEqual({ events: 4, customers: 3 });
  });

  test('answers 500 without SQL or a stack when the database refuses a row mid-batch, storing none of the batch', async () => {
    // A constraint the validator does not know about makes the database fail the second row.
    await sql`alter table events add constraint test_refuse_explode check (feature is distinct from 'explode')`.execute(handle().db);
    try {
      const batch = [feature('e1', 'c1'), { ...feature('e2', 'c2'), feature: 'explode' }, feature('e3', 'c3')];
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', payload: { events: batch } });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: 'Internal Server Error', message: 'Something went wrong on our side. It has been logged.' });
      expect(res.body).not.toMatch(/insert|constraint|select|at .*\.ts/i);
      expect(await counts()).toEqual({ events: 0, customers: 0 });
    } finally {
      await sql`alter table events drop constraint test_refuse_explode`.execute(handle().db);
    }
    const resend = await app.inject({ method: 'POST', url: '/api/v1/events', payload: { events: [feature('e1', 'c1'), feature('e3', 'c3')] } });
    expect(resend.json()).toEqual({ stored: 2, duplicates: 0, rejected: [] });
  });
});
