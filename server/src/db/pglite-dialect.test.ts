import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openEmbedded, type DatabaseHandle } from './index.ts';

describe('PGlite dialect', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openEmbedded(undefined);
    await sql`create table log (tx text, step int)`.execute(handle.db);
    await sql`create table counter (n int)`.execute(handle.db);
  });
  afterAll(() => handle.db.destroy());

  test('two concurrent transactions never interleave their statements', async () => {
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    const run = (tx: string) =>
      handle.db.transaction().execute(async (trx) => {
        for (let step = 0; step < 5; step++) {
          await sql`insert into log values (${tx}, ${step})`.execute(trx);
          await tick(); // give the other transaction every chance to cut in
        }
      });
    await Promise.all([run('a'), run('b')]);
    const rows = await sql<{ tx: string }>`select tx from log order by ctid`.execute(handle.db);
    const order = rows.rows.map((r) => r.tx).join('');
    expect(order === 'aaaaabbbbb' || order === 'bbbbbaaaaa').toBe(true);
  });

  test('a plain query issued during a transaction waits instead of running inside it', async () => {
    let seenInside: number | undefined;
    const tx = handle.db.transaction().execute(async (trx) => {
      await sql`insert into counter values (1)`.execute(trx);
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('roll back');
    });
    const outside = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const r = await sql<{ c: number }>`select count(*)::int as c from counter`.execute(handle.db);
      seenInside = r.rows[0]!.c;
    })();
    await expect(tx).rejects.toThrow('roll back');
    await outside;
    expect(seenInside).toBe(0);
  });

  test('a rollback undoes only its own work', async () => {
    const ok = handle.db.transaction().execute(async (trx) => {
      await sql`insert into counter values (10)`.execute(trx);
    });
    const failing = handle.db.transaction().execute(async (trx) => {
      await sql`insert into counter values (20)`.execute(trx);
      throw new Error('boom');
    });
    await Promise.all([ok, failing.catch(() => undefined)]);
    const r = await sql<{ n: number }>`select n from counter order by n`.execute(handle.db);
    expect(r.rows.map((x) => x.n)).toEqual([10]);
  });

  test('bigint and numeric come back as numbers', async () => {
    const r = await sql<{ a: number; b: number }>`select 42::bigint as a, 12.5::numeric as b`.execute(handle.db);
    expect(r.rows[0]).toEqual({ a: 42, b: 12.5 });
  });
});
