// pnpm seed            adds the demo company (docs/demo-data.md) unless it is already there
// pnpm seed --remove   deletes the demo company, keeping every real customer and event
//
// Uses the same configuration and database as `pnpm start` (DATABASE_URL, or the embedded
// database in CANOPY_DATA_DIR, resolved from where the command was typed). Stop Canopy
// first when it runs on the embedded database: only one process may open its files.
import { parseArgs } from 'node:util';
import { withDatabase } from '@canopy/server/cli/with-database.ts';
import { hasDemoData, removeDemo, seedDemo } from '@canopy/server/demo/seed.ts';
import { effectiveTimezone, getSettings } from '@canopy/server/settings/queries.ts';

const { values: args } = parseArgs({ options: { remove: { type: 'boolean', default: false } } });

process.exitCode = await withDatabase(async (db, config) => {
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${config.dataDir}`;
  if (args.remove) {
    const removed = await removeDemo(db);
    console.log(
      removed.events + removed.customers === 0
        ? `No demo data in ${where}: nothing to remove.`
        : `Removed the demo company from ${where}: ${removed.customers} customers, ${removed.events} events.`,
    );
  } else if (await hasDemoData(db)) {
    console.log(`The demo company is already in ${where}. Remove it with: pnpm seed --remove`);
  } else {
    const started = Date.now();
    const timezone = effectiveTimezone(await getSettings(db), config.timezone);
    const seeded = await seedDemo(db, { timezone });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`Seeded the demo company into ${where}: ${seeded.customers} customers, ${seeded.events} events (${seconds} s).`);
    console.log('Remove it again with: pnpm seed --remove');
  }
  return 0;
});
