import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig, type Config } from '../config.ts';
import { openEmbedded, openPostgres, type Database, type DatabaseHandle, type DatabaseKind } from '../db/index.ts';
import { migrateToLatest } from '../db/migrate.ts';

/** The backends every database test runs on: embedded always, PostgreSQL when TEST_DATABASE_URL is set. */
export const backends: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['embedded', 'postgres'] : ['embedded'];

/** Opens a fresh database of the given kind, migrated unless told not to; `drop` removes it again. */
export async function freshDatabase(
  kind: DatabaseKind,
  options: { migrate?: boolean } = {},
): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const migrate = options.migrate ?? true;
  if (kind === 'embedded') {
    const handle = await openEmbedded(undefined);
    if (migrate) await migrateToLatest(handle.db);
    return { handle, drop: () => handle.db.destroy() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `canopy_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), 4);
  if (migrate) await migrateToLatest(handle.db);
  return {
    handle,
    drop: async () => {
      await handle.db.destroy();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * Runs `define` once per backend inside a describe block named after it, with a fresh,
 * migrated database for the block. `db()` gives the handle inside tests.
 */
export function describeEachDatabase(title: string, define: (db: () => DatabaseHandle, kind: DatabaseKind) => void) {
  describe.each(backends)(`${title} [%s]`, (kind) => {
    let handle: DatabaseHandle | undefined;
    let drop: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ handle, drop } = await freshDatabase(kind));
    }, 60_000);
    afterAll(async () => {
      await drop?.();
    });
    define(() => {
      if (!handle) throw new Error('database not ready');
      return handle;
    }, kind);
  });
}

/** A configuration for tests: defaults, with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  // Exact figures: a read right after a write sees it (stale serving has its own tests).
  return { ...loadConfig({}), logLevel: 'silent', demoData: false, staleFiguresSeconds: 0, ...overrides };
}

/** Deletes every customer and event, their rollups and the events queued for them; the triggers take them out of the summaries too. */
export async function deleteCustomersAndEvents(db: Kysely<Database>): Promise<void> {
  await sql`delete from rollup_queue`.execute(db);
  await sql`delete from customer_periods`.execute(db);
  await sql`delete from events`.execute(db);
  await sql`delete from customers`.execute(db);
}
