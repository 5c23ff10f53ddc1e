import { sql, type Kysely } from 'kysely';
import type { Database } from '@canopy/server/db/index.ts';

/** The PostgreSQL settings that move these benchmarks most, as the server reports them. */
const SETTINGS = ['shared_buffers', 'effective_cache_size', 'max_wal_size', 'autovacuum'];

/**
 * One line for a benchmark's header, such as "PostgreSQL 15.19, shared_buffers 6GB,
 * effective_cache_size 16GB, max_wal_size 1GB, autovacuum off": a table measured on the
 * default 128 MB of shared_buffers and one measured on a quarter of the RAM are different
 * machines (docs/operations.md, Sizing).
 */
export async function describePostgres(db: Kysely<Database>): Promise<string> {
  const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db);
  const values = await Promise.all(
    SETTINGS.map(async (name) => {
      const row = await sql<{ v: string }>`select current_setting(${name}) as v`.execute(db);
      return `${name} ${row.rows[0]!.v}`;
    }),
  );
  return [`PostgreSQL ${version.rows[0]!.v.split(' ')[0]}`, ...values].join(', ');
}
