import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  nextPeriod,
  parseDateInput,
  parseGrain,
  parseZone,
  isValidZone,
  periodContaining,
  periodContains,
  periodFromKey,
  periodLabel,
  periodPhrase,
  periodsBetween,
  previousPeriod,
  type Grain,
} from './periods.ts';

const hours = (p: { start: Date; end: Date }) => (p.end.getTime() - p.start.getTime()) / 3_600_000;
const iso = (d: Date) => d.toISOString();

describe('periodContaining', () => {
  test.each<[Grain, string, string, string, string, string]>([
    ['day', '2025-03-15', 'UTC', '2025-03-15T00:00:00.000Z', '2025-03-16T00:00:00.000Z', '2025-03-15'],
    ['week', '2025-03-05', 'UTC', '2025-03-03T00:00:00.000Z', '2025-03-10T00:00:00.000Z', '2025-W10'],
    ['week', '2025-03-09', 'UTC', '2025-03-03T00:00:00.000Z', '2025-03-10T00:00:00.000Z', '2025-W10'], // Sunday ends the week
    ['week', '2025-03-10', 'UTC', '2025-03-10T00:00:00.000Z', '2025-03-17T00:00:00.000Z', '2025-W11'], // Monday starts one
    ['week', '2024-12-31', 'UTC', '2024-12-30T00:00:00.000Z', '2025-01-06T00:00:00.000Z', '2025-W01'], // ISO week year
    ['week', '2021-01-01', 'UTC', '2020-12-28T00:00:00.000Z', '2021-01-04T00:00:00.000Z', '2020-W53'],
    ['month', '2025-03-31', 'UTC', '2025-03-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z', '2025-03'],
    ['month', '2024-02-29', 'UTC', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', '2024-02'],
    ['quarter', '2025-03-31', 'UTC', '2025-01-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z', '2025-Q1'],
    ['quarter', '2025-10-01', 'UTC', '2025-10-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2025-Q4'],
    ['month', '2025-03-15', 'Europe/Berlin', '2025-02-28T23:00:00.000Z', '2025-03-31T22:00:00.000Z', '2025-03'],
    ['day', '2025-03-15', 'America/New_York', '2025-03-15T04:00:00.000Z', '2025-03-16T04:00:00.000Z', '2025-03-15'],
  ])('%s containing %s in %s is [%s, %s) keyed %s', (grain, date, zone, start, end, key) => {
    const period = periodContaining(grain, date, zone);
    expect({ start: iso(period.start), end: iso(period.end), key: period.key, timezone: period.timezone }).toEqual({
      start,
      end,
      key,
      timezone: zone,
    });
  });

  test('the spec example: 2025-03-31T23:59:59Z is still March in UTC, but April in Europe/Berlin', () => {
    expect(periodContaining('month', '2025-03-31T23:59:59Z', 'UTC').key).toBe('2025-03');
    expect(periodContaining('month', '2025-03-31T23:59:59Z', 'Europe/Berlin').key).toBe('2025-04');
  });

  test('a Date is the instant it holds; a timestamp without offset is wall-clock time in the zone', () => {
    expect(periodContaining('day', new Date('2025-03-15T23:30:00Z'), 'Europe/Berlin').key).toBe('2025-03-16');
    expect(periodContaining('day', '2025-03-15T23:30', 'Europe/Berlin').key).toBe('2025-03-15');
    expect(periodContaining('day', '2025-03-15T23:30:00+00:00', 'Europe/Berlin').key).toBe('2025-03-16');
  });

  test('the zone defaults to UTC', () => {
    expect(iso(periodContaining('day', '2025-03-15').start)).toBe('2025-03-15T00:00:00.000Z');
  });
});

describe('periods cut before are kept', () => {
  test('asking again gives the same period, as a copy the caller may change', () => {
    const first = periodContaining('month', '2025-03-15', 'Europe/Berlin');
    first.start.setTime(0);
    first.end.setTime(0);
    first.key = 'changed';
    const again = periodContaining('month', '2025-03-15', 'Europe/Berlin');
    expect({ start: iso(again.start), end: iso(again.end), key: again.key }).toEqual({
      start: '2025-02-28T23:00:00.000Z',
      end: '2025-03-31T22:00:00.000Z',
      key: '2025-03',
    });
  });

  test('the same date in another zone or grain, or as an instant, is its own period', () => {
    expect(periodContaining('month', '2025-03-01', 'UTC').start.toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(periodContaining('month', '2025-03-01', 'Europe/Berlin').start.toISOString()).toBe('2025-02-28T23:00:00.000Z');
    expect(periodContaining('week', '2025-03-01', 'UTC').key).toBe('2025-W09');
    // The instant 2025-03-01T00:30Z is still February in New York.
    expect(periodContaining('month', new Date('2025-03-01T00:30:00Z'), 'America/New_York').key).toBe('2025-02');
    expect(periodContaining('month', '2025-03-01T00:30:00Z', 'America/New_York').key).toBe('2025-02');
  });

  test('a refused input is refused every time', () => {
    for (let i = 0; i < 3; i++) {
      expect(() => periodContaining('month', '2025-02-30', 'UTC')).toThrow(RangeError);
      expect(() => periodContaining('month', '2025-03-01', 'Mars/Olympus')).toThrow();
    }
  });
});

describe('daylight saving in Europe/Berlin', () => {
  test.each([
    ['2025-03-30', 'day', 23], // clocks go forward at 02:00
    ['2025-10-26', 'day', 25], // clocks go back at 03:00
    ['2025-03-29', 'day', 24],
    ['2025-03-30', 'week', 167], // Monday 24 March to Monday 31 March
    ['2025-10-26', 'week', 169],
    ['2025-03-12', 'week', 168],
    ['2025-03-01', 'month', 31 * 24 - 1],
    ['2025-10-01', 'month', 31 * 24 + 1],
  ] as const)('the %s containing %s lasts %i hours', (date, grain, expected) => {
    expect(hours(periodContaining(grain, date, 'Europe/Berlin'))).toBe(expected);
  });

  test('the spring week runs from local midnight Monday to local midnight Monday', () => {
    const week = periodContaining('week', '2025-03-30', 'Europe/Berlin');
    expect(iso(week.start)).toBe('2025-03-23T23:00:00.000Z'); // 00:00 CET
    expect(iso(week.end)).toBe('2025-03-30T22:00:00.000Z'); // 00:00 CEST
    expect(week.key).toBe('2025-W13');
  });

  test('the autumn day: 00:00 CEST to 00:00 CET', () => {
    const day = periodContaining('day', '2025-10-26', 'Europe/Berlin');
    expect([iso(day.start), iso(day.end)]).toEqual(['2025-10-25T22:00:00.000Z', '2025-10-26T23:00:00.000Z']);
  });

  test('a zone that skips midnight starts the day when the day starts (America/Santiago, 7 Sep 2025)', () => {
    const day = periodContaining('day', '2025-09-07', 'America/Santiago');
    expect(hours(day)).toBe(23);
    expect(previousPeriod(day).end).toEqual(day.start);
    expect(nextPeriod(day).start).toEqual(day.end);
  });
});

describe('previous, next and between', () => {
  test.each<[Grain, string, string, string]>([
    ['day', '2025-03-01', '2025-02-28', '2025-03-02'],
    ['week', '2025-01-01', '2024-W52', '2025-W02'],
    ['month', '2025-01-15', '2024-12', '2025-02'],
    ['quarter', '2025-01-15', '2024-Q4', '2025-Q2'],
  ])('the %s around %s: previous %s, next %s', (grain, date, previous, next) => {
    const period = periodContaining(grain, date, 'Europe/Berlin');
    expect(previousPeriod(period).key).toBe(previous);
    expect(nextPeriod(period).key).toBe(next);
    expect(previousPeriod(period).end).toEqual(period.start);
    expect(nextPeriod(period).start).toEqual(period.end);
  });

  test('periodsBetween includes the periods containing both ends', () => {
    expect(periodsBetween('month', '2025-01-31', '2025-04-01', 'UTC').map((p) => p.key)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
    ]);
    expect(periodsBetween('week', '2025-03-26', '2025-04-02', 'Europe/Berlin').map((p) => p.key)).toEqual(['2025-W13', '2025-W14']);
    expect(periodsBetween('day', '2025-03-29', '2025-03-31', 'Europe/Berlin').map(hours)).toEqual([24, 23, 24]);
    expect(periodsBetween('quarter', '2025-02-01', '2025-02-02')).toHaveLength(1);
  });

  test('periodsBetween refuses a range longer than the limit, and a reversed range', () => {
    expect(() => periodsBetween('day', '2000-01-01', '2025-01-01')).toThrow(/more than the limit of 1000/);
    expect(periodsBetween('day', '2025-01-01', '2025-01-10', 'UTC', 10)).toHaveLength(10);
    expect(() => periodsBetween('day', '2025-01-01', '2025-01-11', 'UTC', 10)).toThrow(/11 days, more than the limit of 10/);
    expect(() => periodsBetween('month', '2025-03-01', '2025-01-01')).toThrow(/starts \(2025-03\) after it ends \(2025-01\)/);
  });

  test('property: periodsBetween is every period from the first to the last, each starting where the one before ended', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Grain>('day', 'week', 'month', 'quarter'),
        fc.constantFrom('UTC', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/Santiago'),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 400 * 86_400_000 }),
        (grain, zone, from, span) => {
          const to = new Date(from.getTime() + span);
          const periods = periodsBetween(grain, from, to, zone);
          expect(periods[0]).toEqual(periodContaining(grain, from, zone));
          expect(periods[periods.length - 1]).toEqual(periodContaining(grain, to, zone));
          for (let i = 1; i < periods.length; i++) expect(periods[i]!.start).toEqual(periods[i - 1]!.end);
        },
      ),
      { numRuns: 60 }, // each run walks up to ~400 days
    );
  });

  test('consecutive periods tile time with no gap or overlap, in any zone and grain', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Grain>('day', 'week', 'month', 'quarter'),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata'),
        fc.date({ min: new Date('1990-01-01'), max: new Date('2060-01-01'), noInvalidDate: true }),
        (grain, zone, date) => {
          const period = periodContaining(grain, date, zone);
          expect(periodContains(period, date)).toBe(true);
          expect(nextPeriod(period).start).toEqual(period.end);
          expect(previousPeriod(period).end).toEqual(period.start);
          expect(periodFromKey(period.key, zone)).toEqual(period);
        },
      ),
    );
  });
});

