import type { ImportReport } from '../api/imports.ts';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { formatCount } from '../format/numbers.ts';

type Rejection = ImportReport['rejections'][number];

const columns: Column<Rejection>[] = [
  { header: 'Line', value: (r) => r.line, numeric: true },
  { header: 'Id', value: (r) => r.id ?? '' },
  { header: 'Reasons', value: (r) => r.reasons.join('; '), render: (r) => r.reasons.join('; ') },
];

/** What an import did: stored, duplicates, rejected, and every rejected line listed with its reasons. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const tone = report.rejected > 0 ? 'warning' : 'success';
  return (
    <div className={`notice notice--${tone}`} data-testid="import-report">
      <p>
        <strong>{report.file}</strong> ({report.kind}): {formatCount(report.lines)} lines read, <span data-testid="import-stored">{formatCount(report.stored)}</span> stored,{' '}
        {formatCount(report.duplicates)} duplicates, <span data-testid="import-rejected">{formatCount(report.rejected)}</span> rejected.
      </p>
      {report.rejections.length > 0 && (
        <DataTable
          caption={report.rejected > report.rejections.length ? `First ${report.rejections.length} rejected lines of ${formatCount(report.rejected)}` : 'Rejected lines'}
          exportName={`rejections ${report.file}`}
          columns={columns}
          rows={report.rejections}
          rowKey={(r) => String(r.line)}
        />
      )}
    </div>
  );
}
