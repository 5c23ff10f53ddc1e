// Numbers for people, in the browser's locale (Intl.NumberFormat). Shares, NPS and
// percentage points use the shared helpers so screens say exactly what the headline says.
export { formatShare, formatSigned } from '@canopy/shared/journey/rounding.ts';
export { formatNps } from '@canopy/shared/journey/nps.ts';
export { formatPoints } from '@canopy/shared/journey/change.ts';

const locale = typeof navigator === 'undefined' ? 'en-GB' : navigator.language || 'en-GB';
const DASH = '\u2014';

const countFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const moneyFormat = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compactMoneyFormat = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

/** A whole count: 1,500 (or 1.500, 1 500... as the browser's locale writes it). */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : countFormat.format(value);
}

/** A number with one decimal: 1.2. */
export function formatDecimal(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : decimalFormat.format(value);
}

/** An amount of the deployment's currency (no symbol: Canopy does not know which one). */
export function formatMoney(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : moneyFormat.format(value);
}

/** A large amount, shortened: 3.3M. */
export function formatMoneyCompact(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : compactMoneyFormat.format(value);
}

/** A duration in seconds, whole: "105 s". */
export function formatSeconds(value: number | null | undefined): string {
  return value === null || value === undefined ? DASH : `${countFormat.format(Math.round(value))} s`;
}

/** A day or an instant, for reading. */
export function formatDate(value: string | Date): string {
  return dateFormat.format(typeof value === 'string' ? new Date(value) : value);
}

export function formatDateTime(value: string | Date): string {
  return dateTimeFormat.format(typeof value === 'string' ? new Date(value) : value);
}

/** The calendar day (YYYY-MM-DD) an instant falls on in `timezone`: how the API names a period by a date inside it. */
export function dayInZone(instant: string | Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    typeof instant === 'string' ? new Date(instant) : instant,
  );
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
