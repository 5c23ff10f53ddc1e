import { EVENT_TYPES } from '@canopy/shared';
import { describe, expect, test } from 'vitest';
import { quotedId, validateCustomer, validateEvent } from './validate.ts';

const now = new Date('2025-06-01T12:00:00Z');
const base = { id: 'e1', customer_id: 'acme-42', occurred_at: '2025-03-04T14:05:10+01:00' };
const validByType = {
  feature_used: { ...base, type: 'feature_used', feature: 'reports' },
  help_viewed: { ...base, type: 'help_viewed' },
  chatbot_conversation: { ...base, type: 'chatbot_conversation' },
  phone_call: { ...base, type: 'phone_call', hold_seconds: 75 },
  nps_response: { ...base, type: 'nps_response', score: 9 },
  churned: { ...base, type: 'churned' },
  contact: { ...base, type: 'contact', channel: 'email' },
};

function reasonsFor(item: unknown, options = {}) {
  const result = validateEvent(item, { now, ...options });
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.row)}`);
  return result.reasons;
}

describe('validateEvent', () => {
  test.each(EVENT_TYPES)('accepts a minimal valid %s event', (type) => {
    const result = validateEvent(validByType[type], { now });
    expect(result.ok).toBe(true);
  });

  test.each([
    ['feature_used', 'feature'],
    ['phone_call', 'hold_seconds'],
    ['nps_response', 'score'],
    ['contact', 'channel'],
  ] as const)('rejects a %s event missing its required field %s', (type, field) => {
    const item: Record<string, unknown> = { ...validByType[type] };
    delete item[field];
    expect(reasonsFor(item)).toEqual([`missing required field "${field}" for type ${type}`]);
  });

  test.each(['id', 'customer_id', 'occurred_at'])('rejects an event missing the common field %s', (field) => {
    const item: Record<string, unknown> = { ...validByType.churned };
    delete item[field];
    expect(reasonsFor(item)).toEqual([`missing required field "${field}" for type churned`]);
  });

  test.each([
    ['an unknown field, naming it and the likely field', { ...validByType.phone_call, hold_secs: 3 }, 'unknown field "hold_secs" (did you mean "hold_seconds"?)'],
    ['a field of another type, saying which', { ...validByType.phone_call, score: 3 }, 'unknown field "score" for type phone_call (it belongs to nps_response events)'],
    ['an nps score of 7.5', { ...validByType.nps_response, score: 7.5 }, '"score" must be a whole number from 0 to 10 (got 7.5)'],
    ['an nps score of 11', { ...validByType.nps_response, score: 11 }, '"score" must be a whole number from 0 to 10 (got 11)'],
    ['an nps score sent as a string', { ...validByType.nps_response, score: '9' }, '"score" must be a whole number from 0 to 10 (got "9")'],
    ['a negative hold_seconds', { ...validByType.phone_call, hold_seconds: -5 }, '"hold_seconds" must be a number of 0 or more (got -5)'],
    ['an escalated flag that is not a boolean', { ...validByType.chatbot_conversation, escalated: 'yes' }, '"escalated" must be true or false (got "yes")'],
    ['a feature that is not a string', { ...validByType.feature_used, feature: 5 }, '"feature" must be a string (got 5)'],
    ['a customer_id that is a number', { ...validByType.churned, customer_id: 42 }, '"customer_id" must be a string (got 42)'],
    ['an empty id', { ...validByType.churned, id: '' }, '"id" must not be empty'],
    ['a 10,000-character customer_id', { ...validByType.churned, customer_id: 'c'.repeat(10_000) }, '"customer_id" is longer than 256 characters'],
    ['a 2 MB comment', { ...validByType.nps_response, comment: 'x'.repeat(2 * 1024 * 1024) }, '"comment" is longer than 10000 characters'],
    ['a timestamp without offset', { ...validByType.churned, occurred_at: '2025-03-04T14:05:10' }, '"occurred_at" has no time-zone offset (got "2025-03-04T14:05:10"): add Z or +01:00, or import with --assume-timezone'],
    ['a date without a time', { ...validByType.churned, occurred_at: '2025-03-04' }, '"occurred_at" has no time-zone offset (got "2025-03-04"): add Z or +01:00, or import with --assume-timezone'],
    ['a timestamp that is not ISO 8601', { ...validByType.churned, occurred_at: 'yesterday' }, '"occurred_at" is not an ISO 8601 timestamp (got "yesterday"): use e.g. 2025-03-04T14:05:10+01:00'],
    ['a timestamp in 2099', { ...validByType.churned, occurred_at: '2099-01-01T00:00:00Z' }, '"occurred_at" is more than a day in the future (2099-01-01T00:00:00.000Z; the server clock says 2025-06-01T12:00:00.000Z)'],
    ['an unknown type', { ...base, type: 'phonecall' }, 'unknown type "phonecall": use one of feature_used, help_viewed, chatbot_conversation, phone_call, nps_response, churned, contact'],
    ['a missing type', { ...base }, 'missing required field "type": use one of feature_used, help_viewed, chatbot_conversation, phone_call, nps_response, churned, contact'],
    ['a string holding a NUL character', { ...validByType.feature_used, feature: 'a\u0000b' }, '"feature" contains a NUL character (\\u0000), which cannot be stored'],
    ['a string holding half a surrogate pair', { ...validByType.churned, reason: 'x\uD800' }, '"reason" is not valid Unicode: it contains half of a surrogate pair'],
  ])('rejects %s', (_name, item, reason) => {
    expect(reasonsFor(item)).toEqual([reason]);
  });

  test.each([
    ['a string', 'hello', 'an event must be a JSON object (got "hello")'],
    ['null', null, 'an event must be a JSON object (got null)'],
    ['a list', [1, 2], 'an event must be a JSON object (got a list)'],
    ['a number', 7, 'an event must be a JSON object (got 7)'],
  ])('rejects an item that is %s', (_name, item, reason) => {
    expect(reasonsFor(item)).toEqual([reason]);
  });

  test('reports every reason of an item, not only the first', () => {
    const reasons = reasonsFor({ id: 5, type: 'phone_call', occurred_at: '2025-03-04T14:05:10', hold_secs: 1, talk_seconds: -1 });
    expect(reasons).toEqual(
      expect.arrayContaining([
        'missing required field "customer_id" for type phone_call',
        'missing required field "hold_seconds" for type phone_call',
        'unknown field "hold_secs" (did you mean "hold_seconds"?)',
        '"id" must be a string (got 5)',
        '"talk_seconds" must be a number of 0 or more (got -1)',
        expect.stringContaining('"occurred_at" has no time-zone offset'),
      ]),
    );
    expect(reasons).toHaveLength(6);
  });

  test('still checks the common fields of an event of unknown type', () => {
    expect(reasonsFor({ ...base, type: 'fax', customer_id: '' })).toEqual([
      expect.stringContaining('unknown type "fax"'),
      '"customer_id" must not be empty',
    ]);
  });

  test('accepts an event up to a day ahead of the server clock', () => {
    expect(validateEvent({ ...validByType.churned, occurred_at: '2025-06-02T11:59:00Z' }, { now }).ok).toBe(true);
  });

  test('reads an offset-less timestamp in the zone the import names', () => {
    const result = validateEvent({ ...validByType.churned, occurred_at: '2025-03-04T14:05:10' }, { now, assumeTimezone: 'Europe/Berlin' });
    expect(result.ok && result.row.occurred_at.toISOString()).toBe('2025-03-04T13:05:10.000Z');
  });

  test('keeps the offset a timestamp names even when a zone is assumed', () => {
    const result = validateEvent({ ...validByType.churned, occurred_at: '2025-03-04T14:05:10Z' }, { now, assumeTimezone: 'Europe/Berlin' });
    expect(result.ok && result.row.occurred_at.toISOString()).toBe('2025-03-04T14:05:10.000Z');
  });

  test('stores an absent chatbot escalated as false, and other types without one as null', () => {
    const chat = validateEvent(validByType.chatbot_conversation, { now });
    const call = validateEvent(validByType.phone_call, { now });
    expect(chat.ok && chat.row.escalated).toBe(false);
    expect(call.ok && call.row.escalated).toBe(null);
  });

  test('keeps strings exactly as sent, spaces included', () => {
    const result = validateEvent({ ...validByType.feature_used, id: ' e1 ', feature: '  reports\t' }, { now });
    expect(result.ok && [result.row.id, result.row.feature]).toEqual([' e1 ', '  reports\t']);
  });

  test('turns a valid phone call into a full row with its numbers', () => {
    const result = validateEvent({ ...validByType.phone_call, talk_seconds: 410.5 }, { now });
    expect(result).toEqual({
      ok: true,
      row: {
        id: 'e1', customer_id: 'acme-42', type: 'phone_call', occurred_at: new Date('2025-03-04T13:05:10Z'),
        feature: null, article: null, escalated: null, resolved: null, hold_seconds: 75, talk_seconds: 410.5,
        score: null, comment: null, reason: null, channel: null,
      },
    });
  });
});

describe('validateCustomer', () => {
  test('keeps only the fields that were sent', () => {
    expect(validateCustomer({ id: 'acme-42', mrr: 0 })).toEqual({ ok: true, row: { id: 'acme-42', mrr: 0 } });
  });

  test('parses created_at and keeps attributes', () => {
    const result = validateCustomer({ id: 'a', created_at: '2025-01-15T09:30:00Z', attributes: { plan: 'pro' } });
    expect(result).toEqual({ ok: true, row: { id: 'a', created_at: new Date('2025-01-15T09:30:00Z'), attributes: { plan: 'pro' } } });
  });

  test.each([
    ['a negative mrr', { id: 'a', mrr: -1 }, ['"mrr" must be a number of 0 or more (got -1)']],
    ['an attribute that is not a string', { id: 'a', attributes: { seats: 5 } }, ['attribute "seats" must be a string (got 5)']],
    ['attributes that are not an object', { id: 'a', attributes: 'pro' }, ['"attributes" must be an object of string values, like {"plan": "pro"} (got "pro")']],
    ['an empty attribute name', { id: 'a', attributes: { '': 'x' } }, ['attribute names must be 1 to 100 characters (got "")']],
    ['an unknown field', { id: 'a', plan: 'pro' }, ['unknown field "plan"']],
    ['a missing id', { name: 'Acme' }, ['missing required field "id"']],
    ['a created_at without offset', { id: 'a', created_at: '2025-01-15 09:30' }, [expect.stringContaining('"created_at"')]],
  ])('rejects a customer with %s', (_name, item, reasons) => {
    const result = validateCustomer(item);
    expect(result.ok ? [] : result.reasons).toEqual(reasons);
  });
});

describe('quotedId', () => {
  test.each([
    [{ id: 'e1' }, 'e1'],
    [{ id: 5 }, null],
    ['e1', null],
    [{ id: 'x'.repeat(300) }, `${'x'.repeat(256)}…`],
  ])('quotes %j as %j', (item, id) => {
    expect(quotedId(item)).toBe(id);
  });
});
