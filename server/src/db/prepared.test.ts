import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { describeEachDatabase } from '../test/databases.ts';
import { prepared } from './prepared.ts';

describeEachDatabase('statements marked prepared', (db, kind) => {
  test('answer as unmarked ones do, raw and built, with new values each time', async () => {
    for (const n of [1, 2, 3, 7, 40, 41, 1000]) {
      const raw = await sql<{ sum: number }>`select ${prepared} ${n}::int + 1 as sum`.execute(db().db);
      expect(raw.rows).toEqual([{ sum: n + 1 }]);
      const key = `prepared-test-${n}`;
      await db().db.insertInto('settings').values({ key, value: JSON.stringify({ n }) }).execute();
      const built = await db().db.selectFrom('settings').modifyFront(prepared).select('value').where('key', '=', key).executeTakeFirst();
      expect(built?.value).toEqual({ n });
    }
  });

  if (kind === 'postgres') {
    test('are prepared once per connection and planned once there; unmarked ones are not prepared', async () => {
      await db().db.connection().execute(async (conn) => {
        for (let n = 0; n < 12; n++) {
          await sql`select ${prepared} count(*) from settings where key = ${`k${n}`}`.execute(conn);
          await sql`select count(*) from settings where key = ${`k${n}`} and true`.execute(conn);
        }
        const listed = await sql<{ name: string; statement: string; generic_plans: number; custom_plans: number }>`
          select name, statement, generic_plans, custom_plans from pg_prepared_statements
          where statement like '%count(*) from settings where key%'`.execute(conn);
        expect(listed.rows).toHaveLength(1);
        const [row] = listed.rows;
        expect(row!.name).toMatch(/^canopy_/);
        expect(row!.statement).toContain('/* prepared */ count(*)');
        // PostgreSQL plans the first five runs for their values, then keeps one plan for all.
        expect(row!.generic_plans + row!.custom_plans).toBe(12);
        expect(row!.generic_plans).toBeGreaterThanOrEqual(6);
      });
    });
  }
});
