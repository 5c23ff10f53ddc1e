import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { hashToken, looksLikeToken, newToken, tokenMatches, visiblePrefix } from './tokens.ts';

/** An ingestion key as the API lists it: never the key itself. */
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scope: 'ingest';
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

// Recording every use would turn each ingestion request into an extra write.
const TOUCH_EVERY_MS = 60_000;

const toApiKey = (row: {
  id: string; name: string; prefix: string; scope: 'ingest'; created_at: Date; last_used_at: Date | null; revoked_at: Date | null;
}): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scope: row.scope,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** Creates an ingestion key; the returned `token` is shown once and never stored. */
export async function createApiKey(db: Db, name: string, createdBy: string | null): Promise<ApiKey & { token: string }> {
  const token = newToken('apiKey');
  const row = await db
    .insertInto('api_keys')
    .values({ id: randomUUID(), name, prefix: visiblePrefix(token, 'apiKey'), token_hash: hashToken(token), scope: 'ingest', created_by: createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...toApiKey(row), token };
}

/** Every key, newest first, revoked ones included (they show when they were revoked). */
export async function listApiKeys(db: Db): Promise<ApiKey[]> {
  const rows = await db.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc').execute();
  return rows.map(toApiKey);
}

/** Revokes a key by its prefix (or id); effective on the very next request. False when none matched. */
export async function revokeApiKey(db: Db, prefixOrId: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where((eb) => eb.or([eb('prefix', '=', prefixOrId), eb('id', '=', prefixOrId)]))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The live key a bearer token belongs to, or undefined (unknown, malformed or revoked). */
export async function findApiKey(db: Db, token: string, now = new Date()): Promise<ApiKey | undefined> {
  if (!looksLikeToken(token, 'apiKey')) return undefined;
  const row = await db.selectFrom('api_keys').selectAll().where('prefix', '=', visiblePrefix(token, 'apiKey')).executeTakeFirst();
  if (!row || row.revoked_at !== null || !tokenMatches(token, row.token_hash)) return undefined;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
    row.last_used_at = now;
  }
  return toApiKey(row);
}
