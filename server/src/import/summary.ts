import type { ImportFileError } from './file-error.ts';
import type { ImportReport } from './import-file.ts';

/** What became of one named file: its report, or the problem that stopped it. */
export interface FileOutcome {
  name: string;
  report?: ImportReport;
  error?: ImportFileError;
}

/** The summary table printed after an import: one row per file, numbers right-aligned. */
export function summaryTable(outcomes: FileOutcome[]): string {
  const header = ['file', 'kind', 'lines', 'stored', 'duplicates', 'rejected', 'result'];
  const rows = outcomes.map(({ name, report, error }) => {
    const counts = report ?? error?.partial;
    const result = error ? 'stopped: see below' : report && report.rejected > 0 ? 'some lines rejected' : 'ok';
    return [
      name,
      report?.kind ?? '',
      ...[counts?.lines, counts?.stored, counts?.duplicates, counts?.rejected].map((n) => (n === undefined ? '' : n.toLocaleString('en'))),
      result,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = (i: number) => i >= 2 && i <= 5;
  const format = (cells: string[]) =>
    cells.map((cell, i) => (numeric(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...rows.map(format)].join('\n');
}

/** The problems, file by file: why a file stopped, and its rejected lines with every reason. */
export function rejectionList(outcomes: FileOutcome[]): string {
  const parts: string[] = [];
  for (const { name, report, error } of outcomes) {
    if (error) {
      const before = error.partial && error.partial.lines > 0 ? ' The lines before it were imported; fix the file and run the import again.' : '';
      parts.push(`${name}: ${error.message}${before}`);
    }
    if (!report || report.rejected === 0) continue;
    const listed = report.rejections.length;
    const of = listed < report.rejected ? ` (the first ${listed} of ${report.rejected.toLocaleString('en')})` : '';
    parts.push(`${name}: rejected lines${of}:`);
    for (const r of report.rejections) {
      parts.push(`  line ${r.line}${r.id !== null ? ` (id ${r.id})` : ''}: ${r.reasons.join('; ')}`);
    }
  }
  return parts.join('\n');
}
