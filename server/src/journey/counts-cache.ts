import { churnWindowEnd, type Period, type Settings } from '@canopy/shared';
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { prepared } from '../db/prepared.ts';
import { countPeriod, type PeriodCounts } from './period-figures.ts';
import type { Segment } from './source.ts';

// Counting a period scans every customer-period row of it; the answer only changes when
// data that can affect it arrives. So counts are kept per (period, settings, segment).
//
// Nothing deletes them when data changes. A transaction that changes data appends one
// row to count_invalidations (invalidateCounts), and a count is stored with the database
// snapshot it was taken in. A count is stale exactly when an invalidation that reaches
// its period committed outside that snapshot: so a count taken while a batch was
// committing is never mistaken for fresh, and no writer ever waits for a reader.
//
// A stale count is recounted before it is served, unless the caller accepts figures that
// miss up to `maxStaleMs` of changes (counted from the first change they did not see): then
// the stale count is served (with the time of the data it saw) while one recount runs in
// the background. Dashboards opt in; emails and tests do not.

/** How fresh served counts must be: 0 means exact (recount whatever is stale first). */
export interface Freshness {
  maxStaleMs: number;
}
export const EXACT: Freshness = { maxStaleMs: 0 };

/** Counts with what they describe: `staleAsOf` is set when they miss newer data. */
export interface Cached<T> {
  counts: Map<number, T>;
  /** When counts older than the latest data were served: the newest event they saw (else null). */
  staleAsOf: Date | null;
  /** Whether any count served was stale (a recount is then running). */
  stale: boolean;
  /** When every count came fresh from the cache: the newest event received as they were looked up (else null). */
  freshAsOf: Date | null;
}

/** Invalidations older than this are pruned, together with the counts they made stale. */
const PRUNE_AFTER = '15 minutes';
export const MAX_STALE_MS = 10 * 60_000;

/** What shapes the counts besides the period: the ladder, churn window, zone, segment (and which counts). */
function variantOf(period: Period, segment: Segment, settings: Settings, kind: string): string {
  const canonicalSegment = Object.keys(segment)
    .sort()
    .map((key) => [key, [...segment[key]!].sort()]);
  const shape = JSON.stringify([kind, settings.ladder, settings.churnWindowDays, period.timezone, canonicalSegment]);
  return createHash('sha256').update(shape).digest('base64url');
}

type StoredCounts = Omit<PeriodCounts, 'period'>;

/**
 * The forest's counts of these periods (a period and the one before it): from the cache in
 * one lookup, or counted (each missing period on its own connection, side by side) and cached.
 */
export async function getForestCounts(
  db: Kysely<Database>,
  periods: Period[],
  segment: Segment,
  settings: Settings,
  freshness: Freshness = EXACT,
): Promise<{ counts: PeriodCounts[]; staleAsOf: Date | null; stale: boolean; freshAsOf: Date | null }> {
  const cached = await getCachedCountsPerPeriod<StoredCounts>(
    db,
    'forest',
    periods,
    segment,
    settings,
    async (trx, [period]) => {
      const { period: _period, ...counts } = await countPeriod(trx, period!, segment, settings);
      return new Map([[period!.start.getTime(), counts]]);
    },
    { churnWindow: true, freshness, countApart: true },
  );
  const counts = periods.map((period) => ({ period, ...cached.counts.get(period.start.getTime())! }));
  return { counts, staleAsOf: cached.staleAsOf, stale: cached.stale, freshAsOf: cached.freshAsOf };
}

/**
 * Counts of several periods of one grain, each from the cache or, for the periods missing
 * or stale there, from one call of `count` (which gets those periods and returns counts
 * by period start in ms); then caches those. Used by forest, trend and movement.
 */
