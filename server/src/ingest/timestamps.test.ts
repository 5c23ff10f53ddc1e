import { expect, test } from 'vitest';
import { parseTimestamp } from './timestamps.ts';

// The quick path and luxon must agree on every instant; luxon must refuse what is not a date.
test.each([
  ['2025-03-04T14:05:10Z', '2025-03-04T14:05:10.000Z'],
  ['2025-03-04T14:05:10.5Z', '2025-03-04T14:05:10.500Z'],
  ['2025-03-04T14:05:10.123+01:00', '2025-03-04T13:05:10.123Z'],
  ['2025-03-04T14:05-05:30', '2025-03-04T19:35:00.000Z'],
  ['2024-02-29T23:59:59+14:00', '2024-02-29T09:59:59.000Z'],
  ['2025-03-04T14:05:10.123456Z', '2025-03-04T14:05:10.123Z'],
  ['2025-03-04T14:05:10+0100', '2025-03-04T13:05:10.000Z'],
  ['2025-W10-2T14:05:10Z', '2025-03-04T14:05:10.000Z'],
])('reads %s as %s', (value, iso) => {
  const result = parseTimestamp('occurred_at', value);
  expect(result.ok && result.date.toISOString()).toBe(iso);
});

test.each(['2025-02-30T10:00:00Z', '2025-13-01T10:00:00Z', '2025-03-04T24:30:00Z', '2025-03-04T14:60:00Z', '2025-03-04 14:05:10', ''])(
  'refuses %j as not a timestamp',
  (value) => {
    const result = parseTimestamp('occurred_at', value);
    expect(result.ok ? 'accepted' : result.reason).toMatch(/is not an ISO 8601 timestamp/);
  },
);
