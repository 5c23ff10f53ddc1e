import type { Grain } from '@canopy/shared/journey/periods.ts';
import { shiftDay } from '../format/calendar.ts';
import { dayInZone } from '../format/numbers.ts';
import type { RelativePeriod } from './config.ts';

// "Current week" on a wall is worked out from the wall's own clock in the deployment's time
// zone, every refresh, so it moves on by itself at local midnight on Monday (or on the
// first of the month) without anyone touching the TV. The API takes any date inside a period.

/** A date (YYYY-MM-DD) inside the period `relative` names at `now`, in `timezone`. */
export function resolvePeriodDate(relative: RelativePeriod, grain: Grain, now: Date, timezone: string): string {
  const today = dayInZone(now, timezone);
  return relative === 'current' ? today : shiftDay(today, grain, -1);
}

/** The wall-clock time of `instant` in `timezone` as HH:MM (24 h), for "data as of" and "stale since". */
export function clockTime(instant: Date | string, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
    typeof instant === 'string' ? new Date(instant) : instant,
  );
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('hour')}:${get('minute')}`;
}

/** Whether a wall up for `uptimeMs` should do its daily full reload now: at `reloadAt` (HH:MM), not twice in one minute. */
export function isReloadTime(reloadAt: string | undefined, now: Date, timezone: string, uptimeMs: number): boolean {
  return reloadAt !== undefined && uptimeMs > 90_000 && clockTime(now, timezone) === reloadAt;
}

/** The offset in pixels of the slow anti-burn-in shift at `now`: one step a minute around a 9 × 9 px square. */
export function pixelShiftAt(now: Date): { x: number; y: number } {
  const step = Math.floor(now.getTime() / 60_000) % 16;
  // Walk the square's edge: right along the top, down the right, left along the bottom, up the left.
  const side = Math.floor(step / 4);
  const along = (step % 4) * 2;
  const [x, y] = side === 0 ? [along, 0] : side === 1 ? [8, along] : side === 2 ? [8 - along, 8] : [0, 8 - along];
  return { x: x - 4, y: y - 4 };
}
