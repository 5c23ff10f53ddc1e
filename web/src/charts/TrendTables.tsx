import type { TrendResponse } from '@canopy/shared';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { formatCount, formatNps } from '../format/numbers.ts';

type TrendPeriod = TrendResponse['periods'][number];

/** The stage shares per period as a table: the chart's accessible alternative and its CSV. */
export function ShareTable({ trend }: { trend: TrendResponse }) {
  const columns: Column<TrendPeriod>[] = [
    { header: 'Period', value: (p) => p.period.label },
    { header: 'Active customers', value: (p) => p.activeCustomers, render: (p) => formatCount(p.activeCustomers), numeric: true },
    ...trend.stages.map((stage) => ({
      header: `${stage.label} %`,
      value: (p: TrendPeriod) => p.stages.find((s) => s.key === stage.key)?.sharePercent ?? null,
      render: (p: TrendPeriod) => {
        const percent = p.stages.find((s) => s.key === stage.key)?.sharePercent;
        return percent === null || percent === undefined ? '\u2014' : `${percent.toFixed(1)}%`;
      },
      numeric: true,
    })),
  ];
  return (
    <details className="table-details">
      <summary>Stage shares as a table</summary>
      <DataTable caption="Stage shares per period" columns={columns} rows={trend.periods} rowKey={(p) => p.period.key} />
    </details>
  );
}

/** NPS per stage per period, with responses and low-sample marks. */
export function NpsTable({ trend }: { trend: TrendResponse }) {
  const columns: Column<TrendPeriod>[] = [
    { header: 'Period', value: (p) => p.period.label },
    { header: 'Overall NPS', value: (p) => p.nps.score, render: (p) => `${formatNps(p.nps.score)} (${formatCount(p.nps.responses)})`, numeric: true },
    ...trend.stages.map((stage) => ({
      header: `${stage.label} NPS`,
      value: (p: TrendPeriod) => p.stages.find((s) => s.key === stage.key)?.nps.score ?? null,
      render: (p: TrendPeriod) => {
        const nps = p.stages.find((s) => s.key === stage.key)?.nps;
        if (!nps) return '\u2014';
        return `${formatNps(nps.score)} (${formatCount(nps.responses)}${nps.lowSample ? ', low sample' : ''})`;
      },
      numeric: true,
    })),
  ];
  return (
    <details className="table-details">
      <summary>NPS by stage as a table</summary>
      <DataTable caption="NPS by stage per period (responses)" columns={columns} rows={trend.periods} rowKey={(p) => p.period.key} />
    </details>
  );
}
