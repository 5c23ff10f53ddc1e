import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { CUSTOMER_PERIOD_COLUMNS, customerPeriodAggregates, periodEndSql, ROLLUP_GRAINS } from './aggregate.ts';
import { invalidateCounts } from '../journey/counts-cache.ts';
import { getRollupTimezone } from './timezone.ts';

/** An event as far as rollups care: whose, and when. */
export interface RollupKey {
  customer_id: string;
  occurred_at: Date;
}

/**
 * Brings the rollups of every (customer, period) touched by these just-stored events up
 * to date, for every rollup grain. Call inside the transaction that stored them.
 *
 * Each touched row is recomputed from all of that customer's raw events in the period,
 * so late, out-of-order and duplicate events leave it exact.
 */
export async function refreshRollupsForEvents(trx: Kysely<Database>, events: RollupKey[]): Promise<void> {
  if (events.length === 0) return;
  const timezone = await getRollupTimezone(trx);
  const ids = events.map((e) => e.customer_id);
  const times = events.map((e) => (e.occurred_at instanceof Date ? e.occurred_at : new Date(e.occurred_at)).toISOString());

  // Two concurrent batches for one customer would each recompute from a snapshot missing
  // the other's events, and the later write would drop the earlier one's. A per-customer
  // lock, taken in a fixed order so batches cannot deadlock, makes the second wait; its
  // recompute statements then see the first batch's committed events.
  await sql`
    select pg_advisory_xact_lock(4242, h)
    from (select distinct hashtext(id) as h from unnest(${ids}::text[]) as id order by 1) locks`.execute(trx);

  for (const grain of ROLLUP_GRAINS) {
    await sql`
      with keys as (
        select distinct k.customer_id, date_trunc(${grain}, k.t, ${timezone}) as period_start
        from unnest(${ids}::text[], ${times}::timestamptz[]) as k(customer_id, t)
      )
      insert into customer_periods (${sql.join(CUSTOMER_PERIOD_COLUMNS.map((c) => sql.ref(c)))})
      select ${grain}, k.period_start, k.customer_id, ${customerPeriodAggregates()}
      from keys k
      join events e on e.customer_id = k.customer_id
        and e.occurred_at >= k.period_start
        and e.occurred_at < ${periodEndSql(sql.ref('k.period_start'), grain, timezone)}
      group by k.customer_id, k.period_start
      on conflict (grain, period_start, customer_id) do update set
        ${sql.join(CUSTOMER_PERIOD_COLUMNS.slice(3).map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}`.execute(trx);
  }
  // Last, so the cache lock is held only for the commit: these events can change the
  // figures of every period whose churn window ends after the earliest of them.
  const earliest = new Date(times.reduce((min, t) => Math.min(min, Date.parse(t)), Infinity));
  await invalidateCounts(trx, earliest);
}
