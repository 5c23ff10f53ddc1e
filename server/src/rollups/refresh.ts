import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';

/** An event as far as rollups care: whose, and when. */
export interface RollupKey {
  customer_id: string;
  occurred_at: Date;
}

/**
 * Brings the rollups of every (customer, period) touched by these just-stored events up
 * to date. Call inside the transaction that stored them. (Being written in the journey issue.)
 */
export async function refreshRollupsForEvents(_trx: Kysely<Database>, _events: RollupKey[]): Promise<void> {}
