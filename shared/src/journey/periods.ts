import { DateTime, IANAZone } from 'luxon';

// Periods (spec "Periods"): a grain and a half-open interval [start, end) cut at local
// midnight in an IANA time zone. Everything here is calendar arithmetic in that zone, so
// a Europe/Berlin day is 23 or 25 hours long around daylight-saving changes.

export const GRAINS = ['day', 'week', 'month', 'quarter'] as const;
export type Grain = (typeof GRAINS)[number];

/** One period: [start, end) in `zone`, with its stable label as `key` (2025-03, 2025-W10...). */
export interface Period {
  grain: Grain;
  start: Date;
  end: Date;
  key: string;
  /** The IANA zone it was cut in, so the previous and next periods are cut the same way. */
  timezone: string;
}

/** A date given as a Date, a calendar date 'YYYY-MM-DD' (that date in the zone) or an ISO timestamp. */
export type DateInput = Date | string;

/** The most periods periodsBetween returns unless given a higher limit (about 2.7 years of days). */
export const DEFAULT_PERIOD_LIMIT = 1000;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const LOCALE = 'en-GB';

/** The grain named by `value`; throws a RangeError saying which grains exist. */
export function parseGrain(value: unknown): Grain {
  if (typeof value === 'string' && (GRAINS as readonly string[]).includes(value)) return value as Grain;
  throw new RangeError(`${JSON.stringify(value)} is not a grain: use one of ${GRAINS.join(', ')}.`);
}

/** The IANA zone named by `value`, unchanged; throws a RangeError for anything else. */
export function parseZone(value: unknown): string {
  if (typeof value === 'string' && isValidZone(value)) return value;
  throw new RangeError(`${JSON.stringify(value)} is not a time zone: use an IANA name such as UTC or Europe/Berlin.`);
}

// luxon checks a zone by building an Intl.DateTimeFormat for it, every time: a tenth of the
// server's CPU under pnpm load, where every period computed checks its zone. A name that was
// valid stays valid, so valid names are remembered (a bounded number: the same zone can be
// spelled in many letter cases).
const validZones = new Set<string>();
const MAX_REMEMBERED_ZONES = 1000;

/** True when `zone` is an IANA time-zone name luxon knows, such as Europe/Berlin. */
export function isValidZone(zone: string): boolean {
  if (validZones.has(zone)) return true;
  if (!IANAZone.isValidZone(zone)) return false;
  if (validZones.size < MAX_REMEMBERED_ZONES) validZones.add(zone);
  return true;
}

/** The instant `value` means in `zone`; throws a RangeError for an impossible or malformed date. */
export function parseDateInput(value: unknown, zone: string): DateTime {
  const checkedZone = parseZone(zone);
  let parsed: DateTime | undefined;
  if (value instanceof Date) {
    parsed = DateTime.fromJSDate(value, { zone: checkedZone });
  } else if (typeof value === 'string' && (DATE_ONLY.test(value) || TIMESTAMP.test(value))) {
    // A timestamp without an offset is a wall-clock time in the zone, like a date-only string.
    parsed = DateTime.fromISO(value, { zone: checkedZone });
  }
  if (!parsed?.isValid) {
    const why = parsed?.invalidExplanation ? ` (${parsed.invalidExplanation})` : '';
    throw new RangeError(
      `${value instanceof Date ? 'Invalid Date' : JSON.stringify(value)} is not a date${why}: use YYYY-MM-DD or an ISO 8601 timestamp.`,
    );
  }
  return parsed;
}

function toPeriod(grain: Grain, startLocal: DateTime, zone: string): Period {
  // The next period starts at the start of the grain after this one; startOf again
  // because a zone may skip local midnight (America/Santiago) and begin a day at 01:00.
  const endLocal = startLocal.plus({ [`${grain}s`]: 1 }).startOf(grain);
  return { grain, start: startLocal.toJSDate(), end: endLocal.toJSDate(), key: keyOf(grain, startLocal), timezone: zone };
}

function keyOf(grain: Grain, start: DateTime): string {
  switch (grain) {
    case 'day':
      return start.toFormat('yyyy-MM-dd');
    case 'week':
      return start.toFormat("kkkk-'W'WW");
    case 'month':
      return start.toFormat('yyyy-MM');
    case 'quarter':
      return start.toFormat("yyyy-'Q'q");
  }
}

/** The period of `grain` containing `date` in `zone` (weeks run Monday to Sunday). */
export function periodContaining(grain: Grain, date: DateInput, zone = 'UTC'): Period {
  const checkedGrain = parseGrain(grain);
  const input = date instanceof Date ? `t${date.getTime()}` : `s${String(date)}`;
  const key = `${checkedGrain}|${zone}|${input}`;
  let period = rememberedPeriods.get(key);
  if (!period) {
    const local = parseDateInput(date, zone);
    // Luxon's startOf('week') is the ISO week: Monday.
    period = toPeriod(checkedGrain, local.startOf(checkedGrain), zone);
    if (rememberedPeriods.size >= MAX_REMEMBERED_PERIODS) rememberedPeriods.clear();
    rememberedPeriods.set(key, period);
  }
  // A copy: a caller that changes its Dates must not change the remembered period.
  return { ...period, start: new Date(period.start), end: new Date(period.end) };
}

