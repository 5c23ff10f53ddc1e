import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { describeEachDatabase } from '../test/databases.ts';
import { hasDemoData, removeDemo, seedDemo, seedDemoIfEmpty } from './seed.ts';

const end = new Date('2026-11-23T15:30:00Z');
const options = { timezone: 'Europe/Berlin', end, customers: 200 };

describeEachDatabase('demo seeding', (handle) => {
  const db = () => handle().db;
  const count = async (table: 'customers' | 'events', demo: boolean) =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('demo', '=', demo).executeTakeFirstOrThrow()).n);
  const indexes = async () =>
    (await sql<{ indexdef: string }>`select indexdef from pg_indexes where tablename = 'events' order by indexname`.execute(db())).rows.map((r) => r.indexdef);
  const rollupRows = async () => Number((await sql<{ n: number }>`select count(*)::int as n from customer_periods`.execute(db())).rows[0]!.n);

  test('seeds the demo company on an empty database, marked demo, indexes intact, rollups built', async () => {
    const before = await indexes();
    const seeded = await seedDemo(db(), options);
    expect(seeded.customers).toBe(200);
    expect(seeded.events).toBeGreaterThan(5000);
    expect(await count('customers', true)).toBe(200);
    expect(await count('events', true)).toBe(seeded.events);
    expect(await count('events', false)).toBe(0);
    expect(await indexes()).toEqual(before);
    expect(await rollupRows()).toBeGreaterThan(200);
    expect(await hasDemoData(db())).toBe(true);
  });

  test("sets each customer's first_seen_at to its earliest event", async () => {
    const wrong = await sql<{ id: string }>`
      select c.id from customers c
      left join (select customer_id, min(occurred_at) as first from events group by customer_id) e on e.customer_id = c.id
      where c.first_seen_at is distinct from e.first`.execute(db());
    expect(wrong.rows).toEqual([]);
  });

  test('stores fields exactly as generated, HTML-unsafe comments included', async () => {
    const comments = await db().selectFrom('events').select('comment').where('comment', 'is not', null).execute();
    expect(comments.some((r) => /[<&"]/.test(r.comment!))).toBe(true);
    const bot = await db().selectFrom('events').select('escalated').where('type', '=', 'chatbot_conversation').execute();
    expect(bot.every((r) => typeof r.escalated === 'boolean')).toBe(true);
  });

  test('refuses to seed a second time', async () => {
    await expect(seedDemo(db(), options)).rejects.toThrow(/already/);
  });

  test('seedDemoIfEmpty does nothing when the database has any customer', async () => {
    const events = await count('events', true);
    expect(await seedDemoIfEmpty(db(), options)).toBeNull();
    expect(await count('events', true)).toBe(events);
  });

  test('removeDemo deletes demo rows only, keeping a demo customer that real events arrived for', async () => {
    const seededEvents = await count('events', true);
    await db().insertInto('customers').values({ id: 'acme-1', attributes: '{}' }).execute();
    await db()
      .insertInto('events')
      .values([
        { id: 'real-1', customer_id: 'acme-1', type: 'feature_used', feature: 'reports', occurred_at: '2026-11-01T10:00:00Z' },
        { id: 'real-2', customer_id: 'demo-c-00001', type: 'feature_used', feature: 'export', occurred_at: '2026-11-02T10:00:00Z' },
      ])
      .execute();
    expect(await removeDemo(db())).toEqual({ customers: 199, events: seededEvents });
    expect(await count('events', true)).toBe(0);
    expect(await count('events', false)).toBe(2);
    const left = await db().selectFrom('customers').select('id').orderBy('id').execute();
    expect(left.map((r) => r.id)).toEqual(['acme-1', 'demo-c-00001']);
    const rollupCustomers = await sql<{ id: string }>`select distinct customer_id as id from customer_periods order by 1`.execute(db());
    expect(rollupCustomers.rows.map((r) => r.id)).toEqual(['acme-1', 'demo-c-00001']);
  });

  test('seeds next to real data, then seedDemoIfEmpty seeds a database emptied again', async () => {
    await db().deleteFrom('events').where('id', '=', 'real-2').execute();
    await db().deleteFrom('customers').where('id', '=', 'demo-c-00001').execute();
    const seeded = await seedDemo(db(), { ...options, customers: 50 });
    expect(await count('events', true)).toBe(seeded.events);
    expect(await count('events', false)).toBe(1);
    await removeDemo(db());
    await db().deleteFrom('events').execute();
    await db().deleteFrom('customers').execute();
    expect(await seedDemoIfEmpty(db(), { ...options, customers: 30 })).toEqual({ customers: 30, events: await count('events', true) });
  });
});
