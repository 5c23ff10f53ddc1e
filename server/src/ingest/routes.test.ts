import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { buildApp } from '../app.ts';
import { describeEachDatabase, testConfig } from '../test/databases.ts';

const call = (id: string, extra: Record<string, unknown> = {}) => ({
  id, customer_id: 'acme-42', type: 'phone_call', occurred_at: '2025-03-04T14:05:10+01:00', hold_seconds: 75, ...extra,
});

describeEachDatabase('POST /api/v1/events and /customers', (handle) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ config: testConfig({ maxBatchItems: 50 }), database: handle(), logger: false, webDist: '/nonexistent' });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await sql`truncate events, customers cascade`.execute(handle().db);
  });

  const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });
  const raw = (url: string, payload: string) =>
    app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });
  const eventIds = async () => (await handle().db.selectFrom('events').select('id').orderBy('id').execute()).map((e) => e.id);

  test('stores valid events and answers with counts', async () => {
    const res = await post('/api/v1/events', { events: [call('e1'), call('e2')] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ stored: 2, duplicates: 0, rejected: [] });
    expect(await eventIds()).toEqual(['e1', 'e2']);
  });

  test('stores the valid neighbours of bad items and lists each bad item with index, id and every reason', async () => {
    const res = await post('/api/v1/events', {
      events: [call('e1'), call('e2', { hold_seconds: -1, hold_secs: 4 }), 'not an event', call('e3'), { ...call('e4'), type: 'fax' }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      stored: 2,
      duplicates: 0,
      rejected: [
        { index: 1, id: 'e2', reasons: ['unknown field "hold_secs" (did you mean "hold_seconds"?)', '"hold_seconds" must be a number of 0 or more (got -1)'] },
        { index: 2, id: null, reasons: ['an event must be a JSON object (got "not an event")'] },
        { index: 4, id: 'e4', reasons: [expect.stringContaining('unknown type "fax"')] },
      ],
    });
    expect(await eventIds()).toEqual(['e1', 'e3']);
  });

  test('counts the same id twice in one batch and across batches as duplicates, storing it once', async () => {
    const first = await post('/api/v1/events', { events: [call('e1'), call('e1')] });
    expect(first.json()).toEqual({ stored: 1, duplicates: 1, rejected: [] });
    const second = await post('/api/v1/events', { events: [call('e1'), call('e2')] });
    expect(second.json()).toEqual({ stored: 1, duplicates: 1, rejected: [] });
    expect(await eventIds()).toEqual(['e1', 'e2']);
  });

  test('rejects an event with a 2 MB string without storing it or echoing the string', async () => {
    const res = await post('/api/v1/events', { events: [call('e1', { type: 'nps_response', hold_seconds: undefined, score: 9, comment: 'x'.repeat(2_000_000) })] });
    expect(res.statusCode).toBe(200);
    expect(res.json().rejected).toEqual([{ index: 0, id: 'e1', reasons: ['"comment" is longer than 10000 characters'] }]);
    expect(res.body.length).toBeLessThan(500);
  });

  test('rejects an event whose customer_id has 10,000 characters', async () => {
    const res = await post('/api/v1/events', { events: [call('e1', { customer_id: 'c'.repeat(10_000) })] });
    expect(res.json().rejected).toEqual([{ index: 0, id: 'e1', reasons: ['"customer_id" is longer than 256 characters'] }]);
    expect(await eventIds()).toEqual([]);
  });

  test('answers 400 saying where malformed JSON breaks', async () => {
    const res = await raw('/api/v1/events', '{"events": [\n {"id": "e1",, }\n]}');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'Bad Request',
      message: 'The body is not valid JSON: Expected double-quoted property name at line 2, column 14, near: ts": [ {"id": "e1",, } ]}',
    });
  });

  test('answers 400 for an empty body sent as JSON', async () => {
    const res = await raw('/api/v1/events', '');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('The body is empty: send a JSON object.');
  });

  test('answers 400 for a body cut off mid-way', async () => {
    const res = await raw('/api/v1/events', '{"events": [{"id": "e1"');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(`The body is not valid JSON: Expected ',' or '}' after property value at line 1, column 24, near: vents": [{"id": "e1"`);
  });

  test.each([
    ['a list', [call('e1')], 'body must be an object like {"events": [...]} (got a list)'],
    ['a string', 'events', 'body must be an object like {"events": [...]} (got "events")'],
    ['null', null, 'body must be an object like {"events": [...]} (got null)'],
    ['an object without the list', { event: [call('e1')] }, 'body must have the list "events", like {"events": [...]} (found "event")'],
    ['an object whose list is not a list', { events: call('e1') }, 'body.events must be a list (got an object)'],
    ['an object with another field', { events: [], extra: 1 }, 'body has unknown field "extra": send only {"events": [...]}'],
  ])('answers 400 with a reason for a body that is %s', async (_name, body, reason) => {
    const res = await raw('/api/v1/events', JSON.stringify(body));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'Bad Request', message: reason, reasons: [reason] });
    expect(await eventIds()).toEqual([]);
  });

  test('answers 400 naming the limit for a batch over CANOPY_MAX_BATCH_ITEMS, storing nothing', async () => {
    const events = Array.from({ length: 51 }, (_, i) => call(`e${i}`));
    const res = await post('/api/v1/events', { events });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(
      'body.events has 51 items, more than the 50 one request may carry (CANOPY_MAX_BATCH_ITEMS): send them in smaller batches',
    );
    expect(await eventIds()).toEqual([]);
  });

  test('accepts a batch of exactly CANOPY_MAX_BATCH_ITEMS', async () => {
    const events = Array.from({ length: 50 }, (_, i) => call(`e${i}`));
    expect((await post('/api/v1/events', { events })).json()).toMatchObject({ stored: 50 });
  });

  test('answers 415 asking for JSON when the body is sent as text', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/events', payload: 'id,type', headers: { 'content-type': 'text/csv' } });
    expect(res.statusCode).toBe(415);
    expect(res.json().message).toBe('Send the body as application/json.');
  });

  test('creates and updates customers, keeping fields not sent', async () => {
    const created = await post('/api/v1/customers', { customers: [{ id: 'c1', name: 'Acme', mrr: 10, attributes: { plan: 'pro' } }] });
    expect(created.json()).toEqual({ stored: 1, duplicates: 0, rejected: [] });
    const updated = await post('/api/v1/customers', { customers: [{ id: 'c1', mrr: 20 }, { id: 'c2', mrr: -1 }] });
    expect(updated.json()).toEqual({ stored: 1, duplicates: 0, rejected: [{ index: 1, id: 'c2', reasons: ['"mrr" must be a number of 0 or more (got -1)'] }] });
    const row = await handle().db.selectFrom('customers').selectAll().where('id', '=', 'c1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Acme', mrr: 20, attributes: { plan: 'pro' } });
  });

  test('answers 400 for a customers body that is not a batch', async () => {
    const res = await raw('/api/v1/customers', JSON.stringify({ customers: 'c1' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('body.customers must be a list (got "c1")');
  });

  test('documents both routes and their answers in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    const events = doc.paths['/api/v1/events'].post;
    expect(events.requestBody.content['application/json'].schema.properties.events.maxItems).toBe(50);
    expect(Object.keys(events.responses['200'].content['application/json'].schema.properties)).toEqual(['stored', 'duplicates', 'rejected']);
    expect(doc.paths['/api/v1/customers'].post.summary).toBe('Create or update customers');
  });
});
