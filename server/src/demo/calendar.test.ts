import { describe, expect, test } from 'vitest';
import { demoMonths } from './calendar.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const end = new Date('2026-11-23T15:30:00Z');

describe('demoMonths', () => {
  test.each([
    ['UTC', '2025-12-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'],
    ['Europe/Berlin', '2025-11-30T23:00:00.000Z', '2026-04-30T22:00:00.000Z'],
    ['America/New_York', '2025-12-01T05:00:00.000Z', '2026-05-01T04:00:00.000Z'],
    ['Asia/Kolkata', '2025-11-30T18:30:00.000Z', '2026-04-30T18:30:00.000Z'],
  ])('starts each month at local midnight in %s, across daylight-saving changes', (zone, first, sixth) => {
    const months = demoMonths(end, 12, zone);
    expect(months).toHaveLength(12);
    expect(iso(months[0]!.start)).toBe(first);
    expect(iso(months[5]!.start)).toBe(sixth);
    expect(months.map((m) => m.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  test('ends the last month at the end and chains the others without gaps', () => {
    const months = demoMonths(end, 12, 'Europe/Berlin');
    expect(months[11]!.end).toBe(end.getTime());
    for (let i = 1; i < months.length; i++) expect(months[i]!.start).toBe(months[i - 1]!.end);
  });

  test('counts back across a year boundary', () => {
    const months = demoMonths(new Date('2026-02-10T00:00:00Z'), 3, 'UTC');
    expect(months.map((m) => iso(m.start))).toEqual(['2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
  });
});
