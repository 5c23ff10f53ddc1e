import { churnWindowEnd, isUnmappedContact, type Period, type Settings } from '@canopy/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { getFinanceCounts } from './finance-counts.ts';
import { getPeriodCountRows, type DepartmentCounts, type StageCounts } from './period-counts.ts';
import type { Segment } from './source.ts';

/** Everything SQL counts for one period: the raw material of the forest. */
export interface PeriodCounts {
  period: Period;
  stages: StageCounts[];
  departments: DepartmentCounts;
  finance: { atStart: number; churned: number };
  unmappedContacts: number;
}

/** Runs the counting queries for one period and segment. */
export async function countPeriod(db: Kysely<Database>, period: Period, segment: Segment, settings: Settings): Promise<PeriodCounts> {
  const scope = { grain: period.grain, from: period.start, to: period.end, timezone: period.timezone, segment, onePeriod: true };
  const churnEnd = churnWindowEnd(period.end, settings.churnWindowDays, period.timezone);
  const { stages, departments } = await getPeriodCountRows(db, scope, settings.ladder, churnEnd);
  const finance = await getFinanceCounts(db, period.start, period.end, segment);
  let unmappedContacts = 0;
  for (const stage of stages) {
    for (const [channel, n] of Object.entries(stage.channels)) {
      if (isUnmappedContact(settings.ladder, 'contact', channel)) unmappedContacts += n;
    }
  }
  return { period, stages, departments, finance, unmappedContacts };
}
