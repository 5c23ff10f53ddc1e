import type { TrendResponse } from '@canopy/shared';
import type { NpsRow } from './NpsTrendChart.tsx';
import type { ShareRow } from './StageShareChart.tsx';

// The trend as chart rows: one row per period, one column per stage. Only reshaping —
// every number is the API's.

/** sharePercent per stage, per period. */
export function shareRows(trend: TrendResponse): ShareRow[] {
  return trend.periods.map((p) => {
    const row: ShareRow = { periodKey: p.period.key, label: p.period.label };
    for (const s of p.stages) row[s.key] = s.sharePercent;
    return row;
  });
}

/** NPS per stage, per period, with the low-sample marks. */
export function npsRows(trend: TrendResponse): NpsRow[] {
  return trend.periods.map((p) => {
    const row: NpsRow = { periodKey: p.period.key, label: p.period.label, overall: p.nps.score };
    for (const s of p.stages) {
      row[s.key] = s.nps.score;
      row[`${s.key}:low`] = s.nps.lowSample ? 1 : 0;
    }
    return row;
  });
}
