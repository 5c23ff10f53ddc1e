import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { narrowSegment } from '../access/share-segment.ts';
import { validateCustomer, validateEvent } from '../ingest/validate.ts';
import { parseSegment } from '../journey/segment.ts';
import { describeEachDatabase } from '../test/databases.ts';
import { expectCleanAnswer, prepareTarget, type Target } from './fixture.ts';

// One test per bug hostile input found, so each stays fixed.

const call = { id: 'e1', customer_id: 'c1', type: 'phone_call', occurred_at: '2026-01-01T00:00:00Z', hold_seconds: 3 };
const unknownFields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`extra_${i}`, i]));

describe('items with many unknown fields (the validator stops after 8 errors)', () => {
  test.each([1, 7, 8, 9, 30])('refuses an event with %i unknown fields, naming each', (n) => {
    const judged = validateEvent({ ...call, ...unknownFields(n) });
    expect(judged.ok).toBe(false);
    if (!judged.ok) expect(judged.reasons.filter((r) => r.startsWith('unknown field "extra_'))).toHaveLength(n);
  });
  test.each([1, 8, 30])('refuses a customer with %i unknown fields', (n) => {
    expect(validateCustomer({ id: 'c1', ...unknownFields(n) }).ok).toBe(false);
  });
  test('refuses fields named like Object.prototype members', () => {
    const judged = validateEvent(JSON.parse(`{"id":"e","customer_id":"c","type":"phone_call","occurred_at":"2026-01-01T00:00:00Z","hold_seconds":3,"constructor":1,"toString":2}`));
    expect(judged).toEqual({ ok: false, reasons: ['unknown field "constructor"', 'unknown field "toString"'] });
  });
});

describe('segment keys named like Object.prototype members', () => {
  test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('parses %s as an ordinary key', (key) => {
    const segment = parseSegment([`${key}:a`, `${key}:b`, 'plan:pro']);
    expect(Object.keys(segment)).toEqual([key, 'plan']);
    expect(Object.getOwnPropertyDescriptor(segment, key)?.value).toEqual(['a', 'b']);
    expect(Object.getPrototypeOf(segment)).toBe(Object.prototype);
  });
  test('a share link pinned to such a key keeps it, and a request cannot drop it', () => {
    const pinned = parseSegment(['__proto__:x', 'constructor:y']);
    const narrowed = narrowSegment(pinned, parseSegment(['toString:z']));
    expect(narrowed).toEqual({ segment: parseSegment(['__proto__:x', 'constructor:y', 'toString:z']) });
    expect(narrowSegment(pinned, parseSegment(['constructor:other']))).toEqual({ outside: ['constructor'] });
  });
});

