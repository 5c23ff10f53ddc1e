import type { FastifyInstance } from 'fastify';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiKey, findApiKey } from '../access/api-keys.ts';
import { createShareLink, findShareLink } from '../access/share-links.ts';
import { createUser, findUserByEmail } from '../access/users.ts';
import { verifyPassword } from '../access/passwords.ts';
import { signIn } from '../access/test-callers.ts';
import { addAnnotation } from '../annotations/queries.ts';
import { buildApp } from '../app.ts';
import type { DatabaseHandle, DatabaseKind } from '../db/index.ts';
import { seedDemo } from '../demo/seed.ts';
import { ingestCustomers, ingestEvents } from '../ingest/service.ts';
import { getSettings, saveSettings } from '../settings/queries.ts';
import { addSubscription } from '../subscriptions/store.ts';
import { enqueueDue, renderPending } from '../subscriptions/outbox.ts';
import { backends, freshDatabase, testConfig } from '../test/databases.ts';
import { exportDatabase } from './export.ts';
import { importAll } from './import.ts';
import { TRANSFER_TABLES } from './tables.ts';

// Moving house: export a rich database, import it into the other engine (PostgreSQL when
// TEST_DATABASE_URL is set, else another embedded one), export again and compare every file
// and every figure. Then back the other way.

const END = new Date('2026-06-15T12:00:00Z');
const SECRET = 'correct horse battery staple';

/** A small demo company plus everything a person adds by hand: settings, notes, people, keys, links. */
async function seedRich(db: DatabaseHandle['db']) {
  await seedDemo(db, { timezone: 'UTC', end: END, customers: 150 });
  await saveSettings(db, { ...(await getSettings(db)), churnWindowDays: 45, minNpsSample: 3 });
  await ingestCustomers(db, [
    { id: 'hostile-1', name: '<script>alert(1)</script> & "Zoë" 🌳', mrr: 1234.56, attributes: { plan: 'pro', 'région': "O'Brien; drop table customers;--" } },
  ]);
  await ingestEvents(db, [
    { id: 'hostile-nps', customer_id: 'hostile-1', type: 'nps_response', occurred_at: '2026-05-03T10:00:00.123456Z', score: 2, comment: 'Ｔｈｅ ｑｕｉｃｋ 👩‍👩‍👧 \\ "quoted"\nnew line' },
    { id: 'hostile-call', customer_id: 'hostile-1', type: 'phone_call', occurred_at: '2026-05-04T10:00:00Z', hold_seconds: 75.5 },
  ]);
  await addAnnotation(db, { occurredOn: '2026-03-01', text: 'Help centre relaunched' });
  await addAnnotation(db, { occurredOn: '2026-04-10', text: '<img src=x onerror=alert(1)>' });
  const admin = await createUser(db, { email: 'admin@example.com', role: 'admin', password: SECRET });
  await createUser(db, { email: 'viewer@example.com', role: 'viewer', password: SECRET });
  const key = await createApiKey(db, 'zendesk', admin.id);
  const link = await createShareLink(db, { label: 'Wall', segment: { plan: ['pro'] }, allowCustomerDetails: false, expiresAt: null }, admin.id);
  // A weekly email whose snapshot of the last week is queued and rendered (chart PNG included).
  const subscription = await addSubscription(
    db,
    {
      name: '<b>Leaders</b> weekly',
      recipients: ['ceo@example.com', 'cfo@example.com'],
      weekday: 1,
      localTime: '08:00',
      timezone: 'Europe/Berlin',
      grain: 'week',
      segment: { plan: ['pro'] },
      sections: ['forest', 'change', 'comments'],
      paused: false,
    },
    admin.id,
    new Date('2026-06-01T00:00:00Z'),
  );
  expect(await enqueueDue(db, END, 'UTC')).toBe(1);
  expect(await renderPending(db, { publicUrl: '' }, END, 'UTC')).toBe(1);
  expect(subscription.id).toBeTruthy();
  return { apiKeyToken: key.token, shareToken: link.token };
}

/** Every exported file's lines, sorted (row order follows each engine's collation), with the manifest minus its timestamp. */
async function readExport(dir: string): Promise<Record<string, string[]>> {
  const files: Record<string, string[]> = {};
  for (const name of (await readdir(dir)).sort()) {
    const text = await readFile(join(dir, name), 'utf8');
    if (name === 'manifest.json') {
      const { exportedAt: _exportedAt, ...rest } = JSON.parse(text) as Record<string, unknown>;
      files[name] = [JSON.stringify(rest)];
    } else {
      files[name] = text.split('\n').sort();
    }
  }
  return files;
}

