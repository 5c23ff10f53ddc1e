import type { PGlite } from '@electric-sql/pglite';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import { prepareMarkedStatements } from './prepared.ts';
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

/** The embedded database's folder cannot be written (read-only, full, no permission); the message says what to fix. */
export class DataDirError extends Error {}

const DISK_PROBLEMS: Record<string, string> = {
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'a file may not grow (file size limit)',
  EACCES: 'this user may not write there',
  EPERM: 'this user may not write there',
};

/** Writes and removes a small file in `dataDir`: the embedded engine needs to write there to open at all. */
function probeDataDir(dataDir: string): string | undefined {
  const probe = join(dataDir, `.canopy-write-check-${process.pid}`);
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(probe, Buffer.alloc(256 * 1024));
    rmSync(probe);
    return undefined;
  } catch (error) {
    rmSync(probe, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return DISK_PROBLEMS[code] ?? `${code || 'error'}: ${(error as Error).message}`;
  }
}

const dataDirMessage = (dataDir: string, problem: string) =>
  `Cannot write to the data directory ${dataDir}: ${problem}. Free space or fix its permissions (or point CANOPY_DATA_DIR elsewhere), then start Canopy again.`;

/** Opens the embedded database; `dataDir` undefined keeps it in memory (tests). Throws DataDirError when it cannot be written. */
export async function openEmbedded(dataDir: string | undefined): Promise<DatabaseHandle> {
  const problem = dataDir ? probeDataDir(dataDir) : undefined;
  if (dataDir && problem) throw new DataDirError(dataDirMessage(dataDir, problem));
  // Loaded only when used: on PostgreSQL the embedded engine's WebAssembly never enters memory.
  const { PGlite } = await import('@electric-sql/pglite');
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      parsers: { [INT8]: toNumber, [NUMERIC]: toNumber },
    });
  } catch (error) {
    // PGlite says only "failed to initialize": a full disk is the usual reason when the probe passed.
    if (!dataDir) throw error;
    throw new DataDirError(
      dataDirMessage(dataDir, probeDataDir(dataDir) ?? `the embedded database could not open (${(error as Error).message}); the disk may be nearly full`),
    );
  }
  // A parallel plan can hang PGlite, which has no worker processes.
  await pglite.exec('set max_parallel_workers_per_gather = 0');
  return { db: new Kysely<Database>({ dialect: new PGliteDialect(pglite) }), kind: 'embedded', pglite };
}

/** Opens a pool to real PostgreSQL. */
export function openPostgres(connectionString: string, max = 10): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max,
    // JIT compiling costs 10 to 20 ms per query and saved nothing on the counts (measured at
    // 100,000 customers, docs/performance.md); the drill-down's first page took 13 ms with it, 3 without.
    options: '-c jit=off',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 || oid === NUMERIC ? toNumber : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A client losing its server must not crash the process: idle ones are reported here and
  // dropped by the pool. A checked-out client (say, mid-transaction) has no listener of the
  // pool's, so it gets one of its own; its running query fails (answered 503), and the pool
  // drops it on release because it is no longer queryable.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
    prepareMarkedStatements(client);
  });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), kind: 'postgres', pool };
}

/**
 * Connections for storing ingestion batches, apart from the ones dashboards read with: a
 * batch never waits behind readers for a connection, and at most two batches are stored at
 * once (waiting batches are stored together, see ingest/group-commit.ts; the rollup worker's
 * passes run beside them on the readers' pool). On the embedded database, its one
 * connection. Close with closeIngestionDb.
 */
export function openIngestionDb(handle: DatabaseHandle): Db {
  if (!handle.pool) return handle.db;
  return openPostgres(String(handle.pool.options.connectionString), INGESTION_CONNECTIONS).db;
}

/** Connections of openIngestionDb on PostgreSQL. */
export const INGESTION_CONNECTIONS = 2;

/** Closes what openIngestionDb opened. */
export async function closeIngestionDb(handle: DatabaseHandle, ingestionDb: Db): Promise<void> {
  if (ingestionDb !== handle.db) await ingestionDb.destroy();
}

/** Opens PostgreSQL when a URL is given, else the embedded database in `dataDir`. */
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string }): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openEmbedded(options.dataDir);
}
