import type { ReactNode } from 'react';
import { download, fileName, toCsv, type Cell } from '../export/csv.ts';

export interface Column<Row> {
  header: string;
  /** The value exported to CSV (raw: fractions stay fractions). */
  value: (row: Row) => Cell;
  /** What the table shows; the value as text when absent. */
  render?: (row: Row) => ReactNode;
  numeric?: boolean;
  /** Leave out of the CSV (a picture of numbers already in other columns). */
  screenOnly?: boolean;
}

interface DataTableProps<Row> {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Words for the CSV file name; the caption when absent. */
  exportName?: string;
  /** The first column names its row (a row header). */
  rowHeaders?: boolean;
}

/** A table with a caption, scrolling inside its own box on narrow screens, and a CSV download of exactly its rows. */
export function DataTable<Row>({ caption, columns, rows, rowKey, exportName, rowHeaders = true }: DataTableProps<Row>) {
  const exported = columns.filter((c) => !c.screenOnly);
  const exportCsv = () =>
    download(
      fileName(exportName ?? caption),
      toCsv(
        exported.map((c) => c.header),
        rows.map((row) => exported.map((c) => c.value(row))),
      ),
    );
  return (
    <div className="data-table">
      <div className="data-table__scroll" tabIndex={0} role="region" aria-label={caption}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c, i) => {
                  const content = c.render ? c.render(row) : String(c.value(row) ?? '\u2014');
                  return rowHeaders && i === 0 ? (
                    <th key={c.header} scope="row">
                      {content}
                    </th>
                  ) : (
                    <td key={c.header} className={c.numeric ? 'num' : undefined}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" className="button button--small no-print" onClick={exportCsv}>
        Download CSV<span className="visually-hidden">: {caption}</span>
      </button>
    </div>
  );
}
