import { largestRemainder, npsFromCounts, sharesFromCounts, type Period, type Settings, type TrendResponse } from '@canopy/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { periodJson } from './forest.ts';
import type { Segment } from './source.ts';
import { EXACT, getCachedCountsPerPeriod, type Freshness } from './counts-cache.ts';
import { getTrendCells, type TrendCell } from './trend-counts.ts';

/** Stage shares and NPS for each of these consecutive periods (of one grain). */
export async function getTrend(
  db: Kysely<Database>,
  periods: Period[],
  segment: Segment,
  settings: Settings,
  freshness: Freshness = EXACT,
): Promise<TrendResponse> {
  const first = periods[0]!;
  const cached = await getCachedCountsPerPeriod<TrendCell[]>(db, 'trend', periods, segment, settings, async (trx, missing) => {
    // One query over the span of the missing periods (cached ones in between are simply recounted).
    const cells = await getTrendCells(
      trx,
      { grain: first.grain, from: missing[0]!.start, to: missing[missing.length - 1]!.end, timezone: first.timezone, segment },
      settings.ladder,
    );
    const byStart = new Map<number, TrendCell[]>();
    for (const cell of cells) {
      const start = new Date(cell.periodStart).getTime();
      byStart.set(start, [...(byStart.get(start) ?? []), cell]);
    }
    return byStart;
  }, { churnWindow: false, freshness });
  const cellsByPeriod = cached.counts;
  const nps = (c?: { promoters: number; detractors: number; npsResponses: number }) => {
    const r = npsFromCounts({ promoters: c?.promoters ?? 0, detractors: c?.detractors ?? 0, responses: c?.npsResponses ?? 0 }, settings.minNpsSample);
    return { score: r.score, responses: r.responses, lowSample: r.lowSample };
  };

  return {
    grain: first.grain,
    segment,
    stages: settings.ladder.map((s, i) => ({ key: s.key, label: s.label, rank: i + 1 })),
    periods: periods.map((period) => {
      const mine = cellsByPeriod.get(period.start.getTime()) ?? [];
      const byStage = settings.ladder.map((_, i) => mine.find((c) => c.stage === i + 1));
      const counts = byStage.map((c) => c?.customers ?? 0);
      const shares = sharesFromCounts(counts);
      const percents = largestRemainder(counts, 1);
      return {
        period: periodJson(period),
        activeCustomers: counts.reduce((a, b) => a + b, 0),
        stages: settings.ladder.map((stage, i) => ({
          key: stage.key,
          customers: counts[i]!,
          share: shares[i] ?? null,
          sharePercent: percents[i] ?? null,
          nps: nps(byStage[i]),
        })),
        nps: nps(mine.find((c) => c.stage === null)),
      };
    }),
    ...(cached.stale ? { refreshing: true } : {}),
  };
}
