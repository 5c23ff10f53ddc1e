import { expect, test } from 'vitest';
import { shiftDay } from './calendar.ts';

test.each([
  ['2025-03-31', 'month', -1, '2025-02-01'], // no 31 February: lands inside February
  ['2025-03-31', 'month', 1, '2025-04-01'],
  ['2025-01-15', 'month', -1, '2024-12-01'],
  ['2025-03-30', 'week', 1, '2025-04-06'],
  ['2025-03-01', 'day', -1, '2025-02-28'],
  ['2024-03-01', 'day', -1, '2024-02-29'],
  ['2025-02-10', 'quarter', -1, '2024-11-01'],
  ['2025-11-30', 'quarter', 1, '2026-02-01'],
] as const)('from %s, %s step %i lands on %s', (day, grain, steps, expected) => {
  expect(shiftDay(day, grain, steps)).toBe(expected);
});
