import type { ForestResponse, Stage } from '@canopy/shared';
import { displayedPointsChange } from '@canopy/shared/journey/change.ts';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { formatCount, formatMoney, formatNps, formatPoints, formatShare } from '../format/numbers.ts';

const columns: Column<Stage>[] = [
  { header: 'Stage', value: (s) => s.label },
  { header: 'Customers', value: (s) => s.customers, render: (s) => formatCount(s.customers), numeric: true },
  { header: 'Share %', value: (s) => s.sharePercent, render: (s) => (s.sharePercent === null ? '\u2014' : `${s.sharePercent.toFixed(1)}%`), numeric: true },
  { header: 'Change (pts)', value: (s) => displayedPointsChange(s.share, s.previous.share), render: (s) => formatPoints(displayedPointsChange(s.share, s.previous.share)), numeric: true },
  { header: 'Reached', value: (s) => s.reached, render: (s) => formatShare(s.reached), numeric: true },
  { header: 'NPS', value: (s) => s.nps.score, render: (s) => formatNps(s.nps.score) + (s.nps.lowSample ? ' (low sample)' : ''), numeric: true },
  { header: 'NPS responses', value: (s) => s.nps.responses, render: (s) => formatCount(s.nps.responses), numeric: true },
  { header: 'Churn rate', value: (s) => s.churn.rate, render: (s) => formatShare(s.churn.rate) + (s.churn.complete ? '' : ' (incomplete)'), numeric: true },
  { header: 'Revenue share', value: (s) => s.revenue.share, render: (s) => formatShare(s.revenue.share), numeric: true },
  { header: 'MRR', value: (s) => s.revenue.mrr, render: (s) => formatMoney(s.revenue.mrr), numeric: true },
  { header: 'Cost to serve', value: (s) => s.cost.total, render: (s) => formatMoney(s.cost.total), numeric: true },
  { header: 'Cost per customer', value: (s) => s.cost.perCustomer, render: (s) => formatMoney(s.cost.perCustomer), numeric: true },
];

/** The forest as a table (also the accessible alternative to the columns), with its CSV. */
export function ForestTable({ forest, title }: { forest: ForestResponse; title?: string }) {
  const caption = `${title ?? 'Forest'}, ${forest.period.label}`;
  return (
    <details className="table-details">
      <summary>Forest as a table</summary>
      <DataTable caption={caption} columns={columns} rows={forest.stages} rowKey={(s) => s.key} />
    </details>
  );
}