export async function getCachedCountsPerPeriod<T>(
  db: Kysely<Database>,
  kind: string,
  periods: Period[],
  segment: Segment,
  settings: Settings,
  count: (trx: Kysely<Database>, periods: Period[]) => Promise<Map<number, T>>,
  /**
   * churnWindow: false for counts no churn window reaches (the trend's), changed only by
   * events inside the period. countApart: count each missing period on its own (side by
   * side, each in its own snapshot) rather than all in one call.
   */
  options: { churnWindow: boolean; freshness?: Freshness; countApart?: boolean },
): Promise<Cached<T>> {
  const result: Cached<T> = { counts: new Map(), staleAsOf: null, stale: false, freshAsOf: null };
  if (periods.length === 0) return result;
  const maxStaleMs = Math.min(options.freshness?.maxStaleMs ?? 0, MAX_STALE_MS);
  const variant = variantOf(periods[0]!, segment, settings, kind);
  const affectsUntil = (p: Period) => (options.churnWindow ? churnWindowEnd(p.end, settings.churnWindowDays, p.timezone) : p.end);
  const recount = (missing: Period[], background = false) => countAndStore(db, missing, variant, affectsUntil, count, background);

  // stale_ms: how long ago the first change these counts could not see happened (null:
  // none, the counts are exact). That, not the counts' own age, is how stale they are: counts
  // made an hour ago that a batch touched 5 s ago miss 5 s of data. The first such change
  // in transaction order (the xid index) stands for the earliest.
  const rows = await sql<{ period_start: Date; counts: T; data_as_of: Date | null; stale_ms: number | null; latest: Date | null }>`
    select ${prepared} c.period_start, c.counts, c.data_as_of, (select max(received_at) from events) as latest,
      case when ${mayReach} then (
        select (extract(epoch from now() - i.at) * 1000)::float8 from count_invalidations i
        where i.xid >= c.snapshot_xmin
          and ${reaches}
          and not pg_visible_in_snapshot(i.xid, c.snapshot)
        order by i.xid
        limit 1
      ) end as stale_ms
    from period_counts_cache c
    where c.grain = ${periods[0]!.grain} and c.variant = ${variant}
      and c.period_start = any(${periods.map((p) => p.start.toISOString())}::timestamptz[])`.execute(db);
  const byStart = new Map(rows.rows.map((r) => [new Date(r.period_start).getTime(), r]));

  const missing: Period[] = [];
  const staleServed: Period[] = [];
  for (const period of periods) {
    const row = byStart.get(period.start.getTime());
    if (row && row.stale_ms === null) {
      result.counts.set(period.start.getTime(), row.counts);
    } else if (row && maxStaleMs > 0 && Number(row.stale_ms) <= maxStaleMs) {
      result.counts.set(period.start.getTime(), row.counts);
      staleServed.push(period);
      const asOf = row.data_as_of ? new Date(row.data_as_of) : null;
      if (asOf && (!result.staleAsOf || asOf < result.staleAsOf)) result.staleAsOf = asOf;
      result.stale = true;
    } else {
      missing.push(period);
    }
  }
  const keyOf = (list: Period[]) => `${kind}|${variant}|${list.map((p) => p.start.getTime()).join(',')}`;
  const groups = (list: Period[]) => (options.countApart ? list.map((p) => [p]) : [list]);
  for (const group of staleServed.length > 0 ? groups(staleServed) : []) inBackground(db, keyOf(group), () => recount(group, true));
  // Readers asking for the same counts at once share one count. An exact reader only
  // shares one that started after it asked (an older one may miss what it must see).
  const counting = (missing.length > 0 ? groups(missing) : []).map(async (group) => {
    const counted = await shared(db, keyOf(group), maxStaleMs > 0 ? 0 : Date.now(), () => recount(group));
    for (const p of group) result.counts.set(p.start.getTime(), (counted.get(p.start.getTime()) ?? null) as T);
  });
  await Promise.all(counting);
  if (missing.length === 0 && !result.stale) {
    const latest = rows.rows[0]?.latest;
    result.freshAsOf = latest ? new Date(latest) : null;
  }
  return result;
}

/**
 * Counts `periods` in one repeatable-read snapshot, then stores each count with that
 * snapshot (replacing an older count, never a newer one).
 */
async function countAndStore<T>(
  db: Kysely<Database>,
  periods: Period[],
  variant: string,
  affectsUntil: (p: Period) => Date,
  count: (trx: Kysely<Database>, periods: Period[]) => Promise<Map<number, T>>,
  background: boolean,
): Promise<Map<number, T>> {
  const { counted, snapshot } = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      // Nobody waits for a background recount: it keeps to one core (no parallel workers),
      // leaving the other to readers and ingestion. (Not a snapshot-taking statement.)
      if (background) await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
      // The first statement fixes the snapshot every count below reads.
      const snapshot = await takeSnapshot(trx);
      return { counted: await count(trx, periods), snapshot };
    });
  const values = periods.map((p) => ({
    grain: p.grain,
    period_start: p.start,
    variant,
    period_end: p.end,
    affects_until: affectsUntil(p),
    counts: counted.get(p.start.getTime()) ?? null,
    computed_at: snapshot.takenAt,
    snapshot: snapshot.snapshot,
    snapshot_xmin: snapshot.xmin,
    data_as_of: snapshot.dataAsOf,
  }));
  await sql`
    insert into period_counts_cache (grain, period_start, variant, period_end, affects_until, counts, computed_at, snapshot, snapshot_xmin, data_as_of)
    select v.grain, v.period_start, v.variant, v.period_end, v.affects_until, coalesce(v.counts, 'null'::jsonb), v.computed_at, v.snapshot::pg_snapshot, v.snapshot_xmin::xid8, v.data_as_of
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(grain text, period_start timestamptz, variant text,
      period_end timestamptz, affects_until timestamptz, counts jsonb, computed_at timestamptz, snapshot text, snapshot_xmin text, data_as_of timestamptz)
    on conflict (grain, period_start, variant) do update set
      period_end = excluded.period_end, affects_until = excluded.affects_until, counts = excluded.counts, computed_at = excluded.computed_at,
      snapshot = excluded.snapshot, snapshot_xmin = excluded.snapshot_xmin, data_as_of = excluded.data_as_of
    where period_counts_cache.computed_at <= excluded.computed_at`.execute(db);
  await pruneNowAndThen(db);
  return counted;
}

