import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { MAX_STALE_MS, nothingChangedSince, takeSnapshot, type Snapshot } from './counts-cache.ts';
import type { Segment } from './source.ts';

/** A segment parameter that cannot be used; the message says what to send instead. */
export class SegmentError extends Error {}

/**
 * Parses repeatable `segment=key:value` parameters into a Segment: the same key twice is
 * OR, different keys are AND. The value is everything after the first colon.
 */
export function parseSegment(params: string[] | string | undefined): Segment {
  const list = params === undefined ? [] : Array.isArray(params) ? params : [params];
  // A Map, not an object literal: keys such as "__proto__" or "constructor" are attribute names too.
  const segment = new Map<string, string[]>();
  for (const param of list) {
    const colon = param.indexOf(':');
    if (colon <= 0 || colon === param.length - 1) {
      throw new SegmentError(`segment ${JSON.stringify(param)} is not key:value, e.g. segment=plan:pro`);
    }
    const key = param.slice(0, colon);
    const value = param.slice(colon + 1);
    const values = segment.get(key) ?? [];
    if (!values.includes(value)) values.push(value);
    segment.set(key, values);
  }
  // fromEntries defines own properties, so even "__proto__" becomes an ordinary key.
  return Object.fromEntries(segment);
}

// The pickers' list reads every customer's attributes (a third of a second at a million
// customers), and every dashboard page asks for it. Attributes change only with customers,
// so the list is kept, per database, with the snapshot it was read in, and read again once
// a change to customers may have committed outside it (nothingChangedSince, counts-cache.ts).
interface SegmentList {
  values: Record<string, string[]>;
  snapshot: Snapshot;
}
const lists = new WeakMap<Kysely<Database>, Promise<SegmentList>>();

/** Every attribute key with its values, sorted: what segment pickers offer. */
export async function getSegmentValues(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const kept = lists.get(db);
  if (kept) {
    const list = await kept.catch(() => undefined);
    if (list && (await nothingChangedSince(db, list.snapshot))) return list.values;
    // Another reader may already be reading it again: share that read.
    const newer = lists.get(db);
    if (newer && newer !== kept) return (await newer).values;
  }
  const reading = readSegmentValues(db);
  lists.set(db, reading);
  return (await reading).values;
}

async function readSegmentValues(db: Kysely<Database>): Promise<SegmentList> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const snapshot = await takeSnapshot(trx);
      // Customers share a few dozen attribute sets, so each distinct set is taken apart once
      // (1.6 s → 0.33 s at a million customers: sorting every customer's pairs spilled to disk).
      const result = await sql<{ key: string; values: string[] }>`
        select key, array_agg(value order by value) as values
        from (select distinct a.key, a.value
              from (select distinct attributes from customers) c, jsonb_each_text(c.attributes) as a(key, value)) kv
        group by key order by key`.execute(trx);
      return { values: Object.fromEntries(result.rows.map((r) => [r.key, r.values])), snapshot };
    });
}

/** Throws SegmentError when the segment names an attribute key no customer has. */
export async function assertSegmentKeysExist(db: Kysely<Database>, segment: Segment): Promise<void> {
  const keys = Object.keys(segment);
  if (keys.length === 0) return;
  // Keys in a kept list read within MAX_STALE_MS are taken without reading it again, even
  // when customers changed since (a third of a second at a million customers, after every
  // customer change). The only key that could be wrongly taken is one every customer lost
  // since: its segment is empty, and the counts say so. Any other key is checked afresh.
  const kept = await lists.get(db)?.catch(() => undefined);
  const recent = kept !== undefined && Date.now() - new Date(kept.snapshot.takenAt).getTime() <= MAX_STALE_MS;
  if (recent && keys.every((key) => Object.hasOwn(kept.values, key))) return;
  const known = await getSegmentValues(db);
  const unknown = keys.filter((key) => !Object.hasOwn(known, key));
  if (unknown.length > 0) {
    throw new SegmentError(
      `unknown segment key ${unknown.map((key) => JSON.stringify(key)).join(', ')}: known keys are ${Object.keys(known).join(', ') || 'none yet'}`,
    );
  }
}
