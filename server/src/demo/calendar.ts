// The demo's months are calendar months in the deployment's time zone, so a story that
// "starts in month 6" starts exactly where the dashboard's monthly period starts.

/** One month of the demo: 1-based number and its instants, [start, end) in epoch ms. */
export interface DemoMonth {
  no: number;
  start: number;
  /** The next month's start, or the demo's `end` for the current month. */
  end: number;
}

/** The zone's wall-clock reading of an instant, as if it were UTC, in ms. */
function wallClock(instant: number, formatter: Intl.DateTimeFormat): number {
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  const hour = Number(parts.hour) % 24;
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), hour, Number(parts.minute), Number(parts.second));
}

/** The instant at which local midnight of the 1st of (year, month0) begins in the zone. */
function monthStart(year: number, month0: number, formatter: Intl.DateTimeFormat): number {
  const local = Date.UTC(year, month0, 1);
  let guess = local;
  // Two rounds settle the offset, also across a daylight-saving change.
  for (let i = 0; i < 2; i++) guess = local - (wallClock(guess, formatter) - guess);
  return guess;
}

/** The `count` calendar months in `timezone` that end with the month holding `end`. */
export function demoMonths(end: Date, count: number, timezone: string): DemoMonth[] {
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const endMs = end.getTime();
  const local = new Date(wallClock(endMs, formatter));
  const months: DemoMonth[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const year = local.getUTCFullYear();
    const month0 = local.getUTCMonth() - i;
    const start = monthStart(year, month0, formatter);
    const next = monthStart(year, month0 + 1, formatter);
    months.push({ no: count - i, start, end: Math.min(next, endMs) });
  }
  return months;
}
