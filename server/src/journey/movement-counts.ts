import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { joinSegmentByHash, scopedCustomerPeriods, type LadderStage, type Scope } from './source.ts';

/** One cell of the movement matrix: customers at stage `from` in P-1 and `to` in P (null: not active then). */
export interface MovementCell {
  from: number | null;
  to: number | null;
  customers: number;
}

/** Counts customers by (stage in the previous period, stage in this one), over active customers. */
export async function getMovementCells(
  db: Kysely<Database>,
  previous: Scope,
  current: Scope,
  ladder: LadderStage[],
): Promise<MovementCell[]> {
  await joinSegmentByHash(db, current.segment);
  const result = await sql<MovementCell>`
    with prev as ${scopedCustomerPeriods(previous, ladder)},
    cur as ${scopedCustomerPeriods(current, ladder)}
    select p.stage::int as "from", c.stage::int as "to", count(*)::int as customers
    from (select customer_id, stage from prev where active) p
    full join (select customer_id, stage from cur where active) c on c.customer_id = p.customer_id
    group by p.stage, c.stage`.execute(db);
  return result.rows;
}