// Cutting a period with Luxon costs tens of microseconds, and one dashboard read cuts
// dozens (a 52-week trend walks 52): 11% of the server's time under `pnpm load`. The same
// grain, zone and date always give the same period, so the periods cut lately are kept.
const rememberedPeriods = new Map<string, Period>();
const MAX_REMEMBERED_PERIODS = 10_000;

/** The period of the same grain just before `period`. */
export function previousPeriod(period: Period): Period {
  return periodContaining(period.grain, new Date(period.start.getTime() - 1), period.timezone);
}

/** The period of the same grain just after `period`. */
export function nextPeriod(period: Period): Period {
  return periodContaining(period.grain, period.end, period.timezone);
}

/** Every period from the one containing `from` to the one containing `to`, both included, in order. */
export function periodsBetween(grain: Grain, from: DateInput, to: DateInput, zone = 'UTC', limit = DEFAULT_PERIOD_LIMIT): Period[] {
  const first = periodContaining(grain, from, zone);
  const last = periodContaining(grain, to, zone);
  if (first.start > last.start) {
    throw new RangeError(`The range starts (${first.key}) after it ends (${last.key}): give the earlier date first.`);
  }
  const unit = `${grain}s` as const;
  const count = Math.round(
    DateTime.fromJSDate(last.start, { zone }).diff(DateTime.fromJSDate(first.start, { zone }), unit).get(unit),
  ) + 1;
  if (count > limit) {
    throw new RangeError(`${first.key} to ${last.key} is ${count} ${unit}, more than the limit of ${limit}: choose a coarser grain or a shorter range.`);
  }
  const periods = [first];
  // Walk rather than trust the count: each step is exactly the next period, in any zone.
  while (periods[periods.length - 1]!.start < last.start) periods.push(nextPeriod(periods[periods.length - 1]!));
  return periods;
}

const KEY_PATTERNS: [Grain, RegExp][] = [
  ['day', /^(\d{4})-(\d{2})-(\d{2})$/],
  ['week', /^(\d{4})-W(\d{2})$/],
  ['month', /^(\d{4})-(\d{2})$/],
  ['quarter', /^(\d{4})-Q([1-4])$/],
];

/** The period a stable label names (2025-03-15, 2025-W10, 2025-03, 2025-Q1) in `zone`; throws for anything else. */
export function periodFromKey(key: string, zone = 'UTC'): Period {
  parseZone(zone);
  for (const [grain, pattern] of KEY_PATTERNS) {
    const match = pattern.exec(key);
    if (!match) continue;
    const [year, part, day] = match.slice(1).map(Number) as [number, number, number | undefined];
    const local =
      grain === 'week'
        ? DateTime.fromObject({ weekYear: year, weekNumber: part, weekday: 1 }, { zone })
        : grain === 'quarter'
          ? DateTime.fromObject({ year, month: part * 3 - 2, day: 1 }, { zone })
          : DateTime.fromObject({ year, month: part, day: day ?? 1 }, { zone });
    const period = local.isValid ? periodContaining(grain, local.toJSDate(), zone) : undefined;
    // Round-trip so that 2025-W53 (2025 has 52 ISO weeks) or 2025-02-30 is refused, not moved.
    if (period?.key === key) return period;
    break;
  }
  throw new RangeError(`${JSON.stringify(key)} is not a period: use 2025-03-15, 2025-W10, 2025-03 or 2025-Q1.`);
}

/** The stable label of a period: 2025-03-15, 2025-W10 (ISO week), 2025-03 or 2025-Q1. */
export function periodKey(period: Period): string {
  return period.key;
}

/** What people read: "15 March 2025", "week of 3 Mar 2025", "March 2025", "Q1 2025". */
export function periodLabel(period: Period): string {
  const key = `${period.grain}|${period.timezone}|${period.start.getTime()}`;
  let label = rememberedLabels.get(key);
  if (label === undefined) {
    label = formatLabel(period);
    if (rememberedLabels.size >= MAX_REMEMBERED_PERIODS) rememberedLabels.clear();
    rememberedLabels.set(key, label);
  }
  return label;
}

/** Labels, kept as periods are: a 52-week trend labels 52 weeks on every read. */
const rememberedLabels = new Map<string, string>();

function formatLabel(period: Period): string {
  const start = DateTime.fromJSDate(period.start, { zone: period.timezone }).setLocale(LOCALE);
  switch (period.grain) {
    case 'day':
      return start.toFormat('d MMMM yyyy');
    case 'week':
      return start.toFormat("'week of' d MMM yyyy");
    case 'month':
      return start.toFormat('MMMM yyyy');
    case 'quarter':
      return start.toFormat("'Q'q yyyy");
  }
}

/** The label as it reads inside a sentence: "on 15 March 2025", "in the week of 3 Mar 2025", "in March 2025". */
export function periodPhrase(period: Period): string {
  const label = periodLabel(period);
  return period.grain === 'day' ? `on ${label}` : period.grain === 'week' ? `in the ${label}` : `in ${label}`;
}

/** Whether `instant` falls inside the period's [start, end). */
export function periodContains(period: Period, instant: Date): boolean {
  return instant >= period.start && instant < period.end;
}