describe('labels', () => {
  test.each<[Grain, string, string, string]>([
    ['day', '2025-03-15', '15 March 2025', 'on 15 March 2025'],
    ['week', '2025-03-05', 'week of 3 Mar 2025', 'in the week of 3 Mar 2025'],
    ['month', '2025-03-15', 'March 2025', 'in March 2025'],
    ['quarter', '2025-02-15', 'Q1 2025', 'in Q1 2025'],
  ])('a %s reads as %s', (grain, date, label, phrase) => {
    const period = periodContaining(grain, date, 'Europe/Berlin');
    expect(periodLabel(period)).toBe(label);
    expect(periodPhrase(period)).toBe(phrase);
  });

  test.each([
    ['2025-03-15', 'day'],
    ['2025-W10', 'week'],
    ['2025-03', 'month'],
    ['2025-Q1', 'quarter'],
    ['2020-W53', 'week'],
  ])('periodFromKey reads %s back as a %s', (key, grain) => {
    const period = periodFromKey(key, 'Europe/Berlin');
    expect([period.key, period.grain]).toEqual([key, grain]);
  });

  test.each(['2025-W53', '2025-02-30', '2025-13', '2025-Q5', 'March 2025', '2025-3'])('periodFromKey refuses %s', (key) => {
    expect(() => periodFromKey(key)).toThrow(/is not a period/);
  });
});

