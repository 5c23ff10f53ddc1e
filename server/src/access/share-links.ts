import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { Segment } from '../journey/source.ts';
import { hashToken, looksLikeToken, newToken, tokenMatches, visiblePrefix } from './tokens.ts';

/** A read-only link as the API lists it: never the token. */
export interface ShareLink {
  id: string;
  label: string;
  prefix: string;
  /** Forced onto every request made with the link; null: every customer. */
  segment: Segment | null;
  allowCustomerDetails: boolean;
  expiresAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const TOUCH_EVERY_MS = 60_000;

type Row = {
  id: string; label: string; prefix: string; segment: Segment | null; allow_customer_details: boolean;
  expires_at: Date | null; created_at: Date; last_used_at: Date | null; revoked_at: Date | null;
};
const toShareLink = (row: Row): ShareLink => ({
  id: row.id,
  label: row.label,
  prefix: row.prefix,
  segment: row.segment && Object.keys(row.segment).length > 0 ? row.segment : null,
  allowCustomerDetails: row.allow_customer_details,
  expiresAt: row.expires_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

export interface NewShareLink {
  label: string;
  segment: Segment | null;
  allowCustomerDetails: boolean;
  expiresAt: Date | null;
}

/** Creates a share link; the returned `token` is shown once and never stored. */
export async function createShareLink(db: Db, input: NewShareLink, createdBy: string | null): Promise<ShareLink & { token: string }> {
  const token = newToken('shareLink');
  const row = await db
    .insertInto('share_links')
    .values({
      id: randomUUID(),
      label: input.label,
      prefix: visiblePrefix(token, 'shareLink'),
      token_hash: hashToken(token),
      segment: input.segment && Object.keys(input.segment).length > 0 ? JSON.stringify(input.segment) : null,
      allow_customer_details: input.allowCustomerDetails,
      expires_at: input.expiresAt,
      created_by: createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...toShareLink(row), token };
}

/** Every link, newest first, revoked and expired ones included. */
export async function listShareLinks(db: Db): Promise<ShareLink[]> {
  return (await db.selectFrom('share_links').selectAll().orderBy('created_at', 'desc').execute()).map(toShareLink);
}

/** Revokes a link by id or prefix; the next request made with it is refused. */
export async function revokeShareLink(db: Db, idOrPrefix: string): Promise<boolean> {
  const result = await db
    .updateTable('share_links')
    .set({ revoked_at: new Date() })
    .where((eb) => eb.or([eb('id', '=', idOrPrefix), eb('prefix', '=', idOrPrefix)]))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The live link for a token, or undefined when unknown, malformed, revoked or expired. */
export async function findShareLink(db: Db, token: string, now = new Date()): Promise<ShareLink | undefined> {
  if (!looksLikeToken(token, 'shareLink')) return undefined;
  const row = await db.selectFrom('share_links').selectAll().where('prefix', '=', visiblePrefix(token, 'shareLink')).executeTakeFirst();
  if (!row || row.revoked_at !== null || !tokenMatches(token, row.token_hash)) return undefined;
  if (row.expires_at !== null && row.expires_at <= now) return undefined;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('share_links').set({ last_used_at: now }).where('id', '=', row.id).execute();
    row.last_used_at = now;
  }
  return toShareLink(row);
}
