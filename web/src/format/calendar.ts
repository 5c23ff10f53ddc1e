import type { Grain } from '@canopy/shared/journey/periods.ts';

// Calendar arithmetic on YYYY-MM-DD strings, enough to step from a date inside one period
// to a date inside the previous or next one. Done on the calendar (UTC noon, no clocks),
// so no time zone can move a day; the server cuts the actual period in its own zone.

function parse(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 12));
}

function print(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A date inside the period `steps` periods of `grain` away from the one containing `day`. */
export function shiftDay(day: string, grain: Grain, steps: number): string {
  const date = parse(day);
  switch (grain) {
    case 'day':
      date.setUTCDate(date.getUTCDate() + steps);
      break;
    case 'week':
      date.setUTCDate(date.getUTCDate() + 7 * steps);
      break;
    case 'month':
      date.setUTCDate(1);
      date.setUTCMonth(date.getUTCMonth() + steps);
      break;
    case 'quarter':
      date.setUTCDate(1);
      date.setUTCMonth(date.getUTCMonth() + 3 * steps);
      break;
  }
  return print(date);
}

/** Today's calendar date in `timezone`. */
export function todayIn(timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts;
}
