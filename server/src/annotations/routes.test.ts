import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../app.ts';
import { describeEachDatabase, testConfig } from '../test/databases.ts';

describeEachDatabase('annotations API', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ config: testConfig(), database: db(), logger: false, webDist: '/nonexistent' });
  });
  afterAll(() => app.close());
  const post = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/v1/annotations', payload });

  test('adds notes and lists them oldest day first, filtered by from/to', async () => {
    const later = await post({ occurredOn: '2025-04-02', text: '  Help centre relaunched ' });
    expect(later.statusCode).toBe(201);
    expect(later.json()).toMatchObject({ occurredOn: '2025-04-02', text: 'Help centre relaunched' });
    await post({ occurredOn: '2025-03-01', text: 'Chatbot v2' });
    const all = await app.inject({ method: 'GET', url: '/api/v1/annotations' });
    expect(all.json().annotations.map((a: { occurredOn: string }) => a.occurredOn)).toEqual(['2025-03-01', '2025-04-02']);
    const april = await app.inject({ method: 'GET', url: '/api/v1/annotations?from=2025-04-01&to=2025-04-30' });
    expect(april.json().annotations.map((a: { text: string }) => a.text)).toEqual(['Help centre relaunched']);
  });

  test.each([
    ['a day that does not exist', { occurredOn: '2025-02-30', text: 'x' }, /not a date/],
    ['a malformed day', { occurredOn: '1 March', text: 'x' }, /occurredOn/],
    ['empty text', { occurredOn: '2025-03-01', text: '' }, /text/],
    ['blank text', { occurredOn: '2025-03-01', text: '   ' }, /what happened/],
    ['an unknown field', { occurredOn: '2025-03-01', text: 'x', colour: 'red' }, /colour/],
  ])('refuses %s with a reason', async (_what, body, reason) => {
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(reason);
  });

  test('deletes a note, and answers 404 for one that is gone', async () => {
    const { id } = (await post({ occurredOn: '2025-05-05', text: 'Price change' })).json();
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/annotations/${id}` })).statusCode).toBe(204);
    const again = await app.inject({ method: 'DELETE', url: `/api/v1/annotations/${id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json().message).toMatch(`No note with id ${id}`);
  });
});
