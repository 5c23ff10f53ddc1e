import { parseGrain, periodContaining, periodsBetween, type Grain, type Period, type Settings } from '@canopy/shared';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { RequestError } from '../errors.ts';
import { effectiveTimezone, getSettings } from '../settings/queries.ts';
import { assertSegmentKeysExist, parseSegment, SegmentError } from './segment.ts';
import type { Segment } from './source.ts';

/** Most periods one trend may span. */
export const MAX_TREND_PERIODS = 400;

// The years a journey read may ask about, the same as a timestamp may name (ingest/timestamps.ts).
export { FIRST_YEAR, LAST_YEAR } from '../ingest/timestamps.ts';
import { FIRST_YEAR, LAST_YEAR } from '../ingest/timestamps.ts';

/** Refuses a period outside FIRST_YEAR..LAST_YEAR with a 400 naming the parameter. */
function assertSupportedYears(field: string, period: Period): Period {
  const first = DateTime.fromJSDate(period.start, { zone: period.timezone }).year;
  if (!(first >= FIRST_YEAR && first <= LAST_YEAR)) {
    throw new RequestError(`${field}: choose a date between ${FIRST_YEAR}-01-01 and ${LAST_YEAR}-12-31.`);
  }
  return period;
}

export interface JourneyQuery {
  grain?: string;
  date?: string;
  from?: string;
  to?: string;
  segment?: string[] | string;
}

/** What every journey read needs: settings, the time zone, and the validated segment. */
export async function journeyContext(app: FastifyInstance, query: JourneyQuery) {
  const settings: Settings = await getSettings(app.database.db);
  const timezone = effectiveTimezone(settings, app.config.timezone);
  let segment: Segment;
  try {
    segment = parseSegment(query.segment);
    await assertSegmentKeysExist(app.database.db, segment);
  } catch (error) {
    if (error instanceof SegmentError) throw new RequestError(error.message);
    throw error;
  }
  return { settings, timezone, segment, grain: grainOf(query.grain) };
}

function grainOf(value: string | undefined): Grain {
  try {
    return parseGrain(value ?? 'month');
  } catch (error) {
    throw new RequestError(`grain: ${(error as Error).message}`);
  }
}

/** The period of `grain` containing `date` (default: today in the time zone); 400 on a bad date. */
export function periodOf(grain: Grain, date: string | undefined, timezone: string): Period {
  const day = date ?? DateTime.now().setZone(timezone).toISODate()!;
  try {
    return assertSupportedYears('date', periodContaining(grain, day, timezone));
  } catch (error) {
    if (error instanceof RequestError) throw error;
    throw new RequestError(`date: ${(error as Error).message} Use YYYY-MM-DD, e.g. 2025-03-15.`);
  }
}

/** The periods of `grain` from the one containing `from` to the one containing `to`. */
export function periodRange(grain: Grain, from: string | undefined, to: string | undefined, timezone: string): Period[] {
  const end = to ?? DateTime.now().setZone(timezone).toISODate()!;
  const start = from ?? DateTime.fromISO(end, { zone: timezone }).minus({ [`${grain}s`]: 11 }).toISODate();
  if (!start) throw new RequestError('to: not a date. Use YYYY-MM-DD, e.g. 2025-03-15.');
  try {
    assertSupportedYears('from', periodContaining(grain, start, timezone));
    assertSupportedYears('to', periodContaining(grain, end, timezone));
    const periods = periodsBetween(grain, start, end, timezone, MAX_TREND_PERIODS);
    if (periods.length === 0) throw new RequestError('from is after to: swap them.');
    return periods;
  } catch (error) {
    if (error instanceof RequestError) throw error;
    throw new RequestError(`from/to: ${(error as Error).message}`);
  }
}
