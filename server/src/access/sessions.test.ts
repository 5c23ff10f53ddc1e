import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeEachDatabase } from '../test/databases.ts';
import { SIGN_IN_ATTEMPTS, SIGN_IN_THROTTLED } from './rate-limits.ts';
import { SIGN_IN_FAILED } from './routes-auth.ts';
import { PASSWORD, signIn, testApp } from './test-callers.ts';
import { createUser } from './users.ts';

describeEachDatabase('sessions, sign-in and cross-site protection', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp(db(), { host: '0.0.0.0' });
    await createUser(db().db, { email: 'ada@example.com', role: 'admin', password: PASSWORD });
    await createUser(db().db, { email: 'vic@example.com', role: 'viewer', password: PASSWORD });
  });
  afterAll(() => app.close());
  const me = (cookie: string) => app.inject({ url: '/api/v1/auth/me', headers: { cookie } });

  test('the session cookie is httpOnly, SameSite=Lax, and Secure only over HTTPS', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'ADA@example.com', password: PASSWORD } });
    expect(res.statusCode).toBe(204);
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^canopy_session=[A-Za-z0-9_-]{43};/);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).not.toMatch(/Secure/);
    const https = await app.inject({
      method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'ada@example.com', password: PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    // Without CANOPY_TRUST_PROXY a forwarded protocol is not believed.
    expect(String(https.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  test('a session cookie is Secure with the __Host- prefix when the app is reached over HTTPS via a trusted proxy', async () => {
    const proxied = await testApp(db(), { host: '0.0.0.0', trustProxy: true });
    const res = await proxied.inject({
      method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'ada@example.com', password: PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(String(res.headers['set-cookie'])).toMatch(/^__Host-canopy_session=.*; Secure/);
    await proxied.close();
  });

  test('signing in gives a new session id and kills the one the browser came with (no fixation)', async () => {
    const first = await signIn(app, 'vic@example.com');
    const second = await signIn(app, 'vic@example.com', PASSWORD, first);
    expect(second).not.toBe(first);
    expect((await me(second)).statusCode).toBe(200);
    expect((await me(first)).statusCode).toBe(401);
    // A made-up id planted before sign-in is never adopted either.
    const planted = 'canopy_session=' + 'A'.repeat(43);
    const after = await signIn(app, 'vic@example.com', PASSWORD, planted);
    expect(after).not.toBe(planted);
    expect((await me(planted)).statusCode).toBe(401);
  });

  test('sign-out ends the session at once; sign-out-everywhere ends every session of that person', async () => {
    const a = await signIn(app, 'vic@example.com');
    await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: a } });
    expect((await app.inject({ url: '/api/v1/forest', headers: { cookie: a } })).statusCode).toBe(401);

    const laptop = await signIn(app, 'vic@example.com');
    const phone = await signIn(app, 'vic@example.com');
    const admin = await signIn(app, 'ada@example.com');
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-out-everywhere', headers: { cookie: laptop } });
    expect(res.statusCode).toBe(204);
    expect((await me(laptop)).statusCode).toBe(401);
    expect((await me(phone)).statusCode).toBe(401);
    expect((await me(admin)).statusCode).toBe(200);
  });

  test('a demoted admin loses admin routes on the next request; a removed person loses everything', async () => {
    const ada = await signIn(app, 'ada@example.com');
    const created = await app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: ada }, payload: { email: 'tmp@example.com', role: 'admin', password: PASSWORD } });
    expect(created.statusCode).toBe(201);
    const tmp = await signIn(app, 'tmp@example.com');
    expect((await app.inject({ url: '/api/v1/users', headers: { cookie: tmp } })).statusCode).toBe(200);
    await app.inject({ method: 'PUT', url: `/api/v1/users/${created.json().id}`, headers: { cookie: ada }, payload: { role: 'viewer' } });
    expect((await app.inject({ url: '/api/v1/users', headers: { cookie: tmp } })).statusCode).toBe(403);
    await app.inject({ method: 'DELETE', url: `/api/v1/users/${created.json().id}`, headers: { cookie: ada } });
    expect((await app.inject({ url: '/api/v1/forest', headers: { cookie: tmp } })).statusCode).toBe(401);
  });

  test('the last admin cannot be demoted or removed', async () => {
    const ada = await signIn(app, 'ada@example.com');
    const id = (await app.inject({ url: '/api/v1/users', headers: { cookie: ada } })).json().users.find((u: { email: string }) => u.email === 'ada@example.com').id;
    const demote = await app.inject({ method: 'PUT', url: `/api/v1/users/${id}`, headers: { cookie: ada }, payload: { role: 'viewer' } });
    expect(demote.statusCode).toBe(409);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/users/${id}`, headers: { cookie: ada } })).statusCode).toBe(409);
  });

  test('a cookie write from another site is refused; the same write from Canopy’s own page goes through', async () => {
    const ada = await signIn(app, 'ada@example.com');
    const settings = (await app.inject({ url: '/api/v1/settings', headers: { cookie: ada } })).json();
    const put = (headers: Record<string, string>) =>
      app.inject({ method: 'PUT', url: '/api/v1/settings', payload: settings, headers: { cookie: ada, host: 'canopy.example:3000', ...headers } });
    for (const foreign of <Record<string, string>[]>[{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site', origin: 'https://x.canopy.example:3000' }, { origin: 'null' }]) {
      const res = await put(foreign);
      expect(res.statusCode, JSON.stringify(foreign)).toBe(403);
      expect(res.json().message).toMatch(/cross-site/);
    }
    expect((await put({ origin: 'http://canopy.example:3000' })).statusCode).toBe(200);
    expect((await put({ 'sec-fetch-site': 'same-origin', origin: 'http://canopy.example:3000' })).statusCode).toBe(200);
  });

  test('sign-in fails with one message whether the email is unknown or the password wrong', async () => {
    const wrongPassword = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'ada@example.com', password: 'not the password' } });
    const noSuchEmail = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'nobody@example.com', password: 'not the password' } });
    expect(wrongPassword.statusCode).toBe(401);
    expect(noSuchEmail.statusCode).toBe(401);
    expect(wrongPassword.json().message).toBe(SIGN_IN_FAILED);
    expect(noSuchEmail.body).toBe(wrongPassword.body);
    expect(wrongPassword.headers['set-cookie']).toBeUndefined();
  });

  test(`after ${SIGN_IN_ATTEMPTS} tries for one email from one address, sign-in answers 429, even with the right password`, async () => {
    const attempt = (email: string, password: string, ip = '198.51.100.7') =>
      app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password }, remoteAddress: ip });
    for (const email of ['vic@example.com', 'ghost@example.com']) {
      for (let i = 0; i < SIGN_IN_ATTEMPTS; i++) {
        const res = await attempt(email, `guess ${i}`);
        expect(res.statusCode).toBe(401);
        expect(res.json().message).toBe(SIGN_IN_FAILED);
      }
      const throttled = await attempt(email, email.startsWith('vic') ? PASSWORD : 'guess');
      expect(throttled.statusCode).toBe(429);
      expect(throttled.json().message).toBe(SIGN_IN_THROTTLED);
      expect(throttled.headers['set-cookie']).toBeUndefined();
    }
    // Others at the same address, and the same person elsewhere, are not locked out.
    expect((await attempt('ada@example.com', PASSWORD)).statusCode).toBe(204);
    expect((await attempt('vic@example.com', PASSWORD, '198.51.100.8')).statusCode).toBe(204);
  });
});