/** The database snapshot a repeatable-read transaction reads, as stored with what was read in it. */
export interface Snapshot {
  /** pg_snapshot as text, and its xmin */
  snapshot: string;
  xmin: string;
  takenAt: Date;
  /** the newest event received that the snapshot sees */
  dataAsOf: Date | null;
}

/** Takes the snapshot of a repeatable-read transaction: call it as the transaction's first statement. */
export async function takeSnapshot(trx: Kysely<Database>): Promise<Snapshot> {
  const result = await sql<Snapshot>`
    select pg_current_snapshot()::text as snapshot, pg_snapshot_xmin(pg_current_snapshot())::text as xmin,
           now() as "takenAt", (select max(received_at) from events) as "dataAsOf"`.execute(trx);
  return result.rows[0]!;
}

/**
 * Whether what was read in `snapshot` still holds for anything derived from customers and
 * settings alone: no change to everything (an invalidation with `since` null: customers,
 * settings, a rebuild) committed outside it. Invalidations are pruned after PRUNE_AFTER, so
 * a snapshot older than MAX_STALE_MS (well within it) counts as no longer current.
 */
export async function nothingChangedSince(db: Kysely<Database>, snapshot: Snapshot): Promise<boolean> {
  if (Date.now() - new Date(snapshot.takenAt).getTime() > MAX_STALE_MS) return false;
  const result = await sql<{ changed: boolean }>`
    select ${prepared} exists (
      select 1 from count_invalidations i
      where i.since is null and i.xid >= ${snapshot.xmin}::xid8 and not pg_visible_in_snapshot(i.xid, ${snapshot.snapshot}::pg_snapshot)
    ) as changed`.execute(db);
  return !result.rows[0]!.changed;
}

/**
 * Records that events from `since` on changed (anything, when `since` is null), and
 * churned events from `churnSince` on (none, when null), so cached counts they reach turn
 * stale when this transaction commits. Call inside it.
 */
export async function invalidateCounts(trx: Kysely<Database>, since: Date | null, churnSince: Date | null = since): Promise<void> {
  await sql`insert into count_invalidations (since, churn_since) values (${since}, ${churnSince})`.execute(trx);
}

// Whether invalidation `i` reaches cached count `c`. An event changes the counts of the
// period it falls in and, through its customer's first seen time, of later periods: every
// period that ends after it. A churned event also changes the churn figures of earlier
// periods whose churn window ends after it (`affects_until`).
const reaches = sql`(i.since is null or i.since < c.period_end or i.churn_since < c.affects_until)`;

// Whether any invalidation might reach cached count `c`: false rules out every one at the
// cost of three index lookups. The lookup above then reads the invalidations since the
// count's snapshot only for counts that something could have made stale (a stream of fresh
// events reaches the current periods, not last month's).
const mayReach = sql`((select min(since) from count_invalidations) < c.period_end
  or (select min(churn_since) from count_invalidations) < c.affects_until
  or exists (select 1 from count_invalidations n
             where n.since is null and n.xid >= c.snapshot_xmin and not pg_visible_in_snapshot(n.xid, c.snapshot)))`;

// Pruning: invalidations older than PRUNE_AFTER are dropped, and with them every count
// they made stale (no count older than MAX_STALE_MS is served stale, and no count takes
// that long, so nothing that could still need them is left).
const lastPrune = new WeakMap<Kysely<Database>, number>();
async function pruneNowAndThen(db: Kysely<Database>): Promise<void> {
  const last = lastPrune.get(db) ?? 0;
  if (Date.now() - last < 60_000) return;
  lastPrune.set(db, Date.now());
  await pruneInvalidations(db);
}

