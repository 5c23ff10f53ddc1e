import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import type { StoredEvent } from '../db/schema.ts';
import { scopedCustomerPeriods, segmentSql, type LadderStage, type Scope } from './source.ts';

/** Most events listed per customer on a drill-down page; the rest are counted. */
export const EVENTS_PER_CUSTOMER = 200;

export interface DrilldownCustomerRow {
  id: string;
  name: string | null;
  mrr: number | null;
  attributes: Record<string, string>;
  eventCount: number;
}

/** An event as the drill-down lists it. */
export type DrilldownEventRow = StoredEvent;

/** One page of the active customers at stage `rank` in the period, by id after `cursor`. Call inside a transaction. */
export async function getStageCustomers(
  trx: Kysely<Database>,
  scope: Scope,
  ladder: LadderStage[],
  rank: number,
  cursor: string | undefined,
  limit: number,
): Promise<DrilldownCustomerRow[]> {
  // Walk the period's rows in customer order and test each one's segment by key, so the
  // page is found after reading about `limit` matching rows, not the whole period.
  const rows = scopedCustomerPeriods({ ...scope, segment: {} }, ladder);
  const inSegment =
    Object.keys(scope.segment).length === 0
      ? sql`true`
      : sql`coalesce((select ${segmentSql(scope.segment)} from customers c where c.id = cp.customer_id), false)`;
  // The planner cannot estimate how many rows pass the stage test, guesses very few, and
  // then reads the whole period and sorts it (0.5 s for a week at 100,000 customers instead
  // of 16 ms): for the rest of this transaction it may only walk an index in order.
  await sql`select set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)`.execute(trx);
  const result = await sql<DrilldownCustomerRow>`
    with page as (
      select cp.customer_id from ${rows} cp
      where cp.active and cp.stage = ${rank} ${cursor === undefined ? sql`` : sql`and cp.customer_id > ${cursor}`}
        and ${inSegment}
      order by cp.customer_id
      limit ${limit}
    )
    select c.id, c.name, c.mrr, c.attributes,
      (select count(*)::int from events e
        where e.customer_id = c.id and e.occurred_at >= ${scope.from} and e.occurred_at < ${scope.to}) as "eventCount"
    from page join customers c on c.id = page.customer_id
    order by c.id`.execute(trx);
  return result.rows;
}

/** The events of these customers in [from, to), in time order, at most EVENTS_PER_CUSTOMER each. */
export async function getCustomerEvents(db: Kysely<Database>, customerIds: string[], from: Date, to: Date) {
  if (customerIds.length === 0) return [];
  const result = await sql<DrilldownEventRow>`
    select customer_id, id, type, occurred_at, feature, article, escalated, resolved,
      hold_seconds, talk_seconds, score, comment, reason, channel
    from (
      select e.*, row_number() over (partition by e.customer_id order by e.occurred_at, e.id) as n
      from events e
      where e.customer_id = any(${customerIds}::text[]) and e.occurred_at >= ${from} and e.occurred_at < ${to}
    ) ranked
    where n <= ${EVENTS_PER_CUSTOMER}
    order by customer_id, occurred_at, id`.execute(db);
  return result.rows;
}
