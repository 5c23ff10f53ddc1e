import { sql } from 'kysely';
import { beforeEach, expect, test } from 'vitest';
import { describeEachDatabase } from '../test/databases.ts';
import type { EventRow } from './rows.ts';
import { storeCustomers, storeEvents } from './store.ts';

const event = (id: string, customer_id: string, occurred_at: string, extra: Partial<EventRow> = {}): EventRow => ({
  id, customer_id, type: 'feature_used', occurred_at: new Date(occurred_at), feature: 'reports', article: null,
  escalated: null, resolved: null, hold_seconds: null, talk_seconds: null, score: null, comment: null, reason: null,
  channel: null, ...extra,
});

describeEachDatabase('storing events and customers', (handle) => {
  const db = () => handle().db;
  beforeEach(async () => {
    await sql`truncate events, customers cascade`.execute(db());
  });
  const customer = async (id: string) => db().selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  test('stores new events and creates their unknown customers', async () => {
    const result = await storeEvents(db(), [event('e1', 'c1', '2025-03-02T10:00:00Z'), event('e2', 'c2', '2025-03-03T10:00:00Z')]);
    expect(result).toEqual({ stored: 2, duplicates: 0 });
    const ids = await db().selectFrom('customers').select('id').orderBy('id').execute();
    expect(ids.map((c) => c.id)).toEqual(['c1', 'c2']);
  });

  test('counts an event id already stored as a duplicate and keeps the first version', async () => {
    await storeEvents(db(), [event('e1', 'c1', '2025-03-02T10:00:00Z')]);
    const again = await storeEvents(db(), [event('e1', 'c1', '2025-03-02T10:00:00Z', { feature: 'changed' }), event('e2', 'c1', '2025-03-04T10:00:00Z')]);
    expect(again).toEqual({ stored: 1, duplicates: 1 });
    const stored = await db().selectFrom('events').select(['id', 'feature']).orderBy('id').execute();
    expect(stored).toEqual([{ id: 'e1', feature: 'reports' }, { id: 'e2', feature: 'reports' }]);
  });

  test('stores the same id twice in one batch once and counts the second as a duplicate', async () => {
    const result = await storeEvents(db(), [event('e1', 'c1', '2025-03-02T10:00:00Z', { feature: 'first' }), event('e1', 'c1', '2025-03-02T10:00:00Z', { feature: 'second' })]);
    expect(result).toEqual({ stored: 1, duplicates: 1 });
    const stored = await db().selectFrom('events').select('feature').execute();
    expect(stored).toEqual([{ feature: 'first' }]);
  });

  test('keeps first_seen_at at the earliest stored event, whatever order events arrive in', async () => {
    await storeEvents(db(), [event('e1', 'c1', '2025-03-10T00:00:00Z')]);
    expect((await customer('c1')).first_seen_at).toEqual(new Date('2025-03-10T00:00:00Z'));
    await storeEvents(db(), [event('e2', 'c1', '2025-03-20T00:00:00Z'), event('e3', 'c1', '2025-03-05T00:00:00Z')]);
    expect((await customer('c1')).first_seen_at).toEqual(new Date('2025-03-05T00:00:00Z'));
  });

  test('sets first_seen_at of a customer that was created without events', async () => {
    await storeCustomers(db(), [{ id: 'c1', name: 'Acme' }]);
    expect((await customer('c1')).first_seen_at).toBeNull();
    await storeEvents(db(), [event('e1', 'c1', '2025-03-10T00:00:00Z')]);
    expect((await customer('c1')).first_seen_at).toEqual(new Date('2025-03-10T00:00:00Z'));
  });

  test('stores every column of an event as given', async () => {
    await storeEvents(db(), [event('e1', 'c1', '2025-03-02T10:00:00.123Z', { type: 'phone_call', feature: null, hold_seconds: 75.5, talk_seconds: 410 }), event('e2', 'c1', '2025-03-02T10:00:00Z', { type: 'nps_response', feature: null, score: 9, comment: ' "quoted", {braced} \\ back ' })]);
    const rows = await db().selectFrom('events').select(['id', 'occurred_at', 'hold_seconds', 'talk_seconds', 'score', 'comment', 'demo']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'e1', occurred_at: new Date('2025-03-02T10:00:00.123Z'), hold_seconds: 75.5, talk_seconds: 410, score: null, comment: null, demo: false },
      { id: 'e2', occurred_at: new Date('2025-03-02T10:00:00Z'), hold_seconds: null, talk_seconds: null, score: 9, comment: ' "quoted", {braced} \\ back ', demo: false },
    ]);
  });

  test('marks demo events and the customers they create as demo', async () => {
    await storeEvents(db(), [event('e1', 'c1', '2025-03-02T10:00:00Z')], { demo: true });
    expect((await customer('c1')).demo).toBe(true);
    expect((await db().selectFrom('events').select('demo').executeTakeFirstOrThrow()).demo).toBe(true);
  });

  test('replaces only the customer fields that were sent', async () => {
    await storeCustomers(db(), [{ id: 'c1', name: 'Acme', mrr: 100, created_at: new Date('2024-01-01T00:00:00Z'), attributes: { plan: 'pro', region: 'EU' } }]);
    const result = await storeCustomers(db(), [{ id: 'c1', mrr: 250 }]);
    expect(result).toEqual({ stored: 1, duplicates: 0 });
    expect(await customer('c1')).toMatchObject({ name: 'Acme', mrr: 250, created_at: new Date('2024-01-01T00:00:00Z'), attributes: { plan: 'pro', region: 'EU' } });
  });

  test('replaces the whole attribute map when attributes are sent', async () => {
    await storeCustomers(db(), [{ id: 'c1', attributes: { plan: 'pro', region: 'EU' } }]);
    await storeCustomers(db(), [{ id: 'c1', attributes: { plan: 'enterprise' } }]);
    expect((await customer('c1')).attributes).toEqual({ plan: 'enterprise' });
  });

  test('merges the same customer twice in one batch in order, later fields winning', async () => {
    const result = await storeCustomers(db(), [{ id: 'c1', name: 'Old', mrr: 5 }, { id: 'c1', name: 'New' }]);
    expect(result).toEqual({ stored: 2, duplicates: 0 });
    expect(await customer('c1')).toMatchObject({ name: 'New', mrr: 5 });
  });

  test('counts a customer already stored exactly as sent as a duplicate', async () => {
    const batch = [{ id: 'c1', name: 'Acme', attributes: { plan: 'pro' } }, { id: 'c2', mrr: 10 }];
    expect(await storeCustomers(db(), batch)).toEqual({ stored: 2, duplicates: 0 });
    expect(await storeCustomers(db(), batch)).toEqual({ stored: 0, duplicates: 2 });
    expect(await storeCustomers(db(), [{ id: 'c1', name: 'Acme' }, { id: 'c2', mrr: 11 }])).toEqual({ stored: 1, duplicates: 1 });
  });

  test('stores nothing and answers zero for an empty batch', async () => {
    expect(await storeEvents(db(), [])).toEqual({ stored: 0, duplicates: 0 });
    expect(await storeCustomers(db(), [])).toEqual({ stored: 0, duplicates: 0 });
  });
});
