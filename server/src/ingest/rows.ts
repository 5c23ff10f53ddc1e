import type { StoredEvent } from '../db/schema.ts';

// What validation hands to storage: already judged, timestamps parsed, defaults applied.

/** An event ready to store: every column, null where the type has no such field. */
export type EventRow = StoredEvent;

/** A customer ready to store: only the fields that were sent (undefined = keep what is stored). */
export interface CustomerRow {
  id: string;
  name?: string;
  created_at?: Date;
  mrr?: number;
  attributes?: Record<string, string>;
}

/** The verdict on one item: a row to store, or every reason it cannot be stored. */
export type Judgement<Row> = { ok: true; row: Row } | { ok: false; reasons: string[] };

/** What storing a batch did: stored + duplicates = valid items given. */
export interface StoreResult {
  stored: number;
  duplicates: number;
}
