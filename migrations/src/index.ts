import type { Migration, MigrationProvider } from 'kysely';
import * as customersEvents from './2026-11-23-01-customers-events.ts';
import * as customerPeriods from './2026-11-23-02-customer-periods.ts';

/** Every migration, by name; names sort in the order they run. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '2026-11-23-01-customers-events': customersEvents,
  '2026-11-23-02-customer-periods': customerPeriods,
};

/** A Kysely MigrationProvider over the list above (no file-system scanning, so it bundles). */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
