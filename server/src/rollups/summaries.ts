import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';

// Each period keeps summaries next to its customer_periods rows: how many customers had
// each profile (what decides their stage under any ladder) with the sums of their figures;
// per profile, the customers of each feature, the contacts of each channel and the customers
// whose first churn from the period's start fell on each day; and the calls of each hold
// time. The period_* tables hold them for the whole company, the segment_* tables once
// more per attribute set (a segment adds up the sets inside it). Triggers append every change as rows to be added up, so the sums stay
// equal to a GROUP BY over customer_periods on every insert, update and delete
// (migrations/…-period-summaries); this file holds the rest.

/** The key of a period profile: its period, then what decides the stage under any ladder. */
const PROFILE_COLUMNS = ['grain', 'period_start', 'active', 'has_help', 'has_chatbot', 'has_phone', 'channels'] as const;
export const PROFILE = sql.raw(PROFILE_COLUMNS.join(', '));

/** A customer_periods row's profile, in PROFILE's order. */
const PROFILE_OF_ROW = sql`grain, period_start, active, help_views > 0, chatbot_conversations > 0, phone_calls > 0,
  array(select distinct ch from unnest(contact_channels) as ch order by ch)`;

/**
 * Runs `write` with the summary triggers off for the rest of the transaction's statements
 * until it returns: for rewriting every row, where one GROUP BY afterwards is far cheaper.
 * The caller must leave the summaries exact (rebuildPeriodSummaries) before returning.
 */
export async function withoutSummaryTriggers(trx: Kysely<Database>, write: () => Promise<void>): Promise<void> {
  await sql`select set_config('canopy.skip_period_summaries', 'on', true)`.execute(trx);
  await write();
  await sql`select set_config('canopy.skip_period_summaries', 'off', true)`.execute(trx);
}

/** Replaces the summaries, company-wide and per attribute set, with a count of every customer_periods row. */
export async function rebuildPeriodSummaries(trx: Kysely<Database>): Promise<void> {
  for (const perSet of [false, true]) {
    const prefix = perSet ? 'segment' : 'period';
    // The profile key, and the key's columns as the tables name them.
    const key = perSet ? sql`${PROFILE_OF_ROW}, attribute_set` : PROFILE_OF_ROW;
    const columns = perSet ? sql`${PROFILE}, attribute_set` : PROFILE;
    const by = sql.raw(perSet ? '1, 2, 3, 4, 5, 6, 7, 8' : '1, 2, 3, 4, 5, 6, 7');
    const byItem = sql.raw(perSet ? '1, 2, 3, 4, 5, 6, 7, 8, 9, 10' : '1, 2, 3, 4, 5, 6, 7, 8, 9');
    const holdKey = sql.raw(perSet ? 'grain, period_start, attribute_set' : 'grain, period_start');
    await sql`delete from ${sql.table(`${prefix}_profiles`)}`.execute(trx);
    await sql`delete from ${sql.table(`${prefix}_profile_items`)}`.execute(trx);
    await sql`delete from ${sql.table(`${prefix}_hold_times`)}`.execute(trx);
    await sql`
      insert into ${sql.table(`${prefix}_profiles`)} (${columns}, customers, mrr, feature_sum, help_views, chatbot_conversations,
        chatbot_escalated, phone_calls, nps_responses, promoters, detractors)
      select ${key}, count(*), coalesce(sum(mrr), 0), sum(cardinality(features)), sum(help_views), sum(chatbot_conversations),
        sum(chatbot_escalated), sum(phone_calls), count(nps_score), count(*) filter (where nps_score >= 9), count(*) filter (where nps_score <= 6)
      from customer_periods group by ${by}`.execute(trx);
    await sql`
      insert into ${sql.table(`${prefix}_profile_items`)} (${columns}, kind, item, n)
      select ${key}, 'feature', f, count(*) from customer_periods, unnest(features) as f group by ${byItem}
      union all
      select ${key}, 'channel', ch, count(*) from customer_periods, unnest(contact_channels) as ch group by ${byItem}
      union all
      select ${key}, 'churn', to_char(churned_on, 'YYYY-MM-DD'), count(*) from customer_periods
      where churned_on is not null group by ${byItem}`.execute(trx);
    await sql`
      insert into ${sql.table(`${prefix}_hold_times`)} (${holdKey}, hold_seconds, calls)
      select ${holdKey}, s, count(*) from customer_periods, unnest(hold_seconds) as s group by ${holdKey}, s`.execute(trx);
  }
}

