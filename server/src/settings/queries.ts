import { DEFAULT_SETTINGS, type Settings } from '@canopy/shared';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { prepared } from '../db/prepared.ts';

const KEY = 'journey';

/** The deployment's journey settings: what is stored, over the defaults. */
export async function getSettings(db: Kysely<Database>): Promise<Settings> {
  const row = await db.selectFrom('settings').modifyFront(prepared).select('value').where('key', '=', KEY).executeTakeFirst();
  return { ...DEFAULT_SETTINGS, ...((row?.value as Partial<Settings> | undefined) ?? {}) };
}

/** Stores validated journey settings, replacing the stored ones. */
export async function saveSettings(db: Kysely<Database>, settings: Settings): Promise<void> {
  await sql`
    insert into settings (key, value, updated_at) values (${KEY}, ${JSON.stringify(settings)}::jsonb, now())
    on conflict (key) do update set value = excluded.value, updated_at = now()`.execute(db);
}

/** The time zone periods are cut in: the settings' override, else the deployment's. */
export function effectiveTimezone(settings: Settings, deploymentTimezone: string): string {
  return settings.timezone ?? deploymentTimezone;
}
