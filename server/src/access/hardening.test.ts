import Fastify, { type FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../app.ts';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeEachDatabase, testConfig } from '../test/databases.ts';
import { loggerOptions, redactUrl } from './logging.ts';
import { testApp } from './test-callers.ts';

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>/i;

describeEachDatabase('security headers, CORS, body limits', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp(db(), { host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  test('every answer carries a CSP without inline script, and no Referer leaves with a share link', async () => {
    const res = await app.inject({ url: '/api/v1/forest' });
    const csp = String(res.headers['content-security-policy']);
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1];
    expect(scriptSrc).toBe("'self'");
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  test('the API docs page loads its scripts from files, so it works under that CSP', async () => {
    const res = await app.inject({ url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<script src=/);
    expect(res.body).not.toMatch(INLINE_SCRIPT);
    const initializer = await app.inject({ url: '/docs/static/swagger-initializer.js' });
    expect(initializer.statusCode).toBe(200);
    expect((await app.inject({ url: '/docs/json' })).json().openapi).toMatch(/^3\./);
  });

  test('the web app’s index.html has no inline script', () => {
    const html = readFileSync(new URL('../../../web/index.html', import.meta.url), 'utf8');
    expect(html).toMatch(/<script[^>]*src=/);
    expect(html).not.toMatch(INLINE_SCRIPT);
  });

  test('the web app’s files and client-side routes stay public under the fail-closed guard', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'canopy-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const web = await buildApp({ config: testConfig({ host: '0.0.0.0' }), database: db(), logger: false, webDist: dist });
    for (const url of ['/', '/assets/app.js', '/trends', '/setup?share=cnp_share_x']) {
      const res = await web.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    }
    expect((await web.inject({ url: '/api/v1/nothing-here' })).statusCode).toBe(404);
    expect((await web.inject({ url: '/api/v1/forest' })).statusCode).toBe(401);
    await web.close();
  });

  test('CORS is closed unless CANOPY_CORS_ORIGINS lists the origin', async () => {
    const preflight = { method: 'OPTIONS' as const, url: '/api/v1/events', headers: { origin: 'https://crm.example', 'access-control-request-method': 'POST' } };
    const closed = await app.inject(preflight);
    expect(closed.headers['access-control-allow-origin']).toBeUndefined();
    const open = await testApp(db(), { host: '127.0.0.1', corsOrigins: ['https://crm.example'] });
    const allowed = await open.inject(preflight);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://crm.example');
    const other = await open.inject({ ...preflight, headers: { ...preflight.headers, origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    await open.close();
  });

  test('sign-in refuses a large body before reading it', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'a@b.c', password: 'x'.repeat(100_000) } });
    expect(res.statusCode).toBe(413);
  });
});

test('request logs carry no share token, key, cookie or password', async () => {
  let output = '';
  const stream = new Writable({ write: (chunk, _enc, done) => ((output += String(chunk)), done()) });
  const app = Fastify({ logger: { ...loggerOptions(testConfig({ logLevel: 'info' })), stream } });
  app.post('/api/v1/thing', async (request) => {
    request.log.info({ req: { headers: request.headers, body: request.body } }, 'handled');
    return {};
  });
  await app.inject({
    method: 'POST',
    url: '/api/v1/thing?grain=month&share=cnp_share_SECRETSHARE',
    headers: { authorization: 'Bearer cnp_live_SECRETKEY', cookie: 'canopy_session=SECRETCOOKIE', 'x-canopy-share': 'cnp_share_SECRETHEADER' },
    payload: { email: 'a@b.c', password: 'SECRETPASSWORD' },
  });
  await app.close();
  expect(output).toMatch(/grain=month&share=\[Redacted\]/);
  expect(output).toMatch(/handled/);
  expect(output).not.toMatch(/SECRET/);
});

test('redactUrl hides every share parameter and nothing else', () => {
  expect(redactUrl('/?share=abc&x=1&SHARE=def')).toBe('/?share=[Redacted]&x=1&SHARE=[Redacted]');
  expect(redactUrl('/api/v1/forest?grain=month')).toBe('/api/v1/forest?grain=month');
});
