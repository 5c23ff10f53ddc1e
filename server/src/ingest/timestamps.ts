import { isValidZone } from '@canopy/shared';
import { DateTime } from 'luxon';

/** How a timestamp field is read: offset-less values are refused unless a zone is named. */
export interface TimestampOptions {
  /** IANA zone to read timestamps without an offset in (the importer's --assume-timezone). */
  assumeTimezone?: string;
}

export type TimestampResult = { ok: true; date: Date } | { ok: false; reason: string };

// Two zones as far apart as offsets go: a value that names its own offset reads the same in both.
const FAR_WEST = 'UTC-12';
const FAR_EAST = 'UTC+14';

// The shape nearly every sender uses, read without luxon (which costs ~40 µs a value):
// 2025-03-04T14:05:10Z, 2025-03-04T14:05:10.123+01:00. Anything else takes the full path.
const COMMON = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** Reads an ISO 8601 timestamp field into a Date, or says in plain words why it cannot. */
export function parseTimestamp(field: string, value: string, options: TimestampOptions = {}): TimestampResult {
  const result = readTimestamp(field, value, options);
  if (!result.ok) return result;
  const year = result.date.getUTCFullYear();
  if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) {
    return { ok: false, reason: `"${field}" must be between ${FIRST_YEAR} and ${LAST_YEAR} (got ${JSON.stringify(value.slice(0, 60))})` };
  }
  return result;
}

/** The earliest and latest years a timestamp may name: what the dashboards can ask about. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 9998;

function readTimestamp(field: string, value: string, options: TimestampOptions): TimestampResult {
  const quick = readCommonShape(value);
  if (quick) return { ok: true, date: quick };
  const west = DateTime.fromISO(value, { zone: FAR_WEST });
  if (!west.isValid) {
    return {
      ok: false,
      reason: `"${field}" is not an ISO 8601 timestamp (got ${JSON.stringify(value.slice(0, 60))}): use e.g. 2025-03-04T14:05:10+01:00`,
    };
  }
  const east = DateTime.fromISO(value, { zone: FAR_EAST });
  if (west.toMillis() === east.toMillis()) return { ok: true, date: west.toJSDate() };
  if (options.assumeTimezone) {
    return { ok: true, date: DateTime.fromISO(value, { zone: options.assumeTimezone }).toJSDate() };
  }
  return {
    ok: false,
    reason: `"${field}" has no time-zone offset (got ${JSON.stringify(value)}): add Z or +01:00, or import with --assume-timezone`,
  };
}

/** The instant of a timestamp in the common shape, or undefined to take the full path. */
function readCommonShape(value: string): Date | undefined {
  const m = COMMON.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second = 0] = m.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const millis = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  if (year! < 1000 || hour! > 23 || minute! > 59 || second > 59 || Number(m[11] ?? 0) > 59) return undefined;
  const local = Date.UTC(year!, month! - 1, day!, hour!, minute!, second, millis);
  const check = new Date(local);
  // Date.UTC rolls 2025-02-30 over into March: such a value goes to the full path to be refused.
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day) return undefined;
  const offsetMinutes = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  return new Date(local - offsetMinutes * 60_000);
}

/** True when `zone` is an IANA time-zone name luxon knows, such as Europe/Berlin. */
export function isKnownTimezone(zone: string): boolean {
  return isValidZone(zone);
}
