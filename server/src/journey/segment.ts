import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
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

/** Every attribute key with its values, sorted: what segment pickers offer. */
export async function getSegmentValues(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const result = await sql<{ key: string; values: string[] }>`
    select a.key, array_agg(distinct a.value order by a.value) as values
    from customers c, jsonb_each_text(c.attributes) as a(key, value)
    group by a.key order by a.key`.execute(db);
  return Object.fromEntries(result.rows.map((r) => [r.key, r.values]));
}

/** Throws SegmentError when the segment names an attribute key no customer has. */
export async function assertSegmentKeysExist(db: Kysely<Database>, segment: Segment): Promise<void> {
  const keys = Object.keys(segment);
  if (keys.length === 0) return;
  const result = await sql<{ key: string }>`
    select k.key from unnest(${keys}::text[]) as k(key)
    where not exists (select 1 from customers c where c.attributes ? k.key)`.execute(db);
  if (result.rows.length > 0) {
    const known = Object.keys(await getSegmentValues(db));
    throw new SegmentError(
      `unknown segment key ${result.rows.map((r) => JSON.stringify(r.key)).join(', ')}: known keys are ${known.join(', ') || 'none yet'}`,
    );
  }
}
