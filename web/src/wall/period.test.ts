import { describe, expect, test } from 'vitest';
import { clockTime, isReloadTime, pixelShiftAt, resolvePeriodDate } from './period.ts';

describe('resolvePeriodDate', () => {
  test.each([
    // Sunday 23:59 in New York is already Monday in UTC: the week has not rolled over there yet.
    ['current', 'week', '2026-11-30T04:59:00Z', 'America/New_York', '2026-11-29'],
    ['current', 'week', '2026-11-30T05:00:00Z', 'America/New_York', '2026-11-30'],
    ['current', 'week', '2026-11-30T04:59:00Z', 'UTC', '2026-11-30'],
    ['previous', 'week', '2026-11-30T05:00:00Z', 'America/New_York', '2026-11-23'],
    ['previous', 'month', '2026-03-01T00:30:00+01:00', 'Europe/Berlin', '2026-02-01'],
    ['previous', 'month', '2026-03-01T00:30:00+01:00', 'UTC', '2026-01-01'],
    ['current', 'month', '2026-12-31T23:30:00Z', 'Asia/Tokyo', '2027-01-01'],
    ['previous', 'quarter', '2026-01-15T12:00:00Z', 'UTC', '2025-10-01'],
    ['previous', 'day', '2026-03-29T12:00:00Z', 'Europe/Berlin', '2026-03-28'],
  ] as const)('%s %s at %s in %s is a date in the period of %s', (relative, grain, now, zone, date) => {
    expect(resolvePeriodDate(relative, grain, new Date(now), zone)).toBe(date);
  });
});

describe('clockTime', () => {
  test.each([
    ['2026-07-01T12:05:00Z', 'Europe/Berlin', '14:05'],
    ['2026-01-01T00:00:00Z', 'America/New_York', '19:00'],
    ['2026-01-01T00:00:00Z', 'UTC', '00:00'],
  ])('%s in %s reads %s', (instant, zone, time) => {
    expect(clockTime(instant, zone)).toBe(time);
  });
});

describe('isReloadTime', () => {
  const at = new Date('2026-07-01T02:00:30Z'); // 04:00 in Berlin
  test('reloads at the set minute in the deployment zone', () => expect(isReloadTime('04:00', at, 'Europe/Berlin', 3_600_000)).toBe(true));
  test('not at another minute', () => expect(isReloadTime('04:01', at, 'Europe/Berlin', 3_600_000)).toBe(false));
  test('not right after a reload (no reload loop within the minute)', () => expect(isReloadTime('04:00', at, 'Europe/Berlin', 30_000)).toBe(false));
  test('never without a reload time', () => expect(isReloadTime(undefined, at, 'Europe/Berlin', 3_600_000)).toBe(false));
});

test('the pixel shift stays within ±4 px and moves one step a minute', () => {
  const offsets = Array.from({ length: 32 }, (_, minute) => pixelShiftAt(new Date(minute * 60_000)));
  for (const { x, y } of offsets) expect(Math.max(Math.abs(x), Math.abs(y))).toBeLessThanOrEqual(4);
  for (let i = 1; i < offsets.length; i++) {
    const moved = Math.abs(offsets[i]!.x - offsets[i - 1]!.x) + Math.abs(offsets[i]!.y - offsets[i - 1]!.y);
    expect(moved).toBe(2);
  }
  expect(new Set(offsets.map((o) => `${o.x},${o.y}`)).size).toBe(16);
});
