import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiKey } from '../access/api-keys.ts';
import { openPostgres } from '../db/index.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.ts';
import { killIfRunning, startServer, waitFor, type SpawnedServer } from './processes.ts';

// PostgreSQL stops while Canopy serves: readiness goes red, reads and writes answer 503
// with Retry-After and plain words, a batch caught mid-transaction leaves nothing behind,
// and when the database is back everything works again in the same process.

let postgres: PrivatePostgres;
let server: SpawnedServer;
let apiKey: string;

// Every event happens at one instant, so the month asked for holds them all even at midnight.
const at = new Date(Date.now() - 60_000);
const forestPath = `/api/v1/forest?grain=month&date=${at.toISOString().slice(0, 10)}`;

/**
 * `n` valid events for `customers` customers named with `prefix`, all at `at`:
 * every customer gets n / customers events, at most one of them an NPS response (i % 7,
 * since 7 shares no factor with the customer counts used), so every customer is active.
 */
function batch(prefix: string, n: number, customers: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-e${i}`,
    customer_id: `${prefix}-c${i % customers}`,
    type: i % 7 === 0 ? 'nps_response' : 'feature_used',
    ...(i % 7 === 0 ? { score: i % 11 } : { feature: 'reports' }),
    occurred_at: at.toISOString(),
  }));
}

const send = (events: unknown[]) =>
  fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });

/** Waits until the figures include every stored event (the rollup worker's queue, as /readyz reports it). */
const figuresCaughtUp = () =>
  waitFor(
    async () => {
      const ready = await fetch(`${server.url}/readyz`);
      return ready.status === 200 && ((await ready.json()) as { rollups: { queuedEvents: number } }).rollups.queuedEvents === 0 ? true : undefined;
    },
    30_000,
    () => `the rollups never caught up:\n${server.output()}`,
  );

/** Counts straight from the database: events and customers whose id starts with `prefix`. */
async function stored(prefix: string): Promise<{ events: number; customers: number }> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  const events = await client.query('select count(*)::int as n from events where id like $1', [`${prefix}-%`]);
  const customers = await client.query('select count(*)::int as n from customers where id like $1', [`${prefix}-%`]);
  await client.end();
  return { events: events.rows[0].n, customers: customers.rows[0].n };
}

/** A 503 a person can act on: Retry-After, JSON with a plain message, no stack and no SQL. */
async function expectUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  const text = await response.text();
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(typeof (body.message ?? body.reason)).toBe('string');
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|ECONNREFUSED|select |insert |57P01|terminat/i);
}

describe('PostgreSQL stopped while Canopy serves', () => {
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    const handle = openPostgres(postgres.url, 1);
    await migrateToLatest(handle.db);
    apiKey = (await createApiKey(handle.db, 'outage test', null)).token;
    await handle.db.destroy();
    server = await startServer({ DATABASE_URL: postgres.url });
  }, 90_000);

  afterAll(async () => {
    await killIfRunning(server);
    postgres?.destroy();
  });

  test('answers 503 with Retry-After while it is down, stores nothing half, and recovers without a restart', async () => {
    // Before: ready, and a first batch stored.
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await (await send(batch('before', 100, 20))).json()).toMatchObject({ stored: 100, duplicates: 0 });
    await figuresCaughtUp();
    const forestBefore = await (await fetch(`${server.url}${forestPath}`)).json();

    // A batch of new customers caught mid-transaction: its customers are inserted, then its
    // events insert waits on a lock held here, and the database stops under it.
    const locker = new pg.Client({ connectionString: postgres.url });
    locker.on('error', () => {}); // the shutdown ends this session too
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table events in exclusive mode');
    const caught = send(batch('caught', 2000, 400));
    await waitFor(
      async () => {
        // Only a write waits on this lock (reads go past it): the batch's transaction.
        const waiting = await locker.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()`);
        return waiting.rowCount! > 0 ? true : undefined;
      },
      20_000,
      () => `the ingestion never reached the events insert:\n${server.output()}`,
    );
    postgres.stop('fast');
    await expectUnavailable(await caught); // the server must survive this (pg emits 'error' on the busy client)

    // Down: alive but not ready; reads and writes say 503 and when to retry.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    await expectUnavailable(ready);
    await expectUnavailable(await fetch(`${server.url}${forestPath}`));
    await expectUnavailable(await fetch(`${server.url}/api/v1/trend?grain=month`));
    await expectUnavailable(await send(batch('during', 50, 10)));

    // Back: the same process serves again once the pool has replaced its dead connections.
    postgres.start();
    await waitFor(async () => ((await fetch(`${server.url}/readyz`)).status === 200 ? true : undefined), 30_000, () => 'readyz never came back');
    expect(server.child.exitCode).toBeNull();

    // Nothing of the caught batch was stored, not even its customers; sending it again stores all of it.
    expect(await stored('caught')).toEqual({ events: 0, customers: 0 });
    expect(await stored('during')).toEqual({ events: 0, customers: 0 });
    expect(await (await send(batch('caught', 2000, 400))).json()).toMatchObject({ stored: 2000, duplicates: 0 });
    expect(await (await send(batch('during', 50, 10))).json()).toMatchObject({ stored: 50, duplicates: 0 });
    expect(await stored('caught')).toEqual({ events: 2000, customers: 400 });
    await figuresCaughtUp();

    // Reads work and count the new data: every active customer of the month is on one stage.
    // The first read may serve the counts from before the outage marked `refreshing` (stale
    // figures are allowed for CANOPY_STALE_FIGURES_SECONDS); the recount follows by itself.
    type Forest = { stages: { customers: number }[]; refreshing?: boolean };
    const forestAfter = await waitFor(
      async () => {
        const forest = (await (await fetch(`${server.url}${forestPath}`)).json()) as Forest;
        return forest.refreshing ? undefined : forest;
      },
      30_000,
      () => `the forest never finished recounting:\n${server.output()}`,
    );
    const customers = (forest: { stages: { customers: number }[] }) => forest.stages.reduce((sum, s) => sum + s.customers, 0);
    expect(customers(forestBefore as { stages: { customers: number }[] })).toBe(20);
    expect(customers(forestAfter)).toBe(20 + 400 + 10);
  }, 90_000);
});
