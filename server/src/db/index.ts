import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type { Database } from './schema.ts';
export type Db = Kysely<Database>;

/** Which engine holds the data: the embedded PGlite or a real PostgreSQL server. */
export type DatabaseKind = 'embedded' | 'postgres';

export interface DatabaseHandle {
  db: Db;
  kind: DatabaseKind;
  /** The PGlite instance, when embedded (for COPY-free bulk work and tests). */
  pglite?: PGlite;
  /** The pg pool, when on PostgreSQL. */
  pool?: pg.Pool;
}

const INT8 = 20;
const NUMERIC = 1700;
// bigint and numeric arrive as strings by default; every such value Canopy stores fits a double.
const toNumber = (value: string) => Number(value);

/** Opens the embedded database; `dataDir` undefined keeps it in memory (tests). */
export async function openEmbedded(dataDir: string | undefined): Promise<DatabaseHandle> {
  // Loaded only when used: on PostgreSQL the embedded engine's WebAssembly never enters memory.
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber },
  });
  // A parallel plan can hang PGlite, which has no worker processes.
  await pglite.exec('set max_parallel_workers_per_gather = 0');
  return { db: new Kysely<Database>({ dialect: new PGliteDialect(pglite) }), kind: 'embedded', pglite };
}

/** Opens a pool to real PostgreSQL. */
export function openPostgres(connectionString: string, max = 10): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 || oid === NUMERIC ? toNumber : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), kind: 'postgres', pool };
}

/** Opens PostgreSQL when a URL is given, else the embedded database in `dataDir`. */
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string }): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openEmbedded(options.dataDir);
}
