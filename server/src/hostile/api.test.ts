import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeEachDatabase } from '../test/databases.ts';
import { expectCleanAnswer, figures, prepareTarget, tables, type Target } from './fixture.ts';
import { HOSTILE, hostileString, hostileValue, param, pathPart, queryString, safeForUrl } from './strings.ts';

// Every route, with hostile strings (the Big List of Naughty Strings and our own) and
// fast-check's random values in every query parameter, path parameter and body field:
// never a 5xx, never a stack trace or SQL in the answer, and the figures and tables are
// the same afterwards.

const RUNS = 60;
const GRAINS = ['day', 'week', 'month', 'quarter'];
const DATES = ['2026-05-15', '2026-01-01', '2025-12-31T23:59:59Z', '2026-03-29'];
const SEGMENTS = ['plan:pro', 'plan:team', 'region:EU', 'plan:starter'];
const STAGES = ['just_works', 'in_product_help', 'chatbot', 'phone_call'];
// The strings of the lists that try to end a quoted SQL value or add a statement.
const LOOKS_LIKE_SQL = /['"]\s*(or|and|;|--|\))|;\s*(drop|select|delete|update|insert)|--|\bunion\b/i;

describeEachDatabase('hostile input on every route', (handle) => {
  let target: Target;
  let before: { figures: Record<string, unknown>; tables: Record<string, number> };
  beforeAll(async () => {
    target = await prepareTarget(handle());
    before = { figures: await figures(target), tables: await tables(handle()) };
  }, 120_000);
  afterAll(() => target?.app.close());

  const send = async (options: InjectOptions & { url: string }) => {
    const res = await target.app.inject({ ...options, headers: { ...target.admin, ...options.headers } });
    expectCleanAnswer(res, `${options.method} ${options.url.slice(0, 200)} ${JSON.stringify(options.payload ?? '').slice(0, 200)}`);
    return res;
  };
  const segments = fc.array(param(SEGMENTS).map((s) => s ?? 'plan:pro'), { maxLength: 3 });

  test('journey reads: grain, date, from, to, segment, cursor, limit and stage key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ grain: param(GRAINS), date: param(DATES), from: param(DATES), to: param(DATES), segment: segments, cursor: param(['']), limit: param(['1', '50', '200']) }),
        param(STAGES),
        async (q, stage) => {
          await send({ method: 'GET', url: `/api/v1/forest${queryString({ grain: q.grain, date: q.date, segment: q.segment })}` });
          await send({ method: 'GET', url: `/api/v1/trend${queryString({ grain: q.grain, from: q.from, to: q.to, segment: q.segment })}` });
          await send({ method: 'GET', url: `/api/v1/movement${queryString({ grain: q.grain, date: q.date, segment: q.segment })}` });
          const drill = await send({
            method: 'GET',
            url: `/api/v1/stages/${pathPart(stage ?? 'phone_call')}/customers${queryString({ grain: q.grain, date: q.date, segment: q.segment, cursor: q.cursor, limit: q.limit })}`,
          });
          // A cursor from a real page, then a mangled one.
          const next = drill.statusCode === 200 ? (drill.json() as { nextCursor?: string | null }).nextCursor : null;
          if (next) await send({ method: 'GET', url: `/api/v1/stages/phone_call/customers${queryString({ cursor: `${next}${q.cursor ?? '\u0000'}` })}` });
        },
      ),
      { numRuns: RUNS },
    );
    await send({ method: 'GET', url: '/api/v1/segments' });
  }, 300_000);

  test('every hostile string in every journey query parameter at once (each string on one of the routes, in turn)', async () => {
    const routes = ['/api/v1/forest', '/api/v1/trend', '/api/v1/movement', '/api/v1/stages/phone_call/customers'];
    for (const [i, value] of HOSTILE.entries()) {
      const all = { grain: value, date: value, segment: value, from: value, to: value, cursor: value, limit: value };
      await send({ method: 'GET', url: `${routes[i % routes.length]}${queryString(all)}` });
      // and, when it looks like SQL, alone as the segment value on a real key, where it reaches the database
      if (LOOKS_LIKE_SQL.test(value)) await send({ method: 'GET', url: `/api/v1/forest${queryString({ segment: `plan:${value}` })}` });
    }
  }, 300_000);

  test('query strings whose percent-encoding is broken (%, %FF, half a surrogate pair as UTF-8)', async () => {
    for (const raw of ['%', '%G0', '%FF', '%ED%A0%80', '%C0%AF', '%00', 'a%00b:c']) {
      for (const name of ['grain', 'date', 'from', 'to', 'segment', 'cursor']) {
        await send({ method: 'GET', url: `/api/v1/forest?${name}=${raw}` });
        await send({ method: 'GET', url: `/api/v1/trend?${name}=${raw}` });
        await send({ method: 'GET', url: `/api/v1/stages/phone_call/customers?${name}=${raw}` });
      }
      await send({ method: 'GET', url: `/api/v1/stages/${raw}/customers` });
      await send({ method: 'GET', url: `/api/v1/annotations?from=${raw}` });
    }
  });

  test('annotations: query, body and id', async () => {
    await fc.assert(
      fc.asyncProperty(param(['2026-01-01', '2026-12-31']), param(['2026-06-01']), hostileValue, hostileValue, hostileString, async (from, to, occurredOn, text, id) => {
        await send({ method: 'GET', url: `/api/v1/annotations${queryString({ from, to })}` });
        const added = await send({ method: 'POST', url: '/api/v1/annotations', payload: { occurredOn, text } });
        if (added.statusCode === 201) {
          const note = added.json() as { id: number; text: string };
          expect(note.text).toBe(text); // stored exactly as sent
          await send({ method: 'DELETE', url: `/api/v1/annotations/${note.id}` });
        }
        await send({ method: 'DELETE', url: `/api/v1/annotations/${pathPart(id)}` });
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  test('settings: every string field, then the settings are put back', async () => {
    const original = (await send({ method: 'GET', url: '/api/v1/settings' })).json() as Record<string, any>;
    try {
      await fc.assert(
        fc.asyncProperty(hostileValue, hostileValue, hostileValue, hostileValue, fc.nat(3), async (label, key, channel, timezone, stage) => {
          const ladder = structuredClone(original.ladder) as Record<string, unknown>[];
          ladder[stage] = { ...ladder[stage], label, ...(stage === 3 ? { channels: [channel] } : {}) };
          await send({ method: 'PUT', url: '/api/v1/settings', payload: { ...original, ladder, timezone } });
          ladder[stage] = { ...ladder[stage], key };
          await send({ method: 'PUT', url: '/api/v1/settings', payload: { ...original, ladder, unitCosts: { ...original.unitCosts, channels: { [typeof channel === 'string' ? channel : JSON.stringify(channel)]: 1 } } } });
        }),
        { numRuns: 60 },
      );
    } finally {
      expect((await send({ method: 'PUT', url: '/api/v1/settings', payload: original })).statusCode).toBeLessThan(300);
    }
  }, 300_000);

  test('people, keys, links and sign-in: every body field and id', async () => {
    await fc.assert(
      fc.asyncProperty(hostileValue, hostileValue, hostileString, hostileValue, fc.array(hostileValue, { maxLength: 2 }), hostileValue, async (email, password, id, label, segment, expiresAt) => {
        await send({ method: 'POST', url: '/api/v1/users', payload: { email, role: 'viewer', password } });
        await send({ method: 'PUT', url: `/api/v1/users/${pathPart(id)}`, payload: { role: 'viewer' } });
        await send({ method: 'DELETE', url: `/api/v1/users/${pathPart(id)}` });
        await send({ method: 'POST', url: '/api/v1/api-keys', payload: { name: label } });
        await send({ method: 'DELETE', url: `/api/v1/api-keys/${pathPart(id)}` });
        await send({ method: 'POST', url: '/api/v1/share-links', payload: { label, segment, expiresAt } });
        await send({ method: 'DELETE', url: `/api/v1/share-links/${pathPart(id)}` });
        await send({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password }, headers: { cookie: '' } });
        await send({ method: 'POST', url: '/api/v1/auth/setup', payload: { email, password }, headers: { cookie: '' } });
        // Forged credentials: a share token and an API key made of hostile text.
        const forged = encodeURIComponent(safeForUrl(id));
        expectCleanAnswer(await target.app.inject({ method: 'GET', url: '/api/v1/forest', headers: { 'x-canopy-share': forged } }), `share ${forged}`);
        expectCleanAnswer(await target.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${forged}` }, payload: { events: [] } }), `key ${forged}`);
        // Who am I, with a forged session cookie: answers "anonymous" (401), never a 5xx.
        const me = await target.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `canopy_session=${encodeURIComponent(safeForUrl(id))}` } });
        expect(me.statusCode).toBeLessThan(500);
      }),
      // Fewer runs: each one hashes passwords (scrypt, deliberately slow).
      { numRuns: 40 },
    );
  }, 300_000);

  test('file uploads: file name, kind, time zone and a hostile body', async () => {
    await fc.assert(
      fc.asyncProperty(param(['a.csv', 'b.jsonl']), param(['customers', 'events']), param(['Europe/Berlin']), hostileString, async (filename, kind, assumeTimezone, cell) => {
        const body = `id,name\nhostile-${cell.length},${JSON.stringify(safeForUrl(cell))}\n`;
        await send({ method: 'POST', url: `/api/v1/imports${queryString({ filename, kind, assumeTimezone })}`, payload: body, headers: { 'content-type': 'application/octet-stream' } });
      }),
      { numRuns: 40 },
    );
    await send({ method: 'GET', url: '/api/v1/imports/status' });
  }, 300_000);

  test('afterwards every figure and every table is as before', async () => {
    // Hostile uploads may have added customers without events: no journey figure counts them.
    expect(await figures(target)).toEqual(before.figures);
    const after = await tables(handle());
    expect(Object.keys(after)).toEqual(Object.keys(before.tables));
    expect(after.events).toBe(before.tables.events);
  });
});
