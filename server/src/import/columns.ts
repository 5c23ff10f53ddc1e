import { ImportFileError } from './file-error.ts';

// What a file holds (customers or events) and how a CSV row becomes the same object the
// API takes: an empty cell is an absent field, numbers and booleans are converted.

/** What a file holds. */
export type ImportKind = 'customers' | 'events';

const EVENT_REQUIRED = ['id', 'customer_id', 'type', 'occurred_at'];
const EVENT_OPTIONAL = ['feature', 'article', 'escalated', 'resolved', 'hold_seconds', 'talk_seconds', 'score', 'comment', 'reason', 'channel'];
const CUSTOMER_FIELDS = ['id', 'name', 'created_at', 'mrr'];
const NUMERIC = new Set(['hold_seconds', 'talk_seconds', 'score', 'mrr']);
const BOOLEAN = new Set(['escalated', 'resolved']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Tells events from customers by their field names: only events have customer_id, occurred_at or type. */
export function detectKind(fields: string[]): ImportKind {
  const has = (name: string) => fields.includes(name);
  if (has('customer_id') || has('occurred_at')) return 'events';
  if (has('type') && !['name', 'created_at', 'mrr', 'attributes'].some(has)) return 'events';
  return 'customers';
}

/** Checks a CSV header for its kind; throws ImportFileError naming a missing, unknown or repeated column. */
export function checkHeader(columns: string[], kind: ImportKind, forced: boolean): void {
  const found = `(columns found: ${columns.join(', ')})`;
  const other = kind === 'events' ? 'customers' : 'events';
  const hint = forced ? '' : `. If this is a ${other} file, import it with --kind ${other}`;
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
  if (repeated !== undefined) throw new ImportFileError(`the column "${repeated}" appears twice in the header`, 1);
  const blank = columns.indexOf('');
  if (blank !== -1) throw new ImportFileError(`column ${blank + 1} of the header has no name`, 1);
  const required = kind === 'events' ? EVENT_REQUIRED : ['id'];
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    const list = missing.map((c) => `"${c}"`).join(', ');
    throw new ImportFileError(`missing required column${missing.length > 1 ? 's' : ''} ${list} for a ${kind} file ${found}${hint}`, 1);
  }
  if (kind === 'events') {
    const unknown = columns.filter((c) => !EVENT_REQUIRED.includes(c) && !EVENT_OPTIONAL.includes(c));
    if (unknown.length > 0) {
      throw new ImportFileError(
        `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')} for an events file: ` +
          `the columns are ${[...EVENT_REQUIRED, ...EVENT_OPTIONAL].join(', ')}`,
        1,
      );
    }
  }
}

/** Turns one CSV row into the object the API would take; cells that do not convert stay text for the validator to name. */
export function rowToItem(columns: string[], cells: string[], kind: ImportKind): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  let attributes: Record<string, string> | undefined;
  columns.forEach((column, i) => {
    const cell = cells[i];
    if (cell === undefined || cell === '') return;
    if (kind === 'customers' && !CUSTOMER_FIELDS.includes(column)) {
      (attributes ??= {})[column] = cell;
    } else {
      item[column] = convert(column, cell);
    }
  });
  if (attributes) item.attributes = attributes;
  return item;
}

function convert(column: string, cell: string): unknown {
  if (NUMERIC.has(column) && NUMBER.test(cell.trim())) {
    const value = Number(cell);
    return Number.isFinite(value) ? value : cell;
  }
  if (BOOLEAN.has(column)) {
    const lower = cell.trim().toLowerCase();
    if (['true', 'yes', '1'].includes(lower)) return true;
    if (['false', 'no', '0'].includes(lower)) return false;
  }
  return cell;
}
