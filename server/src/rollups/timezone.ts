import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';

const KEY = 'rollups.timezone';

/** The time zone the stored rollups' periods were cut in (UTC until a rebuild says otherwise). */
export async function getRollupTimezone(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return typeof row?.value === 'string' ? row.value : 'UTC';
}

/** Records the time zone the rollups were just rebuilt in. */
export async function setRollupTimezone(db: Kysely<Database>, timezone: string): Promise<void> {
  await sql`
    insert into settings (key, value, updated_at) values (${KEY}, ${JSON.stringify(timezone)}::jsonb, now())
    on conflict (key) do update set value = excluded.value, updated_at = now()`.execute(db);
}
