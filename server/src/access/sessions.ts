import type { Db } from '../db/index.ts';
import { prepared } from '../db/prepared.ts';
import { hashToken, looksLikeToken, newToken } from './tokens.ts';
import type { Role } from './users.ts';

/** A session lasts this long after sign-in, however active. */
export const SESSION_LIFETIME_MS = 30 * 24 * 3600_000;
/** A session unused for this long has ended. */
export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
// Writing last_seen_at on every request would turn reads into writes.
const TOUCH_EVERY_MS = 60_000;

/** The signed-in person behind a session. */
export interface SessionUser {
  idHash: string;
  userId: string;
  email: string;
  role: Role;
}

/** Starts a session for a person; returns the id for the cookie (only its hash is stored). */
export async function createSession(db: Db, userId: string, now = new Date()): Promise<string> {
  const id = newToken('session');
  await db
    .insertInto('sessions')
    .values({ id_hash: hashToken(id), user_id: userId, expires_at: new Date(now.getTime() + SESSION_LIFETIME_MS) })
    .execute();
  return id;
}

/** The live session for a cookie value, or undefined when unknown, expired or idle too long. */
export async function findSession(db: Db, id: string, now = new Date()): Promise<SessionUser | undefined> {
  if (!looksLikeToken(id, 'session')) return undefined;
  const idHash = hashToken(id);
  const row = await db
    .selectFrom('sessions')
    .modifyFront(prepared)
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id_hash', 'sessions.last_seen_at', 'sessions.expires_at', 'users.id', 'users.email', 'users.role'])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.expires_at <= now || now.getTime() - row.last_seen_at.getTime() > SESSION_IDLE_MS) {
    await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    return undefined;
  }
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }
  return { idHash, userId: row.id, email: row.email, role: row.role };
}

/** Ends one session, by the id from its cookie. */
export async function endSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashToken(id)).execute();
}

/** Ends every session of a person (sign out everywhere, password change). */
export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
