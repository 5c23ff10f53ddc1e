import type { IngestRejection, IngestResult } from '@canopy/shared';
import type { Db } from '../db/index.ts';
import type { StoreBatch } from './group-commit.ts';
import type { Judgement } from './rows.ts';
import { storeCustomers, storeEvents, type StoreOptions } from './store.ts';
import { quotedId, validateCustomer, validateEvent, type ValidateOptions } from './validate.ts';

// The one path data takes in, from the API and from files alike: judge every item on its
// own, store the valid ones as one batch, and say what happened to each.

/** Options for a batch: how to judge its items and how to store them. */
export type IngestOptions = ValidateOptions & StoreOptions;

/**
 * Judges and stores a batch of sent events; invalid items are listed, valid neighbours stored.
 * `store` stores the valid rows: storeEvents, or the API's group commit in front of it.
 */
export async function ingestEvents(
  db: Db,
  items: unknown[],
  options: IngestOptions = {},
  store: StoreBatch = (rows, storeOptions) => storeEvents(db, rows, storeOptions),
): Promise<IngestResult> {
  const judged = judgeAll(items, (item) => validateEvent(item, withClock(options)));
  const result = await store(judged.rows, { demo: options.demo });
  return { ...result, rejected: judged.rejected };
}

/** Judges and stores a batch of sent customers (create or update by id). */
export async function ingestCustomers(db: Db, items: unknown[], options: IngestOptions = {}): Promise<IngestResult> {
  const judged = judgeAll(items, (item) => validateCustomer(item, options));
  const result = await storeCustomers(db, judged.rows, options);
  return { ...result, rejected: judged.rejected };
}

/** Splits a batch into the rows to store and the rejected items with every reason. */
export function judgeAll<Row>(items: unknown[], judge: (item: unknown) => Judgement<Row>) {
  const rows: Row[] = [];
  const rejected: IngestRejection[] = [];
  items.forEach((item, index) => {
    const judgement = judge(item);
    if (judgement.ok) rows.push(judgement.row);
    else rejected.push({ index, id: quotedId(item), reasons: judgement.reasons });
  });
  return { rows, rejected };
}

// One clock reading per batch, so every item of it is judged against the same "now".
function withClock(options: IngestOptions): IngestOptions {
  return options.now ? options : { ...options, now: new Date() };
}
