import { useQuery } from '@tanstack/react-query';
import { ingestionStatusQuery, type IngestionStatus as Status } from '../api/imports.ts';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { formatCount, formatDateTime } from '../format/numbers.ts';
import { ImportReportView } from './ImportReportView.tsx';

const TYPES = ['feature_used', 'help_viewed', 'chatbot_conversation', 'phone_call', 'contact', 'nps_response', 'churned'];
type Day = Status['days'][number];

const columns: Column<Day>[] = [
  { header: 'Day', value: (d) => d.day },
  ...TYPES.map((type) => ({ header: type.replace(/_/g, ' '), value: (d: Day) => d.counts[type] ?? 0, render: (d: Day) => formatCount(d.counts[type] ?? 0), numeric: true })),
];

/** Is data arriving? When events last came in, how many of each type per day, and the latest uploads. */
export function IngestionStatus() {
  const status = useQuery(ingestionStatusQuery());
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">Ingestion status</h2>
      <QueryState query={status} what="ingestion status">
        {(s) => (
          <>
            <dl className="summary">
              <div>
                <dt>Last event received</dt>
                <dd data-testid="last-received">{s.lastReceivedAt ? formatDateTime(s.lastReceivedAt) : 'never'}</dd>
              </div>
              <div>
                <dt>Latest event happened</dt>
                <dd>{s.lastOccurredAt ? formatDateTime(s.lastOccurredAt) : '\u2014'}</dd>
              </div>
            </dl>
            <DataTable caption={`Events per type per day, last 14 days (${s.timezone})`} exportName="events per day" columns={columns} rows={[...s.days].reverse()} rowKey={(d) => d.day} />
            <h3>Recent uploads</h3>
            <p className="hint">
              Uploads since the server started. Events sent to the API keep no rejection log: each request’s answer lists its own rejections.
            </p>
            {s.recentImports.length === 0 ? <p>No uploads yet.</p> : s.recentImports.slice(0, 3).map((r) => <ImportReportView key={r.receivedAt} report={r} />)}
          </>
        )}
      </QueryState>
    </section>
  );
}
