import type { CliCommand } from '../cli.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/index.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { effectiveTimezone, getSettings } from '../settings/queries.ts';
import { rebuildRollups } from './rebuild.ts';

/** `pnpm canopy rebuild-rollups`: recompute every rollup from the raw events. */
export const rebuildRollupsCommand: CliCommand = {
  usage: 'rebuild-rollups',
  summary: 'Recompute every rollup from the raw events (they stay the source of truth). Safe at any time.',
  async run() {
    let config;
    try {
      config = loadConfig();
    } catch (error) {
      if (error instanceof ConfigError) {
        console.error(error.message);
        return 2;
      }
      throw error;
    }
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrateToLatest(database.db);
      const timezone = effectiveTimezone(await getSettings(database.db), config.timezone);
      const started = performance.now();
      await rebuildRollups(database.db, timezone);
      const rows = await database.db.selectFrom('customer_periods').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      console.log(`Rebuilt ${Number(rows.n).toLocaleString('en')} customer-period rollups (${timezone}) in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
      return 0;
    } finally {
      await database.db.destroy();
    }
  },
};