describeEachDatabase('hostile input bugs, through the API', (handle) => {
  let target: Target;
  beforeAll(async () => {
    target = await prepareTarget(handle(), 30);
  }, 120_000);
  afterAll(() => target?.app.close());
  const get = async (url: string) => {
    const res = await target.app.inject({ method: 'GET', url, headers: target.admin });
    expectCleanAnswer(res, url);
    return res;
  };

  test.each([
    ['/api/v1/forest?segment=plan:a%00b', 'querystring.segment contains a NUL character'],
    ['/api/v1/forest?segment=pl%00an:pro', 'querystring.segment contains a NUL character'],
    ['/api/v1/trend?grain=mo%00nth', 'querystring.grain contains a NUL character'],
    ['/api/v1/stages/phone_call/customers?cursor=%00', 'querystring.cursor contains a NUL character'],
    ['/api/v1/stages/phone%00_call/customers', 'params.key contains a NUL character'],
  ])('answers 400 for a NUL character in %s', async (url, message) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(message);
  });

  test.each([
    ['/api/v1/annotations', { occurredOn: '2026-01-01', text: 'a\u0000b' }, 'body.text contains a NUL character'],
    ['/api/v1/annotations', { occurredOn: '2026-01-01', text: 'half \uD800 a pair' }, 'body.text is not valid Unicode'],
    ['/api/v1/share-links', { label: 'wall\u0000' }, 'body.label contains a NUL character'],
    ['/api/v1/api-keys', { name: '\u0000' }, 'body.name contains a NUL character'],
    ['/api/v1/users', { email: 'a\u0000@example.com', role: 'viewer', password: 'long enough password' }, 'body.email contains a NUL character'],
  ])('answers 400 for a NUL character or half a surrogate pair in the body of POST %s', async (url, payload, message) => {
    const res = await target.app.inject({ method: 'POST', url, payload, headers: target.admin });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toContain(message);
  });

  test('ingestion still judges NUL characters item by item: the valid neighbour is stored', async () => {
    const res = await target.app.inject({
      method: 'POST', url: '/api/v1/customers', headers: target.ingest,
      payload: { customers: [{ id: 'nul-ok', name: 'fine' }, { id: 'nul-bad', name: 'a\u0000b' }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ stored: 1, rejected: [{ index: 1, reasons: ['"name" contains a NUL character (\\u0000), which cannot be stored'] }] });
  });

  test.each(['__proto__', 'constructor'])('segment key %s answers 400 "unknown segment key", not 500', async (key) => {
    const res = await get(`/api/v1/forest?segment=${key}:x`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(`unknown segment key "${key}"`);
  });

  test('a customer attribute named "constructor" is a segment like any other', async () => {
    const sent = await target.app.inject({
      method: 'POST', url: '/api/v1/customers', headers: target.ingest,
      payload: { customers: [{ id: 'proto-1', attributes: { constructor: 'yes' } }] },
    });
    expect(sent.json()).toMatchObject({ stored: 1 });
    await target.app.inject({
      method: 'POST', url: '/api/v1/events', headers: target.ingest,
      payload: { events: [{ ...call, id: 'proto-call', customer_id: 'proto-1', occurred_at: '2026-05-04T10:00:00Z' }] },
    });
    await target.app.rollups.settled();
    const res = await get('/api/v1/forest?grain=month&date=2026-05-15&segment=constructor:yes');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ activeCustomers: 1, segment: { constructor: ['yes'] } });
  });

  test.each([
    '/api/v1/forest?date=0001-01-01',
    '/api/v1/forest?date=1899-12-31',
    '/api/v1/forest?date=9999-12-31',
    '/api/v1/movement?date=9999-06-01',
    '/api/v1/trend?from=1800-01-01&to=1801-01-01',
    '/api/v1/trend?from=2026-01-01&to=9999-12-31',
    '/api/v1/stages/phone_call/customers?date=0001-01-01',
    '/api/v1/annotations?from=0000-01-01',
    '/api/v1/annotations?to=9999-12-31',
  ])('answers 400 for a date outside 1900 to 9998: %s', async (url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/between 1900-01-01 and 9998-12-31/);
  });

  test('dates at the edges of the range still answer', async () => {
    expect((await get('/api/v1/forest?date=1900-01-01')).statusCode).toBe(200);
    expect((await get('/api/v1/forest?grain=quarter&date=9998-12-31')).statusCode).toBe(200);
  });

  test('refuses a note dated outside 1900 to 9998, and events or customers stamped there', async () => {
    const note = await target.app.inject({ method: 'POST', url: '/api/v1/annotations', headers: target.admin, payload: { occurredOn: '0001-01-01', text: 'x' } });
    expect(note.statusCode).toBe(400);
    const events = await target.app.inject({
      method: 'POST', url: '/api/v1/events', headers: target.ingest,
      payload: { events: [{ ...call, id: 'year-1', occurred_at: '0001-03-04T14:05:10Z' }, { ...call, id: 'year-1899', occurred_at: '1899-12-31T23:59:59Z' }] },
    });
    expect(events.json()).toMatchObject({ stored: 0, rejected: [{ index: 0, reasons: ['"occurred_at" must be between 1900 and 9998 (got "0001-03-04T14:05:10Z")'] }, { index: 1 }] });
    const customers = await target.app.inject({ method: 'POST', url: '/api/v1/customers', headers: target.ingest, payload: { customers: [{ id: 'old', created_at: '0099-01-01T00:00:00Z' }] } });
    expect(customers.json()).toMatchObject({ stored: 0 });
  });

  test.each(['Infinity', '-Infinity', '1e400', '123456789012345678901234567890'])('limit=%s and note id %s answer 4xx, not 500', async (value) => {
    expect((await get(`/api/v1/stages/phone_call/customers?limit=${value}`)).statusCode).toBe(400);
    const res = await target.app.inject({ method: 'DELETE', url: `/api/v1/annotations/${value}`, headers: target.admin });
    expectCleanAnswer(res, value);
    expect([400, 404]).toContain(res.statusCode);
  });
});
