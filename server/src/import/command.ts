import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli.ts';
import { withDatabase } from '../cli/with-database.ts';
import { ImportFileError } from './file-error.ts';
import { importFile, type ImportKind, type ImportReport } from './import-file.ts';
import { progressPrinter } from './progress.ts';
import { rejectionList, summaryTable, type FileOutcome } from './summary.ts';

/** `canopy import`: imports CSV / JSON Lines files; exit 0 all stored, 1 some lines rejected, 2 a file unusable. */
export const importCommand: CliCommand = {
  usage: 'import <file>... [--kind customers|events] [--assume-timezone <IANA zone>]',
  summary:
    'Imports customers or events from CSV or JSON Lines files (the kind is told from the columns unless --kind names it). ' +
    'Safe to run again: stored events are skipped as duplicates. Exit code 0: all lines stored; 1: some lines rejected; 2: a file could not be read.',
  run: runImport,
};

async function runImport(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { kind: { type: 'string' }, 'assume-timezone': { type: 'string' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: pnpm canopy ${importCommand.usage}`);
    return 2;
  }
  const { kind, 'assume-timezone': assumeTimezone } = parsed.values;
  if (kind !== undefined && kind !== 'customers' && kind !== 'events') {
    console.error(`--kind ${kind} is not valid: use --kind customers or --kind events.`);
    return 2;
  }
  if (parsed.positionals.length === 0) {
    console.error(`Name at least one file.\nUsage: pnpm canopy ${importCommand.usage}`);
    return 2;
  }
  // pnpm runs scripts in server/; paths on the command line mean the caller's directory.
  const base = process.env.INIT_CWD ?? process.cwd();
  const files = parsed.positionals.map((file) => (isAbsolute(file) ? file : resolve(base, file)));

  return withDatabase(async (db) => {
    const outcomes: FileOutcome[] = [];
    for (const [i, file] of files.entries()) {
      const progress = progressPrinter(parsed.positionals[i]!);
      try {
        const report: ImportReport = await importFile(db, file, {
          ...(kind ? { kind: kind as ImportKind } : {}),
          ...(assumeTimezone ? { assumeTimezone } : {}),
          onProgress: progress.update,
        });
        outcomes.push({ name: parsed.positionals[i]!, report });
      } catch (error) {
        if (!(error instanceof ImportFileError)) throw error;
        outcomes.push({ name: parsed.positionals[i]!, error });
      } finally {
        progress.done();
      }
    }
    console.log(summaryTable(outcomes));
    const details = rejectionList(outcomes);
    if (details) console.log(`\n${details}`);
    if (outcomes.some((o) => o.error)) return 2;
    return outcomes.some((o) => o.report && o.report.rejected > 0) ? 1 : 0;
  });
}
