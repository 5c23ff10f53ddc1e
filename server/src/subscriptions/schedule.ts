import { periodContaining, previousPeriod, type Period } from '@canopy/shared';
import { DateTime } from 'luxon';

// When a subscription's email goes out, and which period it reports. A schedule is a
// weekday and a wall-clock time in the recipients' IANA time zone, so 08:00 stays 08:00
// for them across daylight-saving changes. A local time that does not exist that day
// (skipped by a spring-forward) is moved forward by the gap (02:30 becomes 03:30).

/** A weekly moment in a time zone: 1 = Monday … 7 = Sunday, HH:MM. */
export interface Schedule {
  weekday: number;
  localTime: string;
  timezone: string;
}

function atWeekday(schedule: Schedule, anyDayOfWeek: DateTime): DateTime {
  const [hour, minute] = schedule.localTime.split(':').map(Number) as [number, number];
  const day = anyDayOfWeek.startOf('week').plus({ days: schedule.weekday - 1 });
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: schedule.timezone });
}

/** The latest scheduled moment at or before `now`. */
export function latestOccurrence(schedule: Schedule, now: Date): Date {
  const local = DateTime.fromJSDate(now, { zone: schedule.timezone });
  let at = atWeekday(schedule, local);
  if (at.toMillis() > now.getTime()) at = atWeekday(schedule, local.minus({ weeks: 1 }));
  return at.toJSDate();
}

/** The first scheduled moment strictly after `now`. */
export function nextOccurrence(schedule: Schedule, now: Date): Date {
  const local = DateTime.fromJSDate(now, { zone: schedule.timezone });
  let at = atWeekday(schedule, local);
  if (at.toMillis() <= now.getTime()) at = atWeekday(schedule, local.plus({ weeks: 1 }));
  return at.toJSDate();
}

/** The period an email sent at `at` reports: the last complete week or month, cut in the deployment's time zone. */
export function reportedPeriod(grain: 'week' | 'month', at: Date, deploymentTimezone: string): Period {
  return previousPeriod(periodContaining(grain, at, deploymentTimezone));
}

/**
 * When a subscription next sends: its next scheduled moment for weekly reports; for monthly
 * ones the first scheduled moment that reports a month not sent yet (a month's report goes
 * out once, on the first scheduled day after the month ends).
 */
export function nextSendAt(schedule: Schedule, grain: 'week' | 'month', activeSince: Date, now: Date, deploymentTimezone: string): Date {
  let at = nextOccurrence(schedule, now);
  if (grain === 'week') return at;
  const latest = latestOccurrence(schedule, now);
  const sentKey = latest.getTime() >= activeSince.getTime() ? reportedPeriod(grain, latest, deploymentTimezone).key : null;
  for (let i = 0; i < 6 && reportedPeriod(grain, at, deploymentTimezone).key === sentKey; i++) at = nextOccurrence(schedule, at);
  return at;
}
