import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { testApp } from '../access/test-callers.ts';
import { describeEachDatabase } from '../test/databases.ts';

// The subscriptions API: bad input is a 400 that says what to fix; pause, resume, delete.
// (Loopback without an admin: local mode, so no credentials are needed here.)

const valid = {
  name: 'Leadership weekly',
  recipients: ['ceo@example.com'],
  weekday: 1,
  localTime: '08:00',
  timezone: 'Europe/Berlin',
  grain: 'week',
  segment: {},
  sections: ['forest', 'comments'],
  paused: false,
};

describeEachDatabase('subscriptions API', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp(db());
  });
  afterAll(() => app.close());

  test.each([
    [{ recipients: ['not an address'] }, /"not an address" is not an email address/],
    [{ recipients: [] }, /recipients/],
    [{ timezone: 'Mars/Olympus' }, /"Mars\/Olympus" is not a time zone/],
    [{ localTime: '8am' }, /localTime/],
    [{ weekday: 8 }, /weekday/],
    [{ grain: 'day' }, /grain/],
    [{ sections: ['gossip'] }, /sections/],
    [{ segment: { no_such_key: ['x'] } }, /no_such_key/],
    [{ name: '   ' }, /name: give the list a name/],
  ])('refuses %j with a 400 that says what to fix', async (change, message) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/subscriptions', payload: { ...valid, ...change } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(message);
    expect(res.body).not.toMatch(/select|insert|at .*\.ts/i);
  });

  test('create, list with the next send time, pause, resume, change, delete', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/subscriptions', payload: valid });
    expect(created.statusCode).toBe(201);
    const sub = created.json();
    expect(sub).toMatchObject({ name: 'Leadership weekly', weekday: 1, localTime: '08:00', timezone: 'Europe/Berlin', paused: false });
    // The next Monday 08:00 in Berlin: 06:00 or 07:00 UTC depending on summer time.
    expect(new Date(sub.nextSendAt).getUTCDay()).toBe(1);
    expect(['06:00', '07:00']).toContain(sub.nextSendAt.slice(11, 16));

    const list = (await app.inject({ url: '/api/v1/subscriptions' })).json();
    expect(list.subscriptions.map((s: { id: string }) => s.id)).toContain(sub.id);
    expect(list.sending).toEqual({ enabled: false, reason: expect.stringMatching(/SMTP_URL/) });

    const paused = await app.inject({ method: 'PUT', url: `/api/v1/subscriptions/${sub.id}/paused`, payload: { paused: true } });
    expect(paused.json()).toMatchObject({ paused: true, nextSendAt: null });
    const resumed = await app.inject({ method: 'PUT', url: `/api/v1/subscriptions/${sub.id}/paused`, payload: { paused: false } });
    expect(resumed.json().paused).toBe(false);

    const changed = await app.inject({ method: 'PUT', url: `/api/v1/subscriptions/${sub.id}`, payload: { ...valid, localTime: '09:30', timezone: 'America/New_York' } });
    expect(changed.json()).toMatchObject({ localTime: '09:30', timezone: 'America/New_York' });

    const send = await app.inject({ method: 'POST', url: `/api/v1/subscriptions/${sub.id}/send`, payload: { to: 'subscription' } });
    expect(send.statusCode).toBe(409);
    expect(send.json().message).toMatch(/SMTP_URL/);

    expect((await app.inject({ method: 'DELETE', url: `/api/v1/subscriptions/${sub.id}` })).statusCode).toBe(204);
    const gone = await app.inject({ url: `/api/v1/subscriptions/${sub.id}/preview` });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().message).toBe(`No subscription with id ${sub.id}.`);
  });
});
