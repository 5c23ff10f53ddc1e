import type { CliCommand } from '../cli.ts';
import { withDatabase } from '../cli/with-database.ts';
import { effectiveTimezone, getSettings } from '../settings/queries.ts';
import { rebuildRollups } from './rebuild.ts';

/** `pnpm canopy rebuild-rollups`: recompute every rollup from the raw events. */
export const rebuildRollupsCommand: CliCommand = {
  usage: 'rebuild-rollups',
  summary: 'Recompute every rollup from the raw events (they stay the source of truth). Safe at any time.',
  run: () =>
    withDatabase(async (db, config) => {
      const timezone = effectiveTimezone(await getSettings(db), config.timezone);
      const started = performance.now();
      await rebuildRollups(db, timezone);
      const rows = await db.selectFrom('customer_periods').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`Rebuilt ${Number(rows.n).toLocaleString('en')} customer-period rollups (${timezone}) in ${seconds} s.`);
      return 0;
    }),
};
