import { DateTime } from 'luxon';
import { parseZone } from './periods.ts';
import { shareOf } from './shares.ts';

// Churn (spec "Churn" per stage and "Finance"). Per stage: the share of the stage's
// customers with a churned event in [P.start, P.end + window). Finance: customers who
// churned in P / customers who existed at P.start.

/** The spec's default churn window. */
export const DEFAULT_CHURN_WINDOW_DAYS = 30;

/** Churned / customers; null when there are no customers. */
export function churnRate(churned: number, customers: number): number | null {
  if (churned > customers) throw new RangeError(`${churned} churned customers cannot come from ${customers}.`);
  return shareOf(churned, customers);
}

/** Finance's churn rate: customers who churned in P / customers who existed at P.start; null when none existed. */
export function financeChurnRate(churnedInPeriod: number, customersAtStart: number): number | null {
  return churnRate(churnedInPeriod, customersAtStart);
}

/**
 * Where a period's churn window ends: P.end plus `windowDays` calendar days in the zone
 * (so 31 March + 30 days is 1 May at local midnight, whatever daylight saving does between).
 */
export function churnWindowEnd(periodEnd: Date, windowDays: number, zone = 'UTC'): Date {
  if (!Number.isInteger(windowDays) || windowDays < 0) throw new RangeError(`The churn window must be a whole number of days; got ${windowDays}.`);
  return DateTime.fromJSDate(periodEnd, { zone: parseZone(zone) }).plus({ days: windowDays }).toJSDate();
}

/** Whether a period's churn can no longer change: its window has ended by `now`. Incomplete churn is shown as such. */
export function churnComplete(periodEnd: Date, windowDays: number, now: Date, zone = 'UTC'): boolean {
  return now.getTime() >= churnWindowEnd(periodEnd, windowDays, zone).getTime();
}

/** A stage's churn with whether it is final yet. */
export interface StageChurn {
  churned: number;
  customers: number;
  rate: number | null;
  complete: boolean;
}

/** A stage's churn: rate over its customers, marked incomplete while the window is still open. */
export function stageChurn(churned: number, customers: number, periodEnd: Date, windowDays: number, now: Date, zone = 'UTC'): StageChurn {
  return { churned, customers, rate: churnRate(churned, customers), complete: churnComplete(periodEnd, windowDays, now, zone) };
}
