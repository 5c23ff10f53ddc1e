import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { testConfig } from '../test/databases.ts';
import { createApiKey, revokeApiKey } from './api-keys.ts';
import { createShareLink, revokeShareLink } from './share-links.ts';
import { createUser } from './users.ts';

// Test fixtures: an app with one caller of every kind. Not a test file itself.

/** The password every fixture person has. */
export const PASSWORD = 'correct horse battery staple';

/** Builds the app with the test configuration (no logs, no web files). */
export function testApp(database: DatabaseHandle, overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  return buildApp({ config: testConfig({ ...overrides, logLevel: process.env.ACCESS_DEBUG ? 'error' : 'silent' }), database, logger: process.env.ACCESS_DEBUG ? true : false, webDist: '/nonexistent' });
}

/** Signs in through the API and returns the Cookie header that carries the session. */
export async function signIn(app: FastifyInstance, email: string, password = PASSWORD, cookie?: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password }, headers: cookie ? { cookie } : {} });
  if (res.statusCode !== 204) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const set = res.cookies.find((c) => c.name.endsWith('canopy_session'));
  if (!set) throw new Error('sign-in set no session cookie');
  return `${set.name}=${set.value}`;
}

/** Request headers for each kind of caller the access matrix knows. */
export type CallerHeaders = Record<
  'none' | 'viewer' | 'admin' | 'ingestKey' | 'share' | 'shareDetails' | 'revokedKey' | 'expiredLink' | 'revokedLink',
  Record<string, string>
>;

/** Creates an admin, a viewer, keys and links (live, revoked, expired) and signs the people in. */
export async function createCallers(app: FastifyInstance, database: DatabaseHandle): Promise<CallerHeaders> {
  const db = database.db;
  await createUser(db, { email: 'admin@example.com', role: 'admin', password: PASSWORD });
  await createUser(db, { email: 'viewer@example.com', role: 'viewer', password: PASSWORD });
  const key = await createApiKey(db, 'CRM sync', null);
  const revokedKey = await createApiKey(db, 'old sync', null);
  await revokeApiKey(db, revokedKey.prefix);
  const link = { segment: null, expiresAt: null };
  const share = await createShareLink(db, { ...link, label: 'wall', allowCustomerDetails: false }, null);
  const details = await createShareLink(db, { ...link, label: 'support', allowCustomerDetails: true }, null);
  const expired = await createShareLink(db, { ...link, label: 'old', allowCustomerDetails: true }, null);
  await db.updateTable('share_links').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', expired.id).execute();
  const revoked = await createShareLink(db, { ...link, label: 'gone', allowCustomerDetails: true }, null);
  await revokeShareLink(db, revoked.id);
  return {
    none: {},
    viewer: { cookie: await signIn(app, 'viewer@example.com') },
    admin: { cookie: await signIn(app, 'admin@example.com') },
    ingestKey: { authorization: `Bearer ${key.token}` },
    share: { 'x-canopy-share': share.token },
    shareDetails: { 'x-canopy-share': details.token },
    revokedKey: { authorization: `Bearer ${revokedKey.token}` },
    expiredLink: { 'x-canopy-share': expired.token },
    revokedLink: { 'x-canopy-share': revoked.token },
  };
}

/** A concrete URL for a route pattern: parameters filled with harmless values. */
export function concreteUrl(pattern: string): string {
  return pattern.replace(':key', 'just_works').replace(/:[A-Za-z]+/g, 'no-such-id').replace('*', 'x');
}
