import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeEachDatabase, testConfig } from '../test/databases.ts';
import { checkStartAccess, CREATE_ADMIN_COMMAND, LOCAL_MODE_BANNER, StartRefusedError } from './local-mode.ts';
import { PASSWORD, testApp } from './test-callers.ts';
import { createUser } from './users.ts';

describeEachDatabase('local mode, first-admin setup and the start check', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp(db(), { host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  test('Canopy refuses to start on 0.0.0.0 (or behind a proxy) without an admin, and says how to create one', async () => {
    for (const config of [testConfig({ host: '0.0.0.0' }), testConfig({ host: '192.168.1.20' }), testConfig({ host: '127.0.0.1', trustProxy: true })]) {
      const refusal = checkStartAccess(config, db().db);
      await expect(refusal).rejects.toBeInstanceOf(StartRefusedError);
      await expect(refusal).rejects.toThrow(CREATE_ADMIN_COMMAND);
    }
    for (const host of ['127.0.0.1', '::1', 'localhost']) expect(await checkStartAccess(testConfig({ host }), db().db)).toBe('local');
  });

  test('in local mode the dashboards and settings open without signing in, with the banner', async () => {
    const me = await app.inject({ url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ mode: 'local', banner: LOCAL_MODE_BANNER, setupNeeded: true });
    expect((await app.inject({ url: '/api/v1/forest' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/settings' })).statusCode).toBe(200);
  });

  test('a local-mode write from another site’s page is refused', async () => {
    const settings = (await app.inject({ url: '/api/v1/settings' })).json();
    const res = await app.inject({ method: 'PUT', url: '/api/v1/settings', payload: settings, headers: { origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(403);
  });

  test('setup refuses a short password, then creates the first admin and signs them in', async () => {
    const short = await app.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: 'owner@example.com', password: 'short' } });
    expect(short.statusCode).toBe(400);
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: 'Owner@Example.com', password: PASSWORD } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ mode: 'signed-in', user: { email: 'owner@example.com', role: 'admin' } });
    const cookie = res.cookies.find((c) => c.name === 'canopy_session')!;
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { cookie: `${cookie.name}=${cookie.value}` } });
    expect(me.json().mode).toBe('signed-in');
  });

  test('once an admin exists, setup is closed and local mode is over', async () => {
    const again = await app.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: 'intruder@example.com', password: PASSWORD } });
    expect(again.statusCode).toBe(403);
    expect((await db().db.selectFrom('users').select('email').execute()).map((u) => u.email)).toEqual(['owner@example.com']);
    const me = await app.inject({ url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(401);
    expect(me.json()).toEqual({ mode: 'anonymous', setupNeeded: false });
    expect((await app.inject({ url: '/api/v1/forest' })).statusCode).toBe(401);
    expect(await checkStartAccess(testConfig({ host: '0.0.0.0' }), db().db)).toBe('accounts');
  });
});

describeEachDatabase('setup over the network', (db) => {
  test('setup is closed to a request that is not local, even with no admin', async () => {
    await createUser(db().db, { email: 'viewer@example.com', role: 'viewer', password: PASSWORD });
    const app = await testApp(db(), { host: '127.0.0.1' });
    const rebinding = await app.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: { email: 'x@example.com', password: PASSWORD }, headers: { host: 'evil.example' } });
    expect(rebinding.statusCode).toBe(403);
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { host: 'evil.example' } });
    expect(me.json()).toEqual({ mode: 'anonymous', setupNeeded: true });
    await app.close();
  });
});
