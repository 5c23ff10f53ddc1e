import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { churnedOnSql, churnTimesSql, CUSTOMER_PERIOD_COLUMNS, customerPeriodAggregates, ROLLUP_GRAINS } from './aggregate.ts';
import { invalidateCounts } from '../journey/counts-cache.ts';
import { rebuildCustomerMilestones } from './milestones.ts';
import { lockRollupPasses } from './queue.ts';
import { rebuildPeriodSummaries, withoutSummaryTriggers } from './summaries.ts';
import { getRollupTimezone, setRollupTimezone } from './timezone.ts';

/**
 * Rebuilds every rollup from the raw events, which stay the source of truth: for a
 * changed time zone, after bulk loads or deletes, or by hand (`pnpm canopy rebuild-rollups`).
 * Runs in one transaction, so readers see the old rollups or the new ones, never half.
 * Events queued for the rollups (rollups/queue.ts) are in the rebuild: their queue is emptied.
 */
export async function rebuildRollups(db: Kysely<Database>, timezone?: string): Promise<void> {
  const rebuild = async (trx: Kysely<Database>) => {
    const zone = timezone ?? (await getRollupTimezone(trx));
    // No rollup pass runs meanwhile, and batches storing events wait to queue them until this
    // commits: every event queued so far is committed and rebuilt here, every later one is not.
    await lockRollupPasses(trx);
    await sql`lock table rollup_queue in exclusive mode`.execute(trx);
    await sql`delete from rollup_queue`.execute(trx);
    await withoutSummaryTriggers(trx, async () => {
      await sql`delete from customer_periods`.execute(trx);
      for (const grain of ROLLUP_GRAINS) {
        await sql`
          insert into customer_periods (${sql.join(CUSTOMER_PERIOD_COLUMNS.map((c) => sql.ref(c)))}, mrr, attribute_set, churned_on)
          select r.*, ${churnedOnSql(sql`ch.times`, sql`r.period_start`, zone)}
          from (
            select ${grain}, date_trunc(${grain}, e.occurred_at, ${zone}) as period_start, e.customer_id, ${customerPeriodAggregates()}, c.mrr, c.attribute_set
            from events e
            join customers c on c.id = e.customer_id
            group by 2, 3, c.mrr, c.attribute_set
          ) r
          left join (${churnTimesSql(sql`true`)}) ch on ch.customer_id = r.customer_id`.execute(trx);
      }
      await rebuildPeriodSummaries(trx);
      await rebuildCustomerMilestones(trx);
    });
    await setRollupTimezone(trx, zone);
    // Fresh statistics, or the planner takes a rebuilt table for empty and picks nested loops.
    await sql`analyze customer_periods`.execute(trx);
    await invalidateCounts(trx, null);
  };
  // Inside a caller's transaction (a settings change), join it; otherwise open one.
  if (db.isTransaction) await rebuild(db);
  else await db.transaction().execute(rebuild);
}

/** Rebuilds the rollups when they were cut in another time zone than `timezone`; true when it did. */
export async function ensureRollupTimezone(db: Kysely<Database>, timezone: string): Promise<boolean> {
  if ((await getRollupTimezone(db)) === timezone) return false;
  await rebuildRollups(db, timezone);
  return true;
}
