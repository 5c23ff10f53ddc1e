import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { buildApp } from '../app.ts';
import { describeEachDatabase, testConfig } from '../test/databases.ts';
import { invalidateCounts, MAX_STALE_MS } from './counts-cache.ts';
import { loadWorkedExample } from './fixtures/worked-example.ts';

describeEachDatabase('journey API', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await loadWorkedExample(db().db);
    app = await buildApp({ config: testConfig(), database: db(), logger: false, webDist: '/nonexistent' });
  });
  afterAll(() => app.close());
  const get = (url: string) => app.inject({ method: 'GET', url });

  test('GET /forest serves the worked example', async () => {
    const res = await get('/api/v1/forest?grain=month&date=2025-03-15');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.activeCustomers).toBe(6);
    expect(body.stages.map((s: { key: string; customers: number }) => [s.key, s.customers])).toEqual([
      ['just_works', 2], ['in_product_help', 1], ['chatbot', 1], ['phone_call', 2],
    ]);
    expect(body.departments.support.holdSeconds).toEqual({ mean: 70, median: 60, p90: 108 });
    expect(body.headline).toMatch(/33\.3% of customers had to phone us in March 2025/);
  });

  test('segment parameters: same key is OR, different keys AND', async () => {
    const res = await get('/api/v1/forest?grain=month&date=2025-03-15&segment=plan:pro&segment=plan:enterprise&segment=region:EU');
    expect(res.statusCode).toBe(200);
    expect(res.json().activeCustomers).toBe(2);
    expect(res.json().segment).toEqual({ plan: ['pro', 'enterprise'], region: ['EU'] });
  });

  test.each([
    ['an unknown segment key', '/api/v1/forest?segment=colour:red', /unknown segment key "colour"/],
    ['a segment without a colon', '/api/v1/forest?segment=plan', /not key:value/],
    ['an unknown grain', '/api/v1/forest?grain=year', /grain/],
    ['a date that is not a date', '/api/v1/forest?date=2025-02-30', /date/],
    ['an unknown parameter', '/api/v1/forest?segmnet=plan:pro', /segmnet/],
    ['a trend whose from is after to', '/api/v1/trend?grain=month&from=2025-05-01&to=2025-01-01', /from/],
  ])('answers 400 with a reason for %s', async (_what, url, reason) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(reason);
    expect(res.body).not.toMatch(/select|stack|\.ts:/i);
  });

  test('GET /trend gives one row per period with shares and NPS', async () => {
    const res = await get('/api/v1/trend?grain=month&from=2025-02-01&to=2025-04-30');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.periods.map((p: { period: { key: string }; activeCustomers: number }) => [p.period.key, p.activeCustomers])).toEqual([
      ['2025-02', 0], ['2025-03', 6], ['2025-04', 0],
    ]);
    expect(body.periods[1].nps).toEqual({ score: 20, responses: 5, lowSample: true });
    expect(body.periods[1].stages[3]).toMatchObject({ key: 'phone_call', customers: 2, sharePercent: 33.3 });
  });

  test('GET /movement from February to March: all six are new', async () => {
    const res = await get('/api/v1/movement?grain=month&date=2025-03-15');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ both: 0, onlyCurrent: 6, onlyPrevious: 0, netLeftward: null });
  });

  test('GET /stages/phone_call/customers lists C and E with events in order and comments verbatim', async () => {
    const res = await get('/api/v1/stages/phone_call/customers?grain=month&date=2025-03-15&limit=1');
    expect(res.statusCode).toBe(200);
    const page1 = res.json();
    expect(page1.customers.map((c: { id: string }) => c.id)).toEqual(['C']);
    expect(page1.customers[0].events.map((e: { type: string }) => e.type)).toEqual([
      'help_viewed', 'chatbot_conversation', 'phone_call', 'nps_response',
    ]);
    expect(page1.customers[0].comments).toEqual([{ occurredAt: '2025-03-10T10:00:00.000Z', score: 2, comment: 'Took three tries to get help.' }]);
    const page2 = (await get(`/api/v1/stages/phone_call/customers?grain=month&date=2025-03-15&limit=1&cursor=${page1.nextCursor}`)).json();
    expect(page2.customers.map((c: { id: string }) => c.id)).toEqual(['E']);
    expect(page2.nextCursor).toBeNull();
  });

  test('drill-down within a segment lists only its customers (phone call, region EU: E)', async () => {
    const res = await get('/api/v1/stages/phone_call/customers?grain=month&date=2025-03-15&segment=region:EU');
    expect(res.json().customers.map((c: { id: string }) => c.id)).toEqual(['E']);
  });

  test('an unknown stage key answers 404 naming the stages', async () => {
    const res = await get('/api/v1/stages/fax/customers?date=2025-03-15');
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/just_works, in_product_help, chatbot, phone_call/);
  });

  test('GET /segments lists attribute keys and values', async () => {
    expect((await get('/api/v1/segments')).json()).toEqual({
      attributes: { plan: ['enterprise', 'pro', 'starter'], region: ['EU', 'NA'] },
    });
  });

  test('GET /segments follows customer changes, from this app or any other writer', async () => {
    await get('/api/v1/segments'); // the list is kept from here on
    await app.inject({ method: 'POST', url: '/api/v1/customers', payload: { customers: [{ id: 'seg-1', attributes: { plan: 'trial' } }] } });
    expect((await get('/api/v1/segments')).json().attributes.plan).toEqual(['enterprise', 'pro', 'starter', 'trial']);
    expect((await get('/api/v1/forest?grain=month&date=2025-03-15&segment=tier:gold')).statusCode).toBe(400);
    // Another process changes customers the way every writer does: with an invalidation, in one transaction.
    await db().db.transaction().execute(async (trx) => {
      await sql`insert into customers (id, attributes) values ('seg-2', '{"tier": "gold"}')`.execute(trx);
      await invalidateCounts(trx, null);
    });
    expect((await get('/api/v1/segments')).json().attributes.tier).toEqual(['gold']);
    expect((await get('/api/v1/forest?grain=month&date=2025-03-15&segment=tier:gold')).statusCode).toBe(200);
    await db().db.transaction().execute(async (trx) => {
      await sql`delete from customers where id in ('seg-1', 'seg-2')`.execute(trx);
      await invalidateCounts(trx, null);
    });
    expect((await get('/api/v1/segments')).json()).toEqual({
      attributes: { plan: ['enterprise', 'pro', 'starter'], region: ['EU', 'NA'] },
    });
  });

  test('a segment key the kept list knows is taken without reading the list again; an unknown one is checked afresh', async () => {
    const tierGold = '/api/v1/forest?grain=month&date=2025-03-15&segment=tier:gold';
    await db().db.transaction().execute(async (trx) => {
      await sql`insert into customers (id, attributes) values ('seg-3', '{"tier": "gold"}')`.execute(trx);
      await invalidateCounts(trx, null);
    });
    expect((await get(tierGold)).statusCode).toBe(200); // not in the kept list: read afresh, and found
    // Every customer loses the key. Until the list is read again the key is still taken, and
    // its segment is empty, which the figures say.
    await db().db.transaction().execute(async (trx) => {
      await sql`delete from customers where id = 'seg-3'`.execute(trx);
      await invalidateCounts(trx, null);
    });
    const gone = await get(tierGold);
    expect(gone.statusCode).toBe(200);
    expect(gone.json().activeCustomers).toBe(0);
    // A kept list older than MAX_STALE_MS is not trusted for that: the key is refused.
    const now = Date.now();
    const later = vi.spyOn(Date, 'now').mockReturnValue(now + MAX_STALE_MS + 1_000);
    try {
      expect((await get(tierGold)).statusCode).toBe(400);
    } finally {
      later.mockRestore();
    }
    // The key comes back and goes again. Back: not in the list read just now, so checked
    // afresh and found. Gone: the pickers' list is read again as soon as customers changed,
    // and from then on the key is refused.
    await db().db.transaction().execute(async (trx) => {
      await sql`insert into customers (id, attributes) values ('seg-3', '{"tier": "gold"}')`.execute(trx);
      await invalidateCounts(trx, null);
    });
    expect((await get(tierGold)).statusCode).toBe(200);
    await db().db.transaction().execute(async (trx) => {
      await sql`delete from customers where id = 'seg-3'`.execute(trx);
      await invalidateCounts(trx, null);
    });
    expect(Object.keys((await get('/api/v1/segments')).json().attributes)).toEqual(['plan', 'region']);
    const refused = await get(tierGold);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/unknown segment key "tier": known keys are plan, region/);
  });

  test('PUT /settings with a five-stage ladder changes every figure; a bad ladder is refused with reasons', async () => {
    const current = (await get('/api/v1/settings')).json();
    const ladder = [...current.ladder.slice(0, 3), { key: 'email_ticket', label: 'Email ticket', eventTypes: [], channels: ['email'] }, current.ladder[3]];
    const put = await app.inject({ method: 'PUT', url: '/api/v1/settings', payload: { ...current, ladder } });
    expect(put.statusCode).toBe(200);
    const forest = (await get('/api/v1/forest?grain=month&date=2025-03-15')).json();
    expect(forest.stages.map((s: { customers: number }) => s.customers)).toEqual([1, 1, 1, 1, 2]);
    expect(forest.unmappedContacts).toBe(0);

    const bad = await app.inject({ method: 'PUT', url: '/api/v1/settings', payload: { ...current, ladder: [current.ladder[0], current.ladder[0]] } });
    expect(bad.statusCode).toBe(400);
    await app.inject({ method: 'PUT', url: '/api/v1/settings', payload: current });
  });

  test('PUT /settings with another time zone re-cuts the periods (E’s 23:59:59Z call is April 1 in Berlin)', async () => {
    const current = (await get('/api/v1/settings')).json();
    expect((await app.inject({ method: 'PUT', url: '/api/v1/settings', payload: { ...current, timezone: 'Europe/Berlin' } })).statusCode).toBe(200);
    const march = (await get('/api/v1/forest?grain=month&date=2025-03-15')).json();
    expect(march.period.start).toBe('2025-02-28T23:00:00.000Z');
    expect(march.departments.support.calls).toBe(2);
    await app.inject({ method: 'PUT', url: '/api/v1/settings', payload: { ...current, timezone: null } });
    expect((await get('/api/v1/forest?grain=month&date=2025-03-15')).json().departments.support.calls).toBe(3);
  });
});
