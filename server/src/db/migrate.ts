import { migrationProvider, migrations } from '@canopy/migrations';
import { Migrator } from 'kysely';
import type { Db } from './index.ts';

/** Runs every pending migration; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** True when every known migration has run: what /readyz checks. */
export async function isMigrated(db: Db): Promise<boolean> {
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const applied = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined).length;
  return applied === Object.keys(migrations).length;
}
