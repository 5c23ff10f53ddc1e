import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli.ts';
import { withDatabase } from '../cli/with-database.ts';
import { exportDatabase } from './export.ts';
import { importAll } from './import.ts';
import { TransferError } from './manifest.ts';

/** `pnpm canopy export <dir>`: every table to JSON Lines files plus a manifest. */
export const exportCommand: CliCommand = {
  usage: 'export <dir>',
  summary:
    'Writes everything (customers, events, settings, annotations, users, sessions, API keys, share links) to <dir> as one ' +
    'JSON Lines file per table plus manifest.json, from one consistent moment. <dir> must be new or empty. See docs/moving-house.md.',
  run: (args) => runTransfer('export', args, (db, dir) => exportDatabase(db, dir, report)),
};

/** `pnpm canopy import-all <dir> [--replace]`: loads an export into this database, all or nothing. */
export const importAllCommand: CliCommand = {
  usage: 'import-all <dir> [--replace]',
  summary:
    'Loads a folder written by export into this database in one transaction, then rebuilds the rollups. The database must be ' +
    'empty unless --replace is given (which deletes everything in it first). Refuses an export from another schema version.',
  run: (args) => runTransfer('import-all', args, (db, dir, replace) => importAll(db, dir, { replace, onTable: report })),
};

function report(name: string, rows: number) {
  console.log(`  ${name.padEnd(14)} ${rows.toLocaleString('en').padStart(12)} rows`);
}

async function runTransfer(
  name: 'export' | 'import-all',
  args: string[],
  work: (db: Parameters<Parameters<typeof withDatabase>[0]>[0], dir: string, replace: boolean) => Promise<unknown>,
): Promise<number> {
  const usage = name === 'export' ? exportCommand.usage : importAllCommand.usage;
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: name === 'import-all' ? { replace: { type: 'boolean' } } : {} });
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: pnpm canopy ${usage}`);
    return 2;
  }
  if (parsed.positionals.length !== 1) {
    console.error(`Name one folder.\nUsage: pnpm canopy ${usage}`);
    return 2;
  }
  // pnpm runs scripts in server/; a relative folder means the caller's directory.
  const base = process.env.INIT_CWD ?? process.cwd();
  const dir = isAbsolute(parsed.positionals[0]!) ? parsed.positionals[0]! : resolve(base, parsed.positionals[0]!);
  return withDatabase(async (db) => {
    const started = performance.now();
    console.log(name === 'export' ? `Exporting to ${dir}:` : `Importing ${dir}:`);
    try {
      await work(db, dir, parsed.values.replace === true);
    } catch (error) {
      if (error instanceof TransferError) {
        console.error(error.message);
        return 2;
      }
      throw error;
    }
    console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  });
}
