import { sql } from 'kysely';
import { createApiKey } from '@canopy/server/access/api-keys.ts';
import { openPostgres, type DatabaseHandle } from '@canopy/server/db/index.ts';
import { migrateToLatest } from '@canopy/server/db/migrate.ts';
import { rebuildRollups } from '@canopy/server/rollups/rebuild.ts';
import { generateCompany } from '../bench/generate.ts';
import { keptDatabase } from '../bench/kept-database.ts';

/** A PostgreSQL database holding the generated company, and an ingestion key for it. */
export interface LoadDatabase {
  url: string;
  handle: DatabaseHandle;
  apiKey: string;
}

/**
 * Opens canopy_load_<customers>_<events> on the admin URL's server, generating the company
 * (events over the 365 days before today) when the database is new or incomplete. The
 * database is kept for the next run, as the bench keeps its own: generating takes minutes.
 */
export async function prepareLoadDatabase(adminUrl: string, customers: number, events: number): Promise<LoadDatabase> {
  const name = `canopy_load_${customers}_${events}`;
  const { url, created } = await keptDatabase(adminUrl, name);
  const handle = openPostgres(url, 4);
  await migrateToLatest(handle.db);
  // Events stored by earlier load runs come on top of the generated ones: count those only.
  const counted = await handle.db
    .selectFrom('events')
    .where('id', 'not like', 'load-%')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (created || Number(counted.n) !== events) {
    if (!created) throw new Error(`${name} exists but holds ${counted.n} generated events, not ${events}: drop it (dropdb ${name}) and run again.`);
    const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
    console.error(`Generating ${customers} customers and ${events} events in ${name} (minutes)...`);
    let t = performance.now();
    await generateCompany(handle.db, customers, events, today);
    console.error(`  generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    await rebuildRollups(handle.db, 'UTC');
    console.error(`  rollups rebuilt in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  // Every run updates rollup rows in place; a server with autovacuum off (as on some test
  // machines) would carry each run's dead rows into the next and every run would be slower
  // than the one before. Start each run as autovacuum would have left the tables.
  const t = performance.now();
  await sql`vacuum (analyze)`.execute(handle.db);
  console.error(`Vacuumed and analysed in ${((performance.now() - t) / 1000).toFixed(1)} s.`);
  const key = await createApiKey(handle.db, `load test ${new Date().toISOString()}`, null);
  return { url, handle, apiKey: key.token };
}
