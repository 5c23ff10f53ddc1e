import type { Db } from '../db/index.ts';
import { rebuildRollups } from '../rollups/rebuild.ts';
import { insertDemoEvents, withIndexesBuiltAfter } from './bulk-load.ts';
import { generateDemoCompany } from './generate.ts';

/** What a seed stored, or a removal deleted. */
export interface DemoCounts {
  customers: number;
  events: number;
}

export interface SeedOptions {
  /** The deployment's time zone: the demo's months and stories start at midnight here. */
  timezone: string;
  /** The demo's "today"; now by default. */
  end?: Date;
  /** How many customers; 5,000 by default (tests use fewer). */
  customers?: number;
}

// 2,000 rows x 7 columns stays well under PostgreSQL's 65,535 parameters per statement.
const CUSTOMER_CHUNK = 2000;

/** True when the database holds any demo customer. */
export async function hasDemoData(db: Db): Promise<boolean> {
  return (await db.selectFrom('customers').select('id').where('demo', '=', true).limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Stores the demo company (docs/demo-data.md) marked demo=true, in one transaction, then
 * rebuilds the rollups. Refuses when demo data is already there.
 */
export async function seedDemo(db: Db, { timezone, end = new Date(), customers: count }: SeedOptions): Promise<DemoCounts> {
  const company = generateDemoCompany({ end, timezone, ...(count === undefined ? {} : { customers: count }) });
  // Events are generated in time order per customer, so the first one is the earliest.
  const firstSeen = new Map<string, string>();
  for (const e of company.events) if (!firstSeen.has(e.customer_id)) firstSeen.set(e.customer_id, e.occurred_at);

  await db.transaction().execute(async (trx) => {
    if (await hasDemoData(trx)) throw new Error('The demo company is already in the database: remove it first (pnpm seed --remove).');
    for (let i = 0; i < company.customers.length; i += CUSTOMER_CHUNK) {
      const chunk = company.customers.slice(i, i + CUSTOMER_CHUNK);
      await trx
        .insertInto('customers')
        .values(
          chunk.map((c) => ({
            id: c.id,
            name: c.name ?? null,
            created_at: c.created_at ?? null,
            mrr: c.mrr ?? null,
            attributes: JSON.stringify(c.attributes ?? {}),
            first_seen_at: firstSeen.get(c.id) ?? null,
            demo: true,
          })),
        )
        .execute();
    }
    await withIndexesBuiltAfter(trx, 'events', () => insertDemoEvents(trx, company.events));
  });
  // In the zone the rollups are already cut in: start-up re-cuts them when the deployment's zone changes.
  await rebuildRollups(db);
  return { customers: company.customers.length, events: company.events.length };
}

/** Seeds the demo company when the database holds no customers; returns what it stored, or null. */
export async function seedDemoIfEmpty(db: Db, options: SeedOptions): Promise<DemoCounts | null> {
  const any = await db.selectFrom('customers').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  return seedDemo(db, options);
}

/**
 * Deletes the demo events and the demo customers, then rebuilds the rollups. A demo
 * customer that real events were since sent for is kept, with those events.
 */
export async function removeDemo(db: Db): Promise<DemoCounts> {
  const counts = await db.transaction().execute(async (trx) => {
    const events = await trx.deleteFrom('events').where('demo', '=', true).executeTakeFirst();
    const customers = await trx
      .deleteFrom('customers')
      .where('demo', '=', true)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('events').select('events.id').whereRef('events.customer_id', '=', 'customers.id'))),
      )
      .executeTakeFirst();
    return { customers: Number(customers.numDeletedRows), events: Number(events.numDeletedRows) };
  });
  await rebuildRollups(db);
  return counts;
}
