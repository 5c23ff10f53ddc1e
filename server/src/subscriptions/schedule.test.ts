import { expect, test } from 'vitest';
import { latestOccurrence, nextOccurrence, nextSendAt, reportedPeriod } from './schedule.ts';

const monday8 = (timezone: string) => ({ weekday: 1, localTime: '08:00', timezone });

test.each([
  // Europe/Berlin: CEST (UTC+2) until Sunday 25 October 2026, CET (UTC+1) after.
  ['Europe/Berlin', '2026-10-19T05:59:00Z', '2026-10-12T06:00:00.000Z', '2026-10-19T06:00:00.000Z'],
  ['Europe/Berlin', '2026-10-19T06:00:00Z', '2026-10-19T06:00:00.000Z', '2026-10-26T07:00:00.000Z'],
  ['Europe/Berlin', '2026-10-26T06:59:00Z', '2026-10-19T06:00:00.000Z', '2026-10-26T07:00:00.000Z'],
  ['Europe/Berlin', '2026-10-26T07:00:00Z', '2026-10-26T07:00:00.000Z', '2026-11-02T07:00:00.000Z'],
  // Spring forward (29 March 2026): the Monday after is 08:00 CEST = 06:00 UTC.
  ['Europe/Berlin', '2026-03-30T06:00:00Z', '2026-03-30T06:00:00.000Z', '2026-04-06T06:00:00.000Z'],
  // America/New_York: EDT (UTC−4) until Sunday 1 November 2026, EST (UTC−5) after.
  ['America/New_York', '2026-10-26T12:00:00Z', '2026-10-26T12:00:00.000Z', '2026-11-02T13:00:00.000Z'],
  ['America/New_York', '2026-11-02T12:59:00Z', '2026-10-26T12:00:00.000Z', '2026-11-02T13:00:00.000Z'],
  ['America/New_York', '2026-11-02T13:00:00Z', '2026-11-02T13:00:00.000Z', '2026-11-09T13:00:00.000Z'],
])('Monday 08:00 in %s at %s: latest %s, next %s', (timezone, now, latest, next) => {
  expect(latestOccurrence(monday8(timezone), new Date(now)).toISOString()).toBe(latest);
  expect(nextOccurrence(monday8(timezone), new Date(now)).toISOString()).toBe(next);
});

test('a local time skipped by spring-forward goes out just after the gap (Sunday 02:30 in Berlin on 29 March 2026)', () => {
  const schedule = { weekday: 7, localTime: '02:30', timezone: 'Europe/Berlin' };
  expect(nextOccurrence(schedule, new Date('2026-03-28T12:00:00Z')).toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
});

test('Sunday 23:30 in Auckland is already Sunday, a day ahead of UTC', () => {
  const schedule = { weekday: 7, localTime: '23:30', timezone: 'Pacific/Auckland' };
  expect(nextOccurrence(schedule, new Date('2026-06-01T00:00:00Z')).toISOString()).toBe('2026-06-07T11:30:00.000Z'); // NZST UTC+12
});

test.each([
  ['week', '2026-10-26T07:00:00Z', 'UTC', '2026-W43'],
  ['week', '2026-10-26T07:00:00Z', 'Europe/Berlin', '2026-W43'],
  ['month', '2026-11-02T07:00:00Z', 'UTC', '2026-10'],
  ['month', '2026-10-26T07:00:00Z', 'UTC', '2026-09'],
] as const)('a %s snapshot sent at %s (periods cut in %s) reports %s, the last complete one', (grain, at, zone, key) => {
  expect(reportedPeriod(grain, new Date(at), zone).key).toBe(key);
});

test.each([
  // Wednesday 2 December 2026: Monday 30 November reported October.
  ['week', '2026-12-02T10:00:00Z', '2026-11-01T00:00:00Z', '2026-12-07T08:00:00.000Z'],
  ['month', '2026-12-02T10:00:00Z', '2026-11-01T00:00:00Z', '2026-12-07T08:00:00.000Z'], // first Monday reporting November
  ['month', '2026-12-08T10:00:00Z', '2026-11-01T00:00:00Z', '2027-01-04T08:00:00.000Z'], // November sent on the 7th: next is January
  ['month', '2026-12-08T10:00:00Z', '2026-12-08T09:00:00Z', '2026-12-14T08:00:00.000Z'], // subscribed after the 7th: November not sent yet
] as const)('a %s subscription at %s (active since %s) next sends at %s', (grain, now, since, next) => {
  expect(nextSendAt(monday8('UTC'), grain, new Date(since), new Date(now), 'UTC').toISOString()).toBe(next);
});
