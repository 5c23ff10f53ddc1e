import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AccessLevel } from '../app.ts';
import { describeEachDatabase } from '../test/databases.ts';
import { concreteUrl, createCallers, testApp, type CallerHeaders } from './test-callers.ts';

// The access matrix, written out by hand (not computed by the code under test): for each
// access level, what each kind of caller gets. 'ok' means the guard lets it through.
type Outcome = 'ok' | 401 | 403;
const MATRIX: Record<Exclude<AccessLevel, 'public'>, Record<keyof CallerHeaders, Outcome>> = {
  viewer: { none: 401, viewer: 'ok', admin: 'ok', ingestKey: 403, share: 'ok', shareDetails: 'ok', revokedKey: 401, expiredLink: 401, revokedLink: 401 },
  drilldown: { none: 401, viewer: 'ok', admin: 'ok', ingestKey: 403, share: 403, shareDetails: 'ok', revokedKey: 401, expiredLink: 401, revokedLink: 401 },
  admin: { none: 401, viewer: 403, admin: 'ok', ingestKey: 403, share: 403, shareDetails: 403, revokedKey: 401, expiredLink: 401, revokedLink: 401 },
  ingest: { none: 401, viewer: 403, admin: 'ok', ingestKey: 'ok', share: 403, shareDetails: 403, revokedKey: 401, expiredLink: 401, revokedLink: 401 },
};
// Auth routes that change the caller's own session are covered in sessions.test.ts.
const SKIPPED = new Set(['POST /api/v1/auth/sign-out', 'POST /api/v1/auth/sign-out-everywhere', 'POST /api/v1/auth/setup']);

/** A share link reads only: any other method is refused whatever the level. */
function expected(access: AccessLevel, caller: keyof CallerHeaders, method: string, url: string): Outcome {
  // Public, but "who am I" answers 401 (mode anonymous) to a caller who is no one.
  if (url === '/api/v1/auth/me') return ['viewer', 'admin', 'share', 'shareDetails'].includes(caller) ? 'ok' : 401;
  if (access === 'public') return 'ok';
  const outcome = MATRIX[access][caller];
  if (outcome === 'ok' && caller.startsWith('share') && method !== 'GET') return 403;
  return outcome;
}

function apiRoutes(app: FastifyInstance) {
  return app.routeAccess.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
}

describeEachDatabase('access matrix, server on the network', (db) => {
  let app: FastifyInstance;
  let callers: CallerHeaders;
  beforeAll(async () => {
    app = await testApp(db(), { host: '0.0.0.0' });
    callers = await createCallers(app, db());
  });
  afterAll(() => app.close());

  test('every /api route declares an access level', () => {
    const routes = apiRoutes(app);
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  test('the levels that matter are the ones declared', () => {
    const level = (method: string, url: string) => app.routeAccess.find((r) => r.method === method && r.url === url)?.access;
    expect(level('GET', '/api/v1/forest')).toBe('viewer');
    expect(level('GET', '/api/v1/stages/:key/customers')).toBe('drilldown');
    expect(level('PUT', '/api/v1/settings')).toBe('admin');
    expect(level('POST', '/api/v1/events')).toBe('ingest');
    expect(level('POST', '/api/v1/customers')).toBe('ingest');
    expect(level('POST', '/api/v1/share-links')).toBe('admin');
    expect(level('GET', '/healthz')).toBe('public');
    for (const [method, url] of [
      ['GET', '/api/v1/subscriptions'],
      ['POST', '/api/v1/subscriptions'],
      ['PUT', '/api/v1/subscriptions/:id'],
      ['PUT', '/api/v1/subscriptions/:id/paused'],
      ['DELETE', '/api/v1/subscriptions/:id'],
      ['GET', '/api/v1/subscriptions/:id/preview'],
      ['POST', '/api/v1/subscriptions/:id/send'],
      ['GET', '/api/v1/subscriptions/deliveries'],
    ]) {
      expect(level(method!, url!), `${method} ${url}`).toBe('admin');
    }
  });

  test('every route answers every kind of caller as the matrix says', async () => {
    const wrong: string[] = [];
    for (const route of apiRoutes(app)) {
      const name = `${route.method} ${route.url}`;
      if (SKIPPED.has(name)) continue;
      for (const caller of Object.keys(callers) as (keyof CallerHeaders)[]) {
        const res = await app.inject({
          method: route.method as 'GET',
          url: concreteUrl(route.url),
          headers: callers[caller],
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const want = expected(route.access!, caller, route.method, route.url);
        const got: Outcome = res.statusCode === 401 || res.statusCode === 403 ? res.statusCode : 'ok';
        if (got !== want) wrong.push(`${name} as ${caller}: want ${want}, got ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('a route that declares no access level is closed, even to an admin', async () => {
    const extra = await testApp(db(), { host: '0.0.0.0' });
    extra.get('/api/v1/forgotten', async () => ({ secret: 'customer list' }));
    const res = await extra.inject({ url: '/api/v1/forgotten', headers: callers.admin });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('customer list');
    expect(extra.routeAccess.find((r) => r.url === '/api/v1/forgotten')?.access).toBeUndefined();
    await extra.close();
  });

  test('nobody is in local mode on the network: no credentials is 401 on reads, admin and ingest', async () => {
    for (const [method, url] of [['GET', '/api/v1/forest'], ['PUT', '/api/v1/settings'], ['POST', '/api/v1/events']] as const) {
      const res = await app.inject({ method, url, ...(method === 'GET' ? {} : { payload: {} }) });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});

describe.each([
  ['a loopback request', {}, 'ok'],
  ['a page on another name that resolves to loopback (DNS rebinding)', { host: 'evil.example:3000' }, 401],
  ['a request that passed through a proxy', { 'x-forwarded-for': '203.0.113.9' }, 401],
] as const)('local mode: %s', (_what, headers, outcome) => {
  describeEachDatabase('access', (db) => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await testApp(db(), { host: '127.0.0.1' });
    });
    afterAll(() => app.close());

    test(`every non-public route is ${outcome === 'ok' ? 'open' : 'refused'}`, async () => {
      const wrong: string[] = [];
      for (const route of apiRoutes(app)) {
        if (route.access === 'public') continue;
        const res = await app.inject({
          method: route.method as 'GET',
          url: concreteUrl(route.url),
          headers,
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const got = res.statusCode === 401 || res.statusCode === 403 ? res.statusCode : 'ok';
        if (got !== outcome) wrong.push(`${route.method} ${route.url}: got ${res.statusCode} ${res.body.slice(0, 100)}`);
      }
      expect(wrong).toEqual([]);
    });
  });
});
