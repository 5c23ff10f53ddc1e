import type { EventType } from '@canopy/shared';

// What validation hands to storage: already judged, timestamps parsed, defaults applied.

/** An event ready to store: every column, null where the type has no such field. */
export interface EventRow {
  id: string;
  customer_id: string;
  type: EventType;
  occurred_at: Date;
  feature: string | null;
  article: string | null;
  escalated: boolean | null;
  resolved: boolean | null;
  hold_seconds: number | null;
  talk_seconds: number | null;
  score: number | null;
  comment: string | null;
  reason: string | null;
  channel: string | null;
}

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
