import {
  headline,
  localOptimumFlags,
  npsFromCounts,
  periodKey,
  periodLabel,
  previousPeriod,
  reachedFromCounts,
  type Departments,
  type ForestResponse,
  type Period,
  type PeriodJson,
  type Settings,
} from '@canopy/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { departmentFigures } from './department-figures.ts';
import { getDataAsOf } from './finance-counts.ts';
import { EXACT, getForestCounts, type Freshness } from './counts-cache.ts';
import type { PeriodCounts } from './period-figures.ts';
import type { Segment } from './source.ts';
import { customersByStage, stageChange, stageFigures } from './stage-figures.ts';

/** A period as the API shows it. */
export function periodJson(period: Period): PeriodJson {
  return {
    grain: period.grain,
    start: period.start.toISOString(),
    end: period.end.toISOString(),
    key: periodKey(period),
    label: periodLabel(period),
    timezone: period.timezone,
  };
}

/** The forest of one period and segment: every stage and department figure, with the previous period and the change. */
export async function getForest(
  db: Kysely<Database>,
  period: Period,
  segment: Segment,
  settings: Settings,
  now: Date,
  freshness: Freshness = EXACT,
): Promise<ForestResponse> {
  const before = previousPeriod(period);
  // Both looked up at once; when counted, side by side (on PostgreSQL each on its own connection and core).
  const cached = await getForestCounts(db, [period, before], segment, settings, freshness);
  const [current, previous] = cached.counts as [PeriodCounts, PeriodCounts];

  const stagesNow = stageFigures(current, settings, now);
  const stagesBefore = stageFigures(previous, settings, now);
  const departments = departmentFigures(current, settings, previous);
  const previousDepartments = departmentFigures(previous, settings);
  const stageCounts = customersByStage(current, settings);
  const previousStageCounts = customersByStage(previous, settings);
  const npsOf = (counts: PeriodCounts, rank: number) => {
    const s = counts.stages.find((row) => row.stage === rank);
    return npsFromCounts(
      { promoters: s?.promoters ?? 0, detractors: s?.detractors ?? 0, responses: s?.npsResponses ?? 0 },
      settings.minNpsSample,
    );
  };
  // Stale counts (served while they are recounted) say what data they saw; fresh ones include everything.
  const refreshing = cached.stale;
  const dataAsOf = refreshing ? cached.staleAsOf : cached.freshAsOf ?? (await getDataAsOf(db));

  return {
    period: periodJson(period),
    previousPeriod: periodJson(before),
    activeCustomers: stageCounts.reduce((a, b) => a + b, 0),
    previousActiveCustomers: previousStageCounts.reduce((a, b) => a + b, 0),
    stages: settings.ladder.map((stage, i) => ({
      key: stage.key,
      label: stage.label,
      rank: i + 1,
      ...stagesNow[i]!,
      previous: stagesBefore[i]!,
      change: stageChange(stagesNow[i]!, stagesBefore[i]!),
    })),
    departments,
    previousDepartments,
    flags: localOptimumFlags(flagInput(stageCounts, departments), flagInput(previousStageCounts, previousDepartments), settings.ladder).map(
      (f) => ({ department: f.department, figure: f.figure, stageKey: f.stageKey, message: f.message }),
    ),
    unmappedContacts: current.unmappedContacts,
    headline: headline({
      ladder: settings.ladder,
      period,
      stageCounts,
      previousStageCounts: previousStageCounts.some((n) => n > 0) ? previousStageCounts : null,
      lastStageNps: npsOf(current, settings.ladder.length),
      firstStageNps: npsOf(current, 1),
    }),
    segment,
    dataAsOf: dataAsOf ? dataAsOf.toISOString() : null,
    ...(refreshing ? { refreshing: true } : {}),
  };
}

function flagInput(stageCounts: number[], d: Departments) {
  return {
    reached: reachedFromCounts(stageCounts),
    support: { holdMeanSeconds: d.support.holdSeconds.mean, holdMedianSeconds: d.support.holdSeconds.median, holdP90Seconds: d.support.holdSeconds.p90 },
    chatbot: { containment: d.chatbot.containment },
    help: { views: d.help.views, viewers: d.help.viewers },
  };
}
