import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { rebuildRollups } from '../rollups/rebuild.ts';
import { readManifest, TransferError, type Manifest } from './manifest.ts';
import { DERIVED_TABLES, TRANSFER_TABLES } from './tables.ts';

/** Rows sent per insert: one JSON parameter each, so the batch size is not bound by parameter limits. */
const BATCH = 1000;
const ROLLUP_TIMEZONE_KEY = 'rollups.timezone';

export interface ImportAllOptions {
  /** Empty the database first; without it, a database holding any data is refused. */
  replace?: boolean;
  onTable?: (name: string, rows: number) => void;
}

/**
 * Loads a folder written by exportDatabase into this database, in one transaction: all of
 * it or, on any problem, none of it. Refuses another schema version, and a database that
 * already holds data unless `replace`. Rebuilds the rollups from the imported events.
 */
export async function importAll(db: Db, dir: string, options: ImportAllOptions = {}): Promise<Manifest> {
  const manifest = await readManifest(dir);
  const byName = new Map(manifest.tables.map((t) => [t.name, t]));
  for (const table of TRANSFER_TABLES) {
    const entry = byName.get(table.name);
    if (!entry) throw new TransferError(`The export has no ${table.name} table: it is incomplete; export again.`);
    await access(join(dir, entry.file)).catch(() => {
      throw new TransferError(`${join(dir, entry.file)} is missing: the export is incomplete; copy the whole folder.`);
    });
  }

  await db.transaction().execute(async (trx) => {
    await sql`set local timezone = 'UTC'`.execute(trx);
    if (options.replace) {
      for (const name of [...DERIVED_TABLES, ...TRANSFER_TABLES.map((t) => t.name).reverse()]) {
        await sql`delete from ${sql.table(name)}`.execute(trx);
      }
    } else {
      const holding = await tablesHoldingData(trx);
      if (holding.length > 0) {
        throw new TransferError(
          `This database already holds data (${holding.join(', ')}). Import into an empty database, or add --replace to delete everything in it first.`,
        );
      }
      // A started but empty Canopy has derived rows only (rollup bookkeeping): those make way.
      for (const name of DERIVED_TABLES) await sql`delete from ${sql.table(name)}`.execute(trx);
      await trx.deleteFrom('settings').where('key', '=', ROLLUP_TIMEZONE_KEY).execute();
    }

    for (const table of TRANSFER_TABLES) {
      const entry = byName.get(table.name)!;
      const rows = await insertFile(trx, table.name, join(dir, entry.file), table.identity !== undefined);
      if (rows !== entry.rows) {
        throw new TransferError(`${entry.file} holds ${rows} rows but the manifest says ${entry.rows}: the export is incomplete or was changed; export again.`);
      }
      if (table.identity) {
        // The next generated id follows the highest imported one.
        await sql`select setval(pg_get_serial_sequence(${table.name}, ${table.identity}),
          coalesce((select max(${sql.ref(table.identity)}) from ${sql.table(table.name)}), 0) + 1, false)`.execute(trx);
      }
      options.onTable?.(table.name, rows);
    }

    // The rollups are derived: cut them again, in the zone the exporting database used.
    // Rebuilding records that zone in settings; keep the imported settings row exactly as it was.
    // (As text: a JavaScript Date would drop the microseconds.)
    const zoneRow = await sql<{ at: string }>`select updated_at::text as at from settings where key = ${ROLLUP_TIMEZONE_KEY}`.execute(trx);
    await rebuildRollups(trx);
    const at = zoneRow.rows[0]?.at;
    if (at) await sql`update settings set updated_at = ${at}::timestamptz where key = ${ROLLUP_TIMEZONE_KEY}`.execute(trx);
    else await trx.deleteFrom('settings').where('key', '=', ROLLUP_TIMEZONE_KEY).execute();
  });
  return manifest;
}

/** The transferred tables that hold at least one row. */
async function tablesHoldingData(db: Db): Promise<string[]> {
  const holding: string[] = [];
  for (const table of TRANSFER_TABLES) {
    // The rollups' time-zone note is bookkeeping, written by any start: not data.
    const bookkeeping = table.name === 'settings' ? sql`where key <> ${ROLLUP_TIMEZONE_KEY}` : sql``;
    const row = await sql<{ one: number }>`select 1 as one from ${sql.table(table.name)} ${bookkeeping} limit 1`.execute(db);
    if (row.rows.length > 0) holding.push(table.name);
  }
  return holding;
}

/** Streams a JSON Lines file into `table` in batches; returns how many rows it held. */
async function insertFile(db: Db, table: string, path: string, overridingIdentity: boolean): Promise<number> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let batch: string[] = [];
  let rows = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    // The database turns each JSON row back into the table's own column types.
    await sql`insert into ${sql.table(table)} ${overridingIdentity ? sql`overriding system value` : sql``}
      select * from jsonb_populate_recordset(null::${sql.table(table)}, ${`[${batch.join(',')}]`}::jsonb)`.execute(db);
    batch = [];
  };
  for await (const line of lines) {
    if (line.trim() === '') continue;
    batch.push(line);
    rows++;
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return rows;
}
