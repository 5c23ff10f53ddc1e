import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { prepared } from '../db/prepared.ts';
import { hashPassword } from './passwords.ts';

export type Role = 'admin' | 'viewer';

/** A person as the API shows them: never the password hash. */
export interface User {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
}

/** Emails are compared and stored lower-cased and trimmed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const toUser = (row: { id: string; email: string; role: Role; created_at: Date }): User => ({
  id: row.id,
  email: row.email,
  role: row.role,
  createdAt: row.created_at.toISOString(),
});

/** Adds a person; throws UserExistsError when the email is taken. */
export async function createUser(db: Db, input: { email: string; role: Role; password: string }, passwordHash?: string): Promise<User> {
  passwordHash ??= await hashPassword(input.password);
  const row = await db
    .insertInto('users')
    .values({ id: randomUUID(), email: normaliseEmail(input.email), role: input.role, password_hash: passwordHash })
    .onConflict((c) => c.column('email').doNothing())
    .returning(['id', 'email', 'role', 'created_at'])
    .executeTakeFirst();
  if (!row) throw new UserExistsError(normaliseEmail(input.email));
  return toUser(row);
}

/**
 * Creates the first admin, only while there is none; undefined when one exists already.
 * The table lock makes two setups racing each other create one admin, not two. Throws
 * UserExistsError when the email already has a (viewer) account.
 */
export async function createFirstAdmin(db: Db, input: { email: string; password: string }): Promise<User | undefined> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    await sql`lock table users in share row exclusive mode`.execute(trx);
    if (await adminExists(trx)) return undefined;
    return createUser(trx, { ...input, role: 'admin' }, passwordHash);
  });
}

/** An email that already has an account. */
export class UserExistsError extends Error {
  constructor(readonly email: string) {
    super(`${email} already has an account.`);
  }
}

/** Every person, admins first, then by email. */
export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.selectFrom('users').select(['id', 'email', 'role', 'created_at']).orderBy('role').orderBy('email').execute();
  return rows.map(toUser);
}

/** The account for an email, with its password hash, for signing in. */
export async function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

/** True when at least one admin exists: what ends local mode and the setup page. */
export async function adminExists(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').modifyFront(prepared).select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Sets a new password and signs the person out everywhere; false when there is no such user. */
export async function setPassword(db: Db, userId: string, password: string): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: sql`now()` })
      .where('id', '=', userId)
      .executeTakeFirst();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    return Number(result.numUpdatedRows) > 0;
  });
}

/**
 * Changes a role or removes a person, refusing to leave the deployment without an admin.
 * Returns 'done', 'missing' or 'last-admin'. Sessions follow at once (they join the user).
 */
export async function changeUser(db: Db, userId: string, change: { role: Role } | 'delete'): Promise<'done' | 'missing' | 'last-admin'> {
  return db.transaction().execute(async (trx) => {
    // Lock the admins so two concurrent demotions cannot both pass the check.
    const admins = await trx.selectFrom('users').select('id').where('role', '=', 'admin').forUpdate().execute();
    const target = await trx.selectFrom('users').select(['id', 'role']).where('id', '=', userId).executeTakeFirst();
    if (!target) return 'missing';
    const losesAdmin = target.role === 'admin' && (change === 'delete' || change.role !== 'admin');
    if (losesAdmin && admins.length <= 1) return 'last-admin';
    if (change === 'delete') await trx.deleteFrom('users').where('id', '=', userId).execute();
    else await trx.updateTable('users').set({ role: change.role, updated_at: sql`now()` }).where('id', '=', userId).execute();
    return 'done';
  });
}
