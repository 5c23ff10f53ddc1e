import { DateTime, IANAZone } from 'luxon';

/** How a timestamp field is read: offset-less values are refused unless a zone is named. */
export interface TimestampOptions {
  /** IANA zone to read timestamps without an offset in (the importer's --assume-timezone). */
  assumeTimezone?: string;
}

export type TimestampResult = { ok: true; date: Date } | { ok: false; reason: string };

// Two zones as far apart as offsets go: a value that names its own offset reads the same in both.
const FAR_WEST = 'UTC-12';
const FAR_EAST = 'UTC+14';

/** Reads an ISO 8601 timestamp field into a Date, or says in plain words why it cannot. */
export function parseTimestamp(field: string, value: string, options: TimestampOptions = {}): TimestampResult {
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

/** True when `zone` is an IANA time-zone name luxon knows, such as Europe/Berlin. */
export function isKnownTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}