/**
 * Copies these customers' mrr and attribute set into their customer_periods rows (and so
 * into the period summaries, moving them between sets); call in the transaction that
 * changed the customers, after changing them.
 *
 * Ingestion gives a new rollup row the mrr and set it reads in the same statement. The table lock
 * waits for ingestion transactions that have written rollups to commit, so this update
 * sees their rows, and makes later ones wait until this commits, so they read the new values.
 * The customers' rows are locked first (by the caller's update), as ingestion locks them,
 * so the two never wait for each other in a cycle.
 */
export async function keepRollupCustomers(trx: Kysely<Database>, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await sql`lock table customer_periods in share row exclusive mode`.execute(trx);
  await sql`
    update customer_periods cp set mrr = c.mrr, attribute_set = c.attribute_set
    from customers c
    where c.id = any(${customerIds}::text[]) and cp.customer_id = c.id
      and (cp.mrr is distinct from c.mrr or cp.attribute_set <> c.attribute_set)`.execute(trx);
}
/**
 * The summary tables: the unit compaction folds (a period, or a bucket), the key of a
 * row within it, the figures that add up, and how far before the earliest changed event a
 * changed unit can start (a quarter starts at most 92 days and a time zone before it).
 */
const SUMMARY_TABLES = [
  {
    name: 'period_profiles',
    unit: ['grain', 'period_start'],
    key: PROFILE_COLUMNS,
    sums: ['customers', 'mrr', 'feature_sum', 'help_views', 'chatbot_conversations', 'chatbot_escalated', 'phone_calls', 'nps_responses', 'promoters', 'detractors'],
    start: 'period_start',
    lookBack: '100 days',
  },
  { name: 'period_profile_items', unit: ['grain', 'period_start'], key: [...PROFILE_COLUMNS, 'kind', 'item'], sums: ['n'], start: 'period_start', lookBack: '100 days' },
  { name: 'period_hold_times', unit: ['grain', 'period_start'], key: ['grain', 'period_start', 'hold_seconds'], sums: ['calls'], start: 'period_start', lookBack: '100 days' },
  { name: 'customer_milestones', unit: ['bucket'], key: ['bucket'], sums: ['appeared', 'churned'], start: 'bucket', lookBack: '1 hour' },
  {
    name: 'segment_profiles',
    unit: ['grain', 'period_start'],
    key: [...PROFILE_COLUMNS, 'attribute_set'],
    sums: ['customers', 'mrr', 'feature_sum', 'help_views', 'chatbot_conversations', 'chatbot_escalated', 'phone_calls', 'nps_responses', 'promoters', 'detractors'],
    start: 'period_start',
    lookBack: '100 days',
  },
  {
    name: 'segment_profile_items',
    unit: ['grain', 'period_start'],
    key: [...PROFILE_COLUMNS, 'attribute_set', 'kind', 'item'],
    sums: ['n'],
    start: 'period_start',
    lookBack: '100 days',
  },
  {
    name: 'segment_hold_times',
    unit: ['grain', 'period_start'],
    key: ['grain', 'period_start', 'attribute_set', 'hold_seconds'],
    sums: ['calls'],
    start: 'period_start',
    lookBack: '100 days',
  },
  { name: 'segment_milestones', unit: ['bucket'], key: ['bucket', 'attribute_set'], sums: ['appeared', 'churned'], start: 'bucket', lookBack: '1 hour' },
] as const;
type SummaryTable = (typeof SUMMARY_TABLES)[number];

