import { sql } from 'kysely';
import { beforeEach, describe, expect, test } from 'vitest';
import { applyAllQueuedRollups } from '../rollups/queue.ts';
import { describeEachDatabase } from '../test/databases.ts';
import { countsFor, groupCommit, type StoreRows } from './group-commit.ts';
import type { EventRow } from './rows.ts';
import { storeEventRows } from './store.ts';

const event = (id: string, customer_id = 'c1', occurred_at = '2025-03-02T10:00:00Z'): EventRow => ({
  id, customer_id, type: 'feature_used', occurred_at: new Date(occurred_at), feature: 'reports', article: null,
  escalated: null, resolved: null, hold_seconds: null, talk_seconds: null, score: null, comment: null, reason: null,
  channel: null,
});
const batch = (...ids: string[]) => ids.map((id) => event(id));

/** A fake store that records each call and holds it until released; ids in `refused` fail the call. */
function fakeStore(refused: string[] = []) {
  const calls: string[][] = [];
  const held: (() => void)[] = [];
  const stored = new Set<string>();
  const store: StoreRows = async (rows) => {
    calls.push(rows.map((r) => r.id));
    await new Promise<void>((resolve) => held.push(resolve));
    if (rows.some((r) => refused.includes(r.id))) throw new Error('refused (test)');
    const fresh = new Set(rows.map((r) => r.id).filter((id) => !stored.has(id)));
    fresh.forEach((id) => stored.add(id));
    return fresh;
  };
  const releaseAll = async () => {
    // Let the queue hand out its next group, then release everything held.
    for (let i = 0; i < 10; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      held.splice(0).forEach((release) => release());
    }
  };
  return { store, calls, releaseAll };
}

describe('group commit', () => {
  test('stores batches that wait while the connections are busy as one group, each with its own counts', async () => {
    const fake = fakeStore();
    const store = groupCommit(fake.store, { concurrency: 1, maxRows: 100 });
    const first = store(batch('a'));
    const second = store(batch('b', 'c'));
    const third = store(batch('c', 'd', 'd'));
    await fake.releaseAll();
    expect(await first).toEqual({ stored: 1, duplicates: 0 });
    // 'c' is in both waiting batches: stored for the first that holds it, a duplicate in the next,
    // as if they had been stored one after the other; the second 'd' of a batch is a duplicate too.
    expect(await second).toEqual({ stored: 2, duplicates: 0 });
    expect(await third).toEqual({ stored: 1, duplicates: 2 });
    expect(fake.calls).toEqual([['a'], ['b', 'c', 'c', 'd', 'd']]);
  });

  test('keeps a group within maxRows and never mixes demo batches with others', async () => {
    const fake = fakeStore();
    const store = groupCommit(fake.store, { concurrency: 1, maxRows: 3 });
    const pending = [store(batch('a')), store(batch('b', 'c')), store(batch('d', 'e')), store(batch('f'), { demo: true }), store(batch('g'))];
    await fake.releaseAll();
    await Promise.all(pending);
    expect(fake.calls).toEqual([['a'], ['b', 'c', 'g'], ['d', 'e'], ['f']]);
  });

  test('stores the batches of a refused group one by one, so only the refused batch fails', async () => {
    const fake = fakeStore(['bad']);
    const store = groupCommit(fake.store, { concurrency: 1, maxRows: 100 });
    const first = store(batch('a'));
    const refused = store(batch('b', 'bad'));
    const neighbour = store(batch('c'));
    const outcome = Promise.allSettled([first, refused, neighbour]);
    await fake.releaseAll();
    const [a, b, c] = await outcome;
    expect(a).toEqual({ status: 'fulfilled', value: { stored: 1, duplicates: 0 } });
    expect(b.status).toBe('rejected');
    expect(c).toEqual({ status: 'fulfilled', value: { stored: 1, duplicates: 0 } });
    expect(fake.calls).toEqual([['a'], ['b', 'bad', 'c'], ['b', 'bad'], ['c']]);
  });

  test('countsFor gives each stored id to the first batch that holds it', () => {
    expect(countsFor([{ rows: batch('a', 'b') }, { rows: batch('b', 'c') }, { rows: batch('a') }], new Set(['a', 'b']))).toEqual([
      { stored: 2, duplicates: 0 },
      { stored: 0, duplicates: 2 },
      { stored: 0, duplicates: 1 },
    ]);
  });
});

describeEachDatabase('group commit on the database', (handle) => {
  const db = () => handle().db;
  beforeEach(async () => {
    await sql`truncate events, customers cascade`.execute(db());
  });

  test('batches stored as a group leave events and rollups as storing them one by one would', async () => {
    const store = groupCommit((rows, options) => storeEventRows(db(), rows, options), { concurrency: 1, maxRows: 5000 });
    const sent = [
      [event('e1', 'c1'), event('e2', 'c2')],
      [event('e2', 'c2'), event('e3', 'c1', '2025-03-20T10:00:00Z')],
      [event('e4', 'c3', '2025-04-01T00:00:00Z'), event('e1', 'c1')],
      [event('e5', 'c1', '2025-03-31T23:59:59Z')],
    ];
    const results = await Promise.all(sent.map((rows) => store(rows)));
    expect(results).toEqual([
      { stored: 2, duplicates: 0 },
      { stored: 1, duplicates: 1 },
      { stored: 1, duplicates: 1 },
      { stored: 1, duplicates: 0 },
    ]);
    const events = await db().selectFrom('events').select('id').orderBy('id').execute();
    expect(events.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    await applyAllQueuedRollups(db());
    const months = await sql<{ customer_id: string; period_start: Date; feature_uses: number }>`
      select customer_id, period_start, feature_uses from customer_periods where grain = 'month' order by 1, 2`.execute(db());
    expect(months.rows).toEqual([
      { customer_id: 'c1', period_start: new Date('2025-03-01T00:00:00Z'), feature_uses: 3 },
      { customer_id: 'c2', period_start: new Date('2025-03-01T00:00:00Z'), feature_uses: 1 },
      { customer_id: 'c3', period_start: new Date('2025-04-01T00:00:00Z'), feature_uses: 1 },
    ]);
  });
});
