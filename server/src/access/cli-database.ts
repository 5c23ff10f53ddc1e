import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase, type Db } from '../db/index.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { CliInputError } from './cli-input.ts';

/**
 * Runs a CLI command's work against the configured, migrated database, then closes it.
 * Returns the exit code: 0 done, 2 for a bad configuration or input (message printed).
 */
export async function withDatabase(work: (db: Db) => Promise<number>): Promise<number> {
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
    return await work(database.db);
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