describe('parsing', () => {
  test('refuses an unknown grain, naming the grains that exist', () => {
    expect(() => parseGrain('year')).toThrow('"year" is not a grain: use one of day, week, month, quarter.');
    expect(() => periodContaining('fortnight' as Grain, '2025-03-01')).toThrow(/not a grain/);
    expect(parseGrain('week')).toBe('week');
  });

  test('refuses an unknown time zone', () => {
    expect(() => parseZone('Mars/Olympus')).toThrow('"Mars/Olympus" is not a time zone: use an IANA name such as UTC or Europe/Berlin.');
    expect(() => periodContaining('day', '2025-03-01', 'CEST+1')).toThrow(/not a time zone/);
  });

  test('a zone is judged the same the first time and every time after (valid ones are remembered)', () => {
    for (let i = 0; i < 3; i++) {
      expect(isValidZone('Europe/Berlin')).toBe(true);
      expect(isValidZone('America/New_York')).toBe(true);
      expect(isValidZone('Mars/Olympus')).toBe(false);
      expect(isValidZone('')).toBe(false);
    }
  });

  test.each(['2025-02-30', '2025-13-01', 'yesterday', '2025-03', '2025-W10', '', '15/03/2025', '2025-03-15T25:00'])(
    'refuses the date %j',
    (value) => {
      expect(() => parseDateInput(value, 'UTC')).toThrow(/is not a date/);
    },
  );

  test('refuses an invalid Date', () => {
    expect(() => periodContaining('day', new Date('nonsense'))).toThrow('Invalid Date is not a date');
  });
});
