import { loadConfigOrReport, type Config } from '../config.ts';
import { openDatabase, type Db } from '../db/index.ts';
import { migrateToLatest } from '../db/migrate.ts';

/** Input a command cannot use (a bad flag value, a missing user): its message is printed, exit code 2. */
export class CliInputError extends Error {}

/**
 * Runs a CLI command's work against the configured, migrated database, then closes it.
 * Returns the exit code: 0 done, 2 for a bad configuration or input (message printed).
 */
export async function withDatabase(work: (db: Db, config: Config) => Promise<number>): Promise<number> {
  const config = loadConfigOrReport();
  if (!config) return 2;
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    return await work(database.db, config);
  } catch (error) {
    if (error instanceof CliInputError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  } finally {
    await database.db.destroy();
  }
}
