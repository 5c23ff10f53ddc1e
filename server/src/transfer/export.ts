import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { currentSchemaVersion, FORMAT, FORMAT_VERSION, MANIFEST_FILE, TransferError, type Manifest } from './manifest.ts';
import { TRANSFER_TABLES } from './tables.ts';

/** Rows read per query: the export streams, whatever the size of the database. */
const PAGE = 2000;

/**
 * Writes every table of TRANSFER_TABLES to `<dir>/<table>.jsonl` (one row a line, as the
 * database's own JSON of the row, ordered by primary key) and `<dir>/manifest.json`.
 * Everything is read in one repeatable-read transaction: one consistent moment.
 */
export async function exportDatabase(db: Db, dir: string, onTable?: (name: string, rows: number) => void): Promise<Manifest> {
  await mkdir(dir, { recursive: true });
  const existing = await readdir(dir);
  if (existing.length > 0) throw new TransferError(`${dir} is not empty: export into a new or empty folder.`);

  const manifest: Manifest = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    schemaVersion: currentSchemaVersion(),
    exportedAt: new Date().toISOString(),
    tables: [],
  };
  await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    // Timestamps as UTC text, the same whichever server or machine exports.
    await sql`set local timezone = 'UTC'`.execute(trx);
    for (const table of TRANSFER_TABLES) {
      const file = `${table.name}.jsonl`;
      const out = createWriteStream(join(dir, file));
      let rows = 0;
      let after: unknown = null;
      for (;;) {
        const page = await sql<{ row: string; k: unknown }>`
          select (to_jsonb(t) - ${table.derived ?? []}::text[])::text as row, t.${sql.ref(table.key)} as k from ${sql.table(table.name)} t
          where ${after === null ? sql`true` : sql`t.${sql.ref(table.key)} > ${after}`}
          order by t.${sql.ref(table.key)} limit ${PAGE}`.execute(trx);
        for (const { row } of page.rows) {
          if (!out.write(`${row}\n`)) await once(out, 'drain');
        }
        rows += page.rows.length;
        if (page.rows.length < PAGE) break;
        after = page.rows.at(-1)!.k;
      }
      out.end();
      await once(out, 'finish');
      manifest.tables.push({ name: table.name, file, rows });
      onTable?.(table.name, rows);
    }
  });
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
