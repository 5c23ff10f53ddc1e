import { churnWindowEnd, type Period, type Settings } from '@canopy/shared';
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { countPeriod, type PeriodCounts } from './period-figures.ts';
import type { Segment } from './source.ts';

// Counting a period scans every customer-period row of it; the answer only changes when
// data that can affect it arrives. So counts are kept per (period, settings, segment)
// and dropped by whatever could change them (invalidateCounts).
//
// A reader fills the cache under a shared lock and every invalidation takes the same
// lock exclusively just before its transaction commits. So no batch can commit while a
// reader is counting, and a batch that commits afterwards deletes what the reader stored:
// a stale count can never stay behind.
const CACHE_LOCK = sql`4243, 0`;

type StoredCounts = Omit<PeriodCounts, 'period'>;

/** What shapes the counts besides the period: the ladder, churn window, zone, segment (and which counts). */
function variantOf(period: Period, segment: Segment, settings: Settings, kind = 'forest'): string {
  const canonicalSegment = Object.keys(segment)
    .sort()
    .map((key) => [key, [...segment[key]!].sort()]);
  const shape = JSON.stringify([kind, settings.ladder, settings.churnWindowDays, period.timezone, canonicalSegment]);
  return createHash('sha256').update(shape).digest('base64url');
}

/** The counts of one period: from the cache, or counted and then cached. */
export async function getPeriodCounts(db: Kysely<Database>, period: Period, segment: Segment, settings: Settings): Promise<PeriodCounts> {
  const variant = variantOf(period, segment, settings);
  const cached = await db
    .selectFrom('period_counts_cache')
    .select('counts')
    .where('grain', '=', period.grain)
    .where('period_start', '=', period.start)
    .where('variant', '=', variant)
    .executeTakeFirst();
  if (cached) return { period, ...(cached.counts as StoredCounts) };

  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock_shared(${CACHE_LOCK})`.execute(trx);
    const counts = await countPeriod(trx, period, segment, settings);
    const { period: _period, ...stored } = counts;
    await trx
      .insertInto('period_counts_cache')
      .values({
        grain: period.grain,
        period_start: period.start,
        variant,
        affects_until: churnWindowEnd(period.end, settings.churnWindowDays, period.timezone),
        counts: JSON.stringify(stored),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return counts;
  });
}

/**
 * Counts of several periods, each from the cache or, for the periods missing there, from
 * one call of `count` (which gets the missing periods and returns counts by period start
 * in ms); then caches those. Used by the trend, so a year of weeks costs one lookup
 * plus counting the weeks new data touched.
 */
export async function getCachedCountsPerPeriod<T>(
  db: Kysely<Database>,
  kind: string,
  periods: Period[],
  segment: Segment,
  settings: Settings,
  count: (trx: Kysely<Database>, missing: Period[]) => Promise<Map<number, T>>,
  /** Counts that no churn window reaches (the trend's) are changed only by events inside the period. */
  options: { churnWindow: boolean } = { churnWindow: true },
): Promise<Map<number, T>> {
  if (periods.length === 0) return new Map();
  const variant = variantOf(periods[0]!, segment, settings, kind);
  const rows = await db
    .selectFrom('period_counts_cache')
    .select(['period_start', 'counts'])
    .where('grain', '=', periods[0]!.grain)
    .where('variant', '=', variant)
    .where('period_start', 'in', periods.map((p) => p.start))
    .execute();
  const result = new Map<number, T>(rows.map((r) => [new Date(r.period_start).getTime(), r.counts as T]));
  const missing = periods.filter((p) => !result.has(p.start.getTime()));
  if (missing.length === 0) return result;

  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock_shared(${CACHE_LOCK})`.execute(trx);
    const counted = await count(trx, missing);
    const values = missing.map((p) => ({
      grain: p.grain,
      period_start: p.start,
      variant,
      affects_until: options.churnWindow ? churnWindowEnd(p.end, settings.churnWindowDays, p.timezone) : p.end,
      counts: JSON.stringify(counted.get(p.start.getTime()) ?? null),
    }));
    await trx.insertInto('period_counts_cache').values(values).onConflict((oc) => oc.doNothing()).execute();
    for (const p of missing) result.set(p.start.getTime(), (counted.get(p.start.getTime()) ?? null) as T);
  });
  return result;
}

/**
 * Drops every cached count that data from `since` on could change (all of them when
 * `since` is null). Call last in the transaction that changed the data.
 */
export async function invalidateCounts(trx: Kysely<Database>, since: Date | null): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CACHE_LOCK})`.execute(trx);
  if (since === null) await sql`delete from period_counts_cache`.execute(trx);
  else await sql`delete from period_counts_cache where affects_until > ${since}`.execute(trx);
}