const FIGURE_URLS = [
  '/api/v1/forest?grain=month&date=2026-05-15',
  '/api/v1/forest?grain=week&date=2026-03-04&segment=plan:pro',
  '/api/v1/forest?grain=quarter&date=2026-01-01',
  '/api/v1/trend?grain=month&from=2025-07-01&to=2026-06-15',
  '/api/v1/trend?grain=week&from=2026-02-01&to=2026-06-15&segment=plan:pro&segment=plan:team',
  '/api/v1/movement?grain=month&date=2026-05-15',
  '/api/v1/movement?grain=quarter&date=2026-04-01',
  '/api/v1/stages/phone_call/customers?grain=month&date=2026-05-15&limit=200',
  '/api/v1/segments',
  '/api/v1/annotations',
  '/api/v1/settings',
  '/api/v1/subscriptions',
  '/api/v1/subscriptions/deliveries',
];

/** The answers of every figure URL, as text. */
async function figures(handle: DatabaseHandle): Promise<Record<string, string>> {
  const app: FastifyInstance = await buildApp({ config: testConfig(), database: handle, logger: false, webDist: '/nonexistent' });
  try {
    const cookie = await signIn(app, 'admin@example.com', SECRET);
    const answers: Record<string, string> = {};
    for (const url of FIGURE_URLS) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      answers[url] = res.body;
    }
    return answers;
  } finally {
    await app.close();
  }
}

const other: DatabaseKind = backends.includes('postgres') ? 'postgres' : 'embedded';

describe.each([
  ['embedded', other],
  [other, 'embedded'],
] as [DatabaseKind, DatabaseKind][])('moving house from %s to %s', (fromKind, toKind) => {
  const cleanup: (() => Promise<void>)[] = [];
  let source: DatabaseHandle;
  let target: DatabaseHandle;
  let folder: string;
  let tokens: { apiKeyToken: string; shareToken: string };
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'canopy-move-'));
    const a = await freshDatabase(fromKind);
    const b = await freshDatabase(toKind);
    cleanup.push(a.drop, b.drop, () => rm(folder, { recursive: true, force: true }));
    source = a.handle;
    target = b.handle;
    tokens = await seedRich(source.db);
  }, 120_000);
  afterAll(async () => {
    for (const step of cleanup) await step();
  });

  test('import-all then export gives the same files, and every figure is the same', async () => {
    const first = await exportDatabase(source.db, join(folder, 'first'));
    expect(first.tables.map((t) => t.name)).toEqual(TRANSFER_TABLES.map((t) => t.name));
    expect(first.tables.find((t) => t.name === 'events')!.rows).toBeGreaterThan(1000);
    await importAll(target.db, join(folder, 'first'));
    await exportDatabase(target.db, join(folder, 'second'));
    const [before, after] = [await readExport(join(folder, 'first')), await readExport(join(folder, 'second'))];
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const file of Object.keys(before)) expect(after[file], file).toEqual(before[file]);
    const [expected, actual] = [await figures(source), await figures(target)];
    expect(JSON.parse(expected[FIGURE_URLS[0]!]!).activeCustomers).toBeGreaterThan(50);
    for (const url of FIGURE_URLS) expect(actual[url], url).toEqual(expected[url]);
  }, 180_000);

  test('people keep their passwords, API keys and share links keep working; queued emails are not queued again', async () => {
    const admin = await findUserByEmail(target.db, 'admin@example.com');
    expect(admin && (await verifyPassword(SECRET, admin.password_hash))).toBe(true);
    expect((await findApiKey(target.db, tokens.apiKeyToken))?.name).toBe('zendesk');
    expect((await findShareLink(target.db, tokens.shareToken))?.segment).toEqual({ plan: ['pro'] });
    // Last week's snapshot was queued before the move: the new home does not queue it again.
    expect(await enqueueDue(target.db, END, 'UTC')).toBe(0);
    // New notes get ids after the imported ones.
    const note = await addAnnotation(target.db, { occurredOn: '2026-06-01', text: 'after the move' });
    expect(note.id).toBe(3);
  });
});
