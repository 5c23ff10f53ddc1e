import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type pg from 'pg';

// PostgreSQL plans an ordinary statement every time it runs. For the small statements every
// dashboard read makes (the counts-cache lookup, settings, who is calling), planning took
// longer than running: 0.49 ms against 0.37 ms for the lookup (pg_stat_statements with
// track_planning, under `pnpm load`; docs/performance.md). A statement marked `prepared` is
// sent as a named prepared statement instead, so each connection plans it once and reuses
// the plan. PostgreSQL plans it again by itself when a table it reads changes.
//
// Mark only statements whose text is fixed (values passed as parameters, never spliced
// in): every distinct text is kept by every connection for as long as it lives.
// On the embedded database the mark is only a comment.

const MARK = '/* prepared */';

/** A statement's name: the same text gets the same name on every connection. */
const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) names.set(text, (name = `canopy_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  return name;
}

/** Put in a statement (`sql\`select ${prepared} ...\``) to have it prepared once per connection. */
export const prepared = sql.raw(MARK);

/** Makes `client` send statements that carry the mark as named prepared statements. */
export function prepareMarkedStatements(client: pg.ClientBase): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  // Kysely calls query(text, values); everything else passes through untouched.
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text === 'string' && text.includes(MARK) && (values === undefined || Array.isArray(values)) && args.length <= 2) {
      return query({ name: nameOf(text), text, values });
    }
    return query(...args);
  }) as typeof client.query;
}
