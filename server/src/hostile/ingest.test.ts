import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { rebuildRollups } from '../rollups/rebuild.ts';
import { describeEachDatabase } from '../test/databases.ts';
import { expectCleanAnswer, figures, prepareTarget, type Target } from './fixture.ts';
import { hostileString, hostileValue } from './strings.ts';

// Hostile batches through POST /events and /customers: every field of every item may be a
// naughty string or the wrong JSON type. Whatever is stored must be a valid item stored
// exactly as sent; whatever is refused must not be stored; nothing else may change.

// The fields each event type has (docs/ingestion.md), written out here rather than taken
// from the server's schema, so the check does not share the code it checks.
const FIELDS: Record<string, { required: string[]; optional: string[] }> = {
  feature_used: { required: ['feature'], optional: [] },
  help_viewed: { required: [], optional: ['article'] },
  chatbot_conversation: { required: [], optional: ['escalated', 'resolved'] },
  phone_call: { required: ['hold_seconds'], optional: ['talk_seconds'] },
  nps_response: { required: ['score'], optional: ['comment'] },
  churned: { required: [], optional: ['reason'] },
  contact: { required: ['channel'], optional: [] },
};
const VALID_VALUE: Record<string, unknown> = {
  feature: 'export', article: 'how-to', escalated: true, resolved: false, hold_seconds: 42, talk_seconds: 100, score: 7, comment: 'fine', reason: 'price', channel: 'email',
};

let counter = 0;
/** A valid event of a random type with 0 to 3 fields replaced by hostile values, sometimes an unknown field more. */
const hostileEvent = fc
  .record({
    type: fc.constantFrom(...Object.keys(FIELDS)),
    changes: fc.array(fc.tuple(fc.constantFrom('feature', 'article', 'comment', 'reason', 'channel', 'score', 'hold_seconds', 'occurred_at', 'customer_id', 'id', 'type', 'escalated'), hostileValue), { maxLength: 3 }),
    extra: fc.option(fc.tuple(hostileString, hostileValue), { freq: 4 }),
  })
  .map(({ type, changes, extra }) => {
    const n = counter++;
    const item: Record<string, unknown> = { id: `h-e-${n}`, customer_id: `h-c-${n % 7}`, type, occurred_at: '2026-05-04T10:00:00Z' };
    for (const field of [...FIELDS[type]!.required, ...FIELDS[type]!.optional]) item[field] = VALID_VALUE[field];
    for (const [field, value] of changes) item[field] = field === 'id' || field === 'customer_id' ? `h-${field}-${n}-${text(value)}` : value;
    if (extra && extra[0] !== '__proto__') item[extra[0]] = extra[1];
    return item;
  });

/** Any sent value as text (objects from fast-check may have no prototype to convert with). */
const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined');

/** True when the stored string is exactly the sent one. */
const same = (stored: unknown, sent: unknown) => (sent === undefined ? stored === null : Number.isFinite(Number(sent)) && typeof sent === 'number' ? Number(stored) === sent : stored === sent);

