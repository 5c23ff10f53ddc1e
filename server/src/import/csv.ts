import { CsvError, parse } from 'csv-parse';
import { finished } from 'node:stream/promises';
import { checkHeader, detectKind, rowToItem, type ImportKind } from './columns.ts';
import { ImportFileError } from './file-error.ts';
import type { Source, SourceLine } from './source.ts';

// csv-parse does the quoting. Records are taken in its on_record hook, so every record
// before a syntax error is read before the error is raised (a stream error would drop
// buffered ones), and text is written one chunk at a time once the last is consumed.
// Line numbers are corrected here: csv-parse 7 counts a CRLF inside a quoted cell as two.

const MAX_RECORD = 4 * 1024 * 1024;

interface RawRecord {
  cells: string[];
  /** csv-parse's count of lines up to the record's end. */
  lines: number;
}

/** Opens CSV text: reads and checks the header, then yields each data row as an item with its line. */
export async function openCsv(texts: AsyncIterable<string>, forcedKind?: ImportKind): Promise<Source> {
  const tracker = new LineTracker();
  const records = readRecords(texts, tracker);
  const first = await records.next();
  if (first.done) throw new ImportFileError('the file is empty: expected a header line such as id,customer_id,type,occurred_at');
  tracker.place(first.value);
  const columns = first.value.cells;
  const kind = forcedKind ?? detectKind(columns);
  checkHeader(columns, kind, forcedKind !== undefined);
  return { kind, lines: rows(records, tracker, columns, kind) };
}

async function* rows(records: AsyncGenerator<RawRecord>, tracker: LineTracker, columns: string[], kind: ImportKind): AsyncGenerator<SourceLine> {
  for await (const record of records) {
    const line = tracker.place(record);
    if (record.cells.length !== columns.length) {
      yield {
        line,
        id: record.cells[columns.indexOf('id')] || null,
        reasons: [`the line has ${record.cells.length} cells but the header has ${columns.length} columns`],
      };
    } else {
      yield { line, item: rowToItem(columns, record.cells, kind) };
    }
  }
}

async function* readRecords(texts: AsyncIterable<string>, tracker: LineTracker): AsyncGenerator<RawRecord> {
  const queue: RawRecord[] = [];
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD,
    on_record: (cells: string[], context: { lines: number }) => {
      queue.push({ cells, lines: context.lines });
      return null; // taken here; nothing is left in the stream's buffer
    },
  });
  let failure: unknown;
  parser.on('error', (error) => (failure ??= error));
  parser.resume();
  for await (const text of texts) {
    await new Promise<void>((resolve) => parser.write(text, () => resolve()));
    yield* queue.splice(0);
    if (failure) throw explain(failure, tracker);
  }
  parser.end();
  await finished(parser).catch((error: unknown) => (failure ??= error));
  yield* queue.splice(0);
  if (failure) throw explain(failure, tracker);
}

function explain(error: unknown, tracker: LineTracker): unknown {
  return error instanceof CsvError ? tracker.explain(error) : error;
}

/** Works out the first file line of each record from csv-parse's end-line count. */
class LineTracker {
  private extraLines = 0; // csv-parse's over-count so far: one per CRLF inside quoted cells
  private lastEnd = 0;

  /** The file line the record starts on. */
  place(record: RawRecord): number {
    let crlf = 0;
    let newlines = 0;
    for (const cell of record.cells) {
      if (cell.includes('\n')) {
        newlines += cell.split('\n').length - 1;
        crlf += cell.split('\r\n').length - 1;
      }
    }
    this.extraLines += crlf;
    this.lastEnd = record.lines - this.extraLines;
    return this.lastEnd - newlines;
  }

  /** An ImportFileError for a csv-parse error, at the line after the last record read. */
  explain(error: CsvError): ImportFileError {
    const next = this.lastEnd + 1;
    switch (error.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        return new ImportFileError('unbalanced quotes: a quoted cell opened on this line or after it is never closed', next);
      case 'CSV_MAX_RECORD_SIZE':
        return new ImportFileError(`a row longer than ${MAX_RECORD / 1024 / 1024} MB starts here: most likely a quote is never closed`, next);
      case 'CSV_INVALID_CLOSING_QUOTE':
        return new ImportFileError('unbalanced quotes: text follows a closing quote (write a quote inside a quoted cell as "")', next);
      default:
        return new ImportFileError(`the CSV cannot be read: ${error.message}`, next);
    }
  }
}