/**
 * Folds each summary table's rows of a key into one (dropping keys that add up to
 * nothing), for the periods (or buckets) that gathered more rows than keys: all of them,
 * or only those events from `changedFrom` on can have changed. Readers see the rows before
 * or after, and the sums are the same. Safe beside ingestion (new rows are not touched)
 * and beside another compaction (each re-inserts only the rows it deleted).
 */
export async function compactSummaries(
  db: Kysely<Database>,
  changedFrom: Date | null = null,
  tables: readonly SummaryTable[] = SUMMARY_TABLES,
): Promise<void> {
  const columns = (names: readonly string[], prefix?: string) => sql.join(names.map((c) => sql.ref(prefix ? `${prefix}.${c}` : c)));
  await db.transaction().execute(async (trx) => {
    for (const table of tables) {
      const key = columns(table.key);
      const sums = sql.join(table.sums.map((c) => sql`sum(${sql.ref(c)})`));
      const nonzero = sql.join(table.sums.map((c) => sql`sum(${sql.ref(c)}) <> 0`), sql` or `);
      const changed = changedFrom ? sql`where ${sql.ref(table.start)} >= ${changedFrom}::timestamptz - ${table.lookBack}::interval` : sql``;
      await sql`
        with gone as (
          delete from ${sql.table(table.name)} t
          where (${columns(table.unit, 't')}) in (
            select ${columns(table.unit)} from ${sql.table(table.name)} ${changed}
            group by ${columns(table.unit)} having count(*) > count(distinct (${key})))
          returning t.*
        )
        insert into ${sql.table(table.name)} (${key}, ${columns(table.sums)})
        select ${key}, ${sums} from gone group by ${key} having ${nonzero}`.execute(trx);
    }
  });
}

/**
 * How often each group of summary tables is folded while batches arrive. The per-set
 * tables hold dozens of times the company-wide rows, and folding reads every row of the
 * periods a batch reached: every 5 s it took more time than storing the batches did
 * (docs/performance.md). Readers add rows up either way, so waiting longer is only slower
 * to read, never wrong.
 */
const SCHEDULES = [
  { everyMs: 5_000, tables: SUMMARY_TABLES.filter((t) => !t.name.startsWith('segment_')) },
  { everyMs: 60_000, tables: SUMMARY_TABLES.filter((t) => t.name.startsWith('segment_')) },
];
/** Per schedule and database: when this process last folded, and the earliest event stored since (null: anything changed). */
const lastCompacted = SCHEDULES.map(() => new WeakMap<object, number>());
const changedSince = SCHEDULES.map(() => new WeakMap<object, Date | null>());

/**
 * Compacts each group of summaries when this process last did so more than its interval
 * ago for this database: called after each stored batch with its earliest event (null when
 * it changed customers: their rows of any period), so a stream of batches keeps every
 * period down to a few hundred rows while each pass reads only the periods they reached. A
 * process's first pass folds everything: another may have left rows anywhere.
 */
export async function compactSummariesNowAndThen(db: Kysely<Database>, changedFrom: Date | null): Promise<void> {
  for (const [i, schedule] of SCHEDULES.entries()) {
    const before = changedSince[i]!.get(db);
    const from = before === undefined ? changedFrom : earlierOrAnything(before, changedFrom);
    changedSince[i]!.set(db, from);
    const now = Date.now();
    const last = lastCompacted[i]!.get(db);
    if (last !== undefined && now - last < schedule.everyMs) continue;
    lastCompacted[i]!.set(db, now);
    changedSince[i]!.delete(db);
    try {
      await compactSummaries(db, last === undefined ? null : from, schedule.tables);
    } catch (error) {
      lastCompacted[i]!.delete(db); // the next batch tries again, over everything
      throw error;
    }
  }
}

/** The earlier of two change times, where null (anything changed) wins. */
function earlierOrAnything(a: Date | null, b: Date | null): Date | null {
  if (a === null || b === null) return null;
  return a < b ? a : b;
}