describeEachDatabase('hostile batches through ingestion', (handle) => {
  let target: Target;
  let before: Record<string, unknown>;
  beforeAll(async () => {
    target = await prepareTarget(handle(), 40);
    before = await figures(target);
  }, 120_000);
  afterAll(() => target?.app.close());

  test('events: valid items stored exactly as sent, invalid ones never stored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileEvent, { minLength: 1, maxLength: 6 }), async (items) => {
        const res = await target.app.inject({ method: 'POST', url: '/api/v1/events', payload: { events: items }, headers: target.ingest });
        expectCleanAnswer(res, JSON.stringify(items).slice(0, 300));
        if (res.statusCode === 400) {
          // Only a "__proto__" key refuses a whole batch, and then nothing of it is stored.
          expect(res.json().message).toContain('__proto__');
          const ids = items.map((item) => text(item.id));
          expect(await handle().db.selectFrom('events').select('id').where('id', 'in', ids).execute()).toEqual([]);
          return;
        }
        expect(res.statusCode, res.body).toBe(200);
        const answer = res.json() as { stored: number; rejected: { index: number }[] };
        const refused = new Set(answer.rejected.map((r) => r.index));
        for (const [index, item] of items.entries()) {
          if (text(item.id).includes('\u0000')) {
            // An id PostgreSQL cannot even be asked about: refused, certainly.
            expect(refused.has(index)).toBe(true);
            continue;
          }
          const row = await handle().db.selectFrom('events').selectAll().where('id', '=', text(item.id)).executeTakeFirst();
          if (refused.has(index)) {
            expect(row, `refused item ${index} was stored: ${JSON.stringify(item)}`).toBeUndefined();
            continue;
          }
          expect(row, `item ${index} neither refused nor stored`).toBeDefined();
          const spec = FIELDS[item.type as string];
          expect(spec, `stored an event of type ${JSON.stringify(item.type)}`).toBeDefined();
          const allowed = ['id', 'customer_id', 'type', 'occurred_at', ...spec!.required, ...spec!.optional];
          expect(Object.keys(item).filter((k) => !allowed.includes(k)), 'stored an item with unknown fields').toEqual([]);
          for (const field of spec!.required) expect(item[field], `stored without ${field}`).not.toBeUndefined();
          for (const field of ['feature', 'article', 'comment', 'reason', 'channel', 'customer_id'] as const) {
            if (allowed.includes(field)) expect(same(row![field], item[field]), `${field} stored as ${JSON.stringify(row![field])}, sent ${JSON.stringify(item[field])}`).toBe(true);
          }
          if (item.type === 'nps_response') expect(Number.isInteger(item.score) && (item.score as number) >= 0 && (item.score as number) <= 10).toBe(true);
          if (item.type === 'phone_call') expect(typeof item.hold_seconds === 'number' && item.hold_seconds >= 0).toBe(true);
          const year = new Date(row!.occurred_at).getUTCFullYear();
          expect(year >= 1900 && year <= 9998).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  }, 300_000);

  test('customers: names, attribute names and values stored exactly as sent, or refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ name: hostileValue, mrr: fc.oneof(fc.double(), fc.integer(), hostileValue), attributes: fc.oneof(fc.dictionary(hostileString, hostileValue, { maxKeys: 3 }), hostileValue) }), { minLength: 1, maxLength: 4 }), async (list) => {
        const items = list.map((c, i) => ({ id: `h-cust-${counter++}-${i}`, ...c }));
        const res = await target.app.inject({ method: 'POST', url: '/api/v1/customers', payload: { customers: items }, headers: target.ingest });
        expectCleanAnswer(res, JSON.stringify(items).slice(0, 300));
        if (res.statusCode === 400) {
          // Only a "__proto__" key refuses a whole batch.
          expect(res.json().message).toContain('__proto__');
          return;
        }
        const refused = new Set((res.json() as { rejected: { index: number }[] }).rejected.map((r) => r.index));
        for (const [index, item] of items.entries()) {
          const row = await handle().db.selectFrom('customers').selectAll().where('id', '=', item.id).executeTakeFirst();
          if (refused.has(index)) {
            expect(row).toBeUndefined();
            continue;
          }
          expect(row).toBeDefined();
          expect(row!.name).toBe(item.name ?? null);
          if (typeof item.mrr === 'number') expect(Number(row!.mrr) === item.mrr, `mrr ${row!.mrr} for ${item.mrr}`).toBe(true); // -0 is 0
          expect(row!.attributes).toEqual(item.attributes ?? {});
        }
      }),
      { numRuns: 60 },
    );
  }, 300_000);

  test('afterwards, with the stored hostile items taken out again, every figure is as before', async () => {
    await sql`delete from events where id like 'h-%' or customer_id like 'h-%'`.execute(handle().db);
    await sql`delete from customers where id like 'h-%'`.execute(handle().db);
    await rebuildRollups(handle().db);
    expect(await figures(target)).toEqual(before);
  });
});
