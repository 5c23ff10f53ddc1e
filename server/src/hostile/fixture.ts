import type { FastifyInstance } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { createApiKey } from '../access/api-keys.ts';
import { signIn } from '../access/test-callers.ts';
import { createUser } from '../access/users.ts';
import { buildApp } from '../app.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { seedDemo } from '../demo/seed.ts';
import { testConfig } from '../test/databases.ts';

// The world the hostile tests attack: a small demo company, an admin signed in, an ingest
// key, and the figures and tables as they were before the attack. Not a test file itself.

/** The demo's "today": fixed, so the figures compared before and after are the same periods. */
export const END = new Date('2026-06-15T12:00:00Z');
const PASSWORD = 'correct horse battery staple';

export interface Target {
  app: FastifyInstance;
  /** Headers of the signed-in admin: every route is open to them. */
  admin: Record<string, string>;
  /** Headers with the ingest key, for POST /customers and /events. */
  ingest: Record<string, string>;
}

/** Seeds the small demo company and builds the app with an admin and an ingest key. */
export async function prepareTarget(handle: DatabaseHandle, customers = 60): Promise<Target> {
  await seedDemo(handle.db, { timezone: 'UTC', end: END, customers });
  // A high ingestion limit: the property runs send hundreds of batches a minute.
  const app = await buildApp({ config: testConfig({ ingestRequestsPerMinute: 1_000_000 }), database: handle, logger: false, webDist: '/nonexistent' });
  await createUser(handle.db, { email: 'admin@example.com', role: 'admin', password: PASSWORD });
  const key = await createApiKey(handle.db, 'hostile tests', null);
  return { app, admin: { cookie: await signIn(app, 'admin@example.com', PASSWORD) }, ingest: { authorization: `Bearer ${key.token}` } };
}

/** The figures hostile input must never change: forest, trend and movement for a few periods and segments. */
export const FIGURE_URLS = [
  '/api/v1/forest?grain=month&date=2026-05-15',
  '/api/v1/forest?grain=week&date=2026-04-08&segment=plan:pro',
  '/api/v1/trend?grain=month&from=2025-07-01&to=2026-06-15',
  '/api/v1/trend?grain=quarter&from=2025-07-01&to=2026-06-15&segment=region:EU',
  '/api/v1/movement?grain=month&date=2026-05-15',
];

/** The answers to FIGURE_URLS, for comparing before and after an attack. */
export async function figures(target: Target): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  for (const url of FIGURE_URLS) {
    const res = await target.app.inject({ method: 'GET', url, headers: target.admin });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    answers[url] = res.json();
  }
  return answers;
}

/** Every table of the schema with its row count: tables dropped or emptied by an injection show here. */
export async function tables(handle: DatabaseHandle): Promise<Record<string, number>> {
  const names = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public' order by 1`.execute(handle.db);
  const counts: Record<string, number> = {};
  for (const { name } of names.rows) {
    if (['customers', 'events', 'customer_periods', 'users', 'settings'].includes(name)) {
      counts[name] = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(handle.db)).rows[0]!.n);
    } else counts[name] = -1; // present; its rows may change (sessions, caches, notes)
  }
  return counts;
}

const STACK = /\n\s+at |\.ts:\d+|node_modules/;
// PostgreSQL's own phrasing: a refusal may quote what was sent, but never the database's words.
const SQL = /syntax error at or near|relation ".*" does not exist|violates .* constraint|invalid input syntax for|unterminated quoted|ERROR: /i;

/**
 * The answer to any request, however hostile: never a 5xx, and a refusal is a JSON
 * message a person can read, without stack traces or SQL.
 */
export function expectCleanAnswer(res: LightMyRequestResponse, what: string): void {
  expect(res.statusCode, `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    const body = res.json() as { message?: unknown };
    expect(typeof body.message, `${what}: ${res.body.slice(0, 300)}`).toBe('string');
    expect(body.message as string, what).not.toMatch(STACK);
    expect(body.message as string, what).not.toMatch(SQL);
  }
}