/** Drops invalidations older than PRUNE_AFTER and the cached counts they made stale. */
export async function pruneInvalidations(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`
      delete from period_counts_cache c where exists (
        select 1 from count_invalidations i
        where i.at < now() - ${PRUNE_AFTER}::interval and i.xid >= c.snapshot_xmin
          and ${reaches}
          and not pg_visible_in_snapshot(i.xid, c.snapshot))`.execute(trx);
    await sql`delete from count_invalidations where at < now() - ${PRUNE_AFTER}::interval`.execute(trx);
  });
}

// Counts in progress, per database and key: readers that need the same counts now wait
// for the one in progress. Background recounts wait in a queue and run one at a time, each
// followed by a pause as long as it took, so however many cached counts turn stale at once,
// they never take the connections or the cores that readers and ingestion need. A failure only means the next read counts again.
interface InFlight {
  startedAt: number;
  done: Promise<Map<number, unknown>>;
}
interface PerDatabase {
  running: Map<string, InFlight>;
  queue: Map<string, () => Promise<Map<number, unknown>>>;
  /** The background recounts being worked through, with their pauses. */
  pumping: Promise<void> | null;
  closed: boolean;
}
const state = new WeakMap<Kysely<Database>, PerDatabase>();
function stateOf(db: Kysely<Database>): PerDatabase {
  let mine = state.get(db);
  if (!mine) state.set(db, (mine = { running: new Map(), queue: new Map(), pumping: null, closed: false }));
  return mine;
}
function start<T>(db: Kysely<Database>, key: string, work: () => Promise<Map<number, T>>): InFlight {
  const { running } = stateOf(db);
  const entry: InFlight = { startedAt: Date.now(), done: work() };
  running.set(key, entry);
  const forget = () => {
    if (running.get(key) === entry) running.delete(key);
  };
  entry.done.then(forget, forget);
  return entry;
}
function inBackground<T>(db: Kysely<Database>, key: string, work: () => Promise<Map<number, T>>): void {
  const mine = stateOf(db);
  if (mine.closed || mine.running.has(key) || mine.queue.has(key)) return;
  mine.queue.set(key, work);
  void pump(db);
}
function pump(db: Kysely<Database>): Promise<void> {
  const mine = stateOf(db);
  mine.pumping ??= drain(db).finally(() => (mine.pumping = null));
  return mine.pumping;
}
async function drain(db: Kysely<Database>): Promise<void> {
  const mine = stateOf(db);
  for (let next = mine.queue.entries().next(); !next.done && !mine.closed; next = mine.queue.entries().next()) {
    const [key, work] = next.value;
    mine.queue.delete(key);
    if (mine.running.has(key)) continue;
    const began = Date.now();
    await start(db, key, work).done.catch(() => undefined);
    // At most half of one core: under a steady stream of events the current periods turn
    // stale again at once, and counting them back to back would take a core from readers.
    await pause(Math.min(Date.now() - began, MAX_PAUSE_MS));
  }
}
const MAX_PAUSE_MS = 5_000;
/** Waits `ms` without keeping the process alive. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function shared<T>(db: Kysely<Database>, key: string, notBefore: number, work: () => Promise<Map<number, T>>): Promise<Map<number, T>> {
  const current = stateOf(db).running.get(key);
  if (current && current.startedAt >= notBefore) return current.done as Promise<Map<number, T>>;
  return start(db, key, work).done as Promise<Map<number, T>>;
}

/** Waits for every background recount on this database (in tests). */
export async function settleRecounts(db: Kysely<Database>): Promise<void> {
  const mine = stateOf(db);
  while (!mine.closed && (mine.running.size > 0 || mine.queue.size > 0 || mine.pumping)) {
    await Promise.allSettled([...mine.running.values()].map((e) => e.done));
    await (mine.pumping ?? (mine.queue.size > 0 ? pump(db) : undefined));
  }
}

/** When an app starts serving this database: background recounts may run (again, after a stopRecounts). */
export function startRecounts(db: Kysely<Database>): void {
  stateOf(db).closed = false;
}

/** At shutdown: drops the recounts not started yet and waits for the ones running. */
export async function stopRecounts(db: Kysely<Database>): Promise<void> {
  const mine = stateOf(db);
  mine.closed = true;
  mine.queue.clear();
  await Promise.allSettled([...mine.running.values()].map((e) => e.done));
}
