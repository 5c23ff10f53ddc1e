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

/** What shapes the counts besides the period: the ladder, churn window, zone and segment. */
function variantOf(period: Period, segment: Segment, settings: Settings): string {
  const canonicalSegment = Object.keys(segment)
    .sort()
    .map((key) => [key, [...segment[key]!].sort()]);
  const shape = JSON.stringify([settings.ladder, settings.churnWindowDays, period.timezone, canonicalSegment]);
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
 * Drops every cached count that data from `since` on could change (all of them when
 * `since` is null). Call last in the transaction that changed the data.
 */
export async function invalidateCounts(trx: Kysely<Database>, since: Date | null): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CACHE_LOCK})`.execute(trx);
  if (since === null) await sql`delete from period_counts_cache`.execute(trx);
  else await sql`delete from period_counts_cache where affects_until > ${since}`.execute(trx);
}
