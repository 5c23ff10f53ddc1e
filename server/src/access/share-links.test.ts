import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadWorkedExample } from '../journey/fixtures/worked-example.ts';
import { describeEachDatabase } from '../test/databases.ts';
import { PASSWORD, signIn, testApp } from './test-callers.ts';
import { createUser } from './users.ts';

describeEachDatabase('share links and API keys', (db) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  beforeAll(async () => {
    await loadWorkedExample(db().db);
    app = await testApp(db(), { host: '0.0.0.0' });
    await createUser(db().db, { email: 'ada@example.com', role: 'admin', password: PASSWORD });
    admin = { cookie: await signIn(app, 'ada@example.com') };
  });
  afterAll(() => app.close());

  const createLink = async (body: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/share-links', headers: admin, payload: { label: 'wall', ...body } });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; token: string; prefix: string };
  };
  const asAdmin = (url: string) => app.inject({ url, headers: admin });
  const asLink = (token: string, url: string) => app.inject({ url, headers: { 'x-canopy-share': token } });
  const march = '/api/v1/forest?grain=month&date=2025-03-15';

  test('a link pinned to plan:pro shows exactly the plan:pro forest, not everyone’s', async () => {
    const { token } = await createLink({ segment: ['plan:pro'] });
    const everyone = (await asAdmin(march)).json();
    const pro = (await asAdmin(`${march}&segment=plan:pro`)).json();
    expect(pro.activeCustomers).toBeLessThan(everyone.activeCustomers); // the pin must make a difference
    const shared = await asLink(token, march);
    expect(shared.statusCode).toBe(200);
    expect(shared.json()).toEqual(pro);
    // The same link given as ?share= (what the web app keeps in the URL).
    expect((await app.inject({ url: `${march}&share=${token}` })).json()).toEqual(pro);
  });

  test('query parameters can narrow a pinned link but never widen it', async () => {
    const { token } = await createLink({ segment: ['plan:pro'] });
    const pro = (await asAdmin(`${march}&segment=plan:pro`)).json();
    const widened = await asLink(token, `${march}&segment=plan:pro&segment=plan:enterprise`);
    expect(widened.json()).toEqual(pro);
    const elsewhere = await asLink(token, `${march}&segment=plan:enterprise`);
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.body).not.toMatch(/activeCustomers/);
    const narrowed = await asLink(token, `${march}&segment=region:EU`);
    expect(narrowed.json()).toEqual((await asAdmin(`${march}&segment=plan:pro&segment=region:EU`)).json());
    const trend = '/api/v1/trend?grain=month&from=2025-02-01&to=2025-04-30';
    expect((await asLink(token, `${trend}&segment=plan:starter&segment=plan:pro`)).json()).toEqual((await asAdmin(`${trend}&segment=plan:pro`)).json());
    const movement = '/api/v1/movement?grain=month&date=2025-03-15';
    expect((await asLink(token, movement)).json()).toEqual((await asAdmin(`${movement}&segment=plan:pro`)).json());
  });

  test('customer names and comments need a link that allows them, and stay inside its segment', async () => {
    const drill = '/api/v1/stages/phone_call/customers?grain=month&date=2025-03-15';
    const plain = await createLink({ segment: ['plan:pro'] });
    const denied = await asLink(plain.token, drill);
    expect(denied.statusCode).toBe(403);
    expect(denied.body).not.toMatch(/three tries/);
    const detailed = await createLink({ segment: ['plan:pro'], allowCustomerDetails: true });
    const res = await asLink(detailed.token, drill);
    expect(res.statusCode).toBe(200);
    const everyone = (await asAdmin(drill)).json().customers.map((c: { id: string }) => c.id);
    const shown = res.json().customers.map((c: { id: string }) => c.id);
    expect(everyone).toContain('E'); // E (enterprise) phoned: the link must hide them
    expect(shown).toEqual(everyone.filter((id: string) => id !== 'E'));
  });

  test('a share link never writes and never reaches admin routes', async () => {
    const { token } = await createLink({ allowCustomerDetails: true });
    const h = { 'x-canopy-share': token };
    expect((await app.inject({ method: 'GET', url: '/api/v1/users', headers: h })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/share-links', headers: h })).statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url: '/api/v1/settings', headers: h, payload: {} })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/v1/events', headers: h, payload: { events: [] } })).statusCode).toBe(403);
  });

  test('revoking a link refuses its very next request', async () => {
    const { id, token } = await createLink({});
    expect((await asLink(token, march)).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/share-links/${id}`, headers: admin })).statusCode).toBe(204);
    const after = await asLink(token, march);
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toMatch(/expired or was revoked/);
  });

  test('an API key is shown once, stored only as a hash, records its use, and dies when revoked', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'CRM sync' } });
    expect(created.statusCode).toBe(201);
    const { token, prefix, id } = created.json();
    expect(token).toMatch(/^cnp_live_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(prefix)).toBe(true);
    const stored = await db().db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token.slice(prefix.length));
    expect(JSON.stringify((await asAdmin('/api/v1/api-keys')).json())).not.toContain(token.slice(prefix.length));

    const send = () => app.inject({ method: 'POST', url: '/api/v1/customers', headers: { authorization: `Bearer ${token}` }, payload: { customers: [{ id: 'K1' }] } });
    expect((await send()).statusCode).toBe(200);
    const listed = (await asAdmin('/api/v1/api-keys')).json().keys.find((k: { id: string }) => k.id === id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect((await app.inject({ url: march, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(403);

    expect((await app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${prefix}`, headers: admin })).statusCode).toBe(204);
    const refused = await send();
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/Bearer/);
  });

  test('an expired link is refused; a link cannot be created already expired', async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const { id, token } = await createLink({ expiresAt: soon });
    expect((await asLink(token, march)).statusCode).toBe(200);
    await db().db.updateTable('share_links').set({ expires_at: new Date(Date.now() - 1) }).where('id', '=', id).execute();
    expect((await asLink(token, march)).statusCode).toBe(401);
    const past = await app.inject({ method: 'POST', url: '/api/v1/share-links', headers: admin, payload: { label: 'x', expiresAt: '2020-01-01T00:00:00Z' } });
    expect(past.statusCode).toBe(400);
  });

  test('an expiry past the year 9998 is refused with a 400 that says what to fix, not stored', async () => {
    // The largest time JavaScript can hold: the embedded database refused it with a 500.
    for (const expiresAt of ['+275760-09-13', '+010000-01-01T00:00:00Z', '9999-01-01T00:00:00Z']) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/share-links', headers: admin, payload: { label: 'far', expiresAt } });
      expect(res.statusCode, expiresAt).toBe(400);
      expect(res.json().message).toMatch(/before the year 9999/);
    }
    const listed = (await asAdmin('/api/v1/share-links')).json().links;
    expect(listed.filter((l: { label: string }) => l.label === 'far')).toEqual([]);
  });
});
