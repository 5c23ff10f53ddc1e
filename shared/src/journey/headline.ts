import type { Ladder } from '../schemas/settings.ts';
import { displayedPointsChange } from './change.ts';
import { formatNpsWithSample, type NpsResult } from './nps.ts';
import { periodLabel, periodPhrase, type Period } from './periods.ts';
import { labelInSentence } from './phrases.ts';
import { formatShare } from './rounding.ts';
import { sharesFromCounts } from './shares.ts';

// The headline: one sentence, made from the numbers, about the share of customers on the
// ladder's last (most effortful) stage and how they feel compared with those for whom the
// product just worked. Shares are shown with one decimal; the change is the difference of
// the two numbers shown, so the sentence adds up for the reader.

/** The numbers a headline is made of. Counts are customers(k) per stage in ladder order. */
export interface HeadlineInput {
  ladder: Ladder;
  period: Period;
  stageCounts: readonly number[];
  /** The previous period's stage counts; null or omitted when there is none to compare with. */
  previousStageCounts?: readonly number[] | null;
  /** NPS of the last stage's customers, and of the first stage's ("where it just worked"). */
  lastStageNps?: NpsResult | null;
  firstStageNps?: NpsResult | null;
}

/** "had to phone us" for a phone-only last stage, "had to reach <label>" otherwise. */
function lastStagePhrase(ladder: Ladder): string {
  const last = ladder[ladder.length - 1]!;
  const phoneOnly = last.channels.length === 0 && last.eventTypes.length === 1 && last.eventTypes[0] === 'phone_call';
  return phoneOnly ? 'had to phone us' : `had to reach ${labelInSentence(last.label)}`;
}

function lastShare(counts: readonly number[] | null | undefined): number | null {
  if (!counts || counts.length === 0) return null;
  return sharesFromCounts(counts)[counts.length - 1] ?? null;
}

function comparison(now: number, before: number | null, long: boolean): string {
  if (before === null) return '';
  const points = displayedPointsChange(now, before)!;
  if (points === 0) return long ? `, the same as the period before` : ', unchanged';
  const way = points < 0 ? 'down' : 'up';
  return long ? `, ${way} from ${formatShare(before)}` : `, ${way} ${Math.abs(points).toFixed(1)} pts`;
}

function npsClause(last: NpsResult | null | undefined, first: NpsResult | null | undefined): string {
  if (!last || last.responses === 0) return '; none of them answered the NPS survey';
  const theirs = `; their NPS was ${formatNpsWithSample(last)}`;
  if (!first || first.responses === 0) return theirs;
  return `${theirs} against ${formatNpsWithSample(first)} where it just worked`;
}

/**
 * The headline sentence, e.g. "4.8% of customers had to phone us in October 2025, down
 * from 5.6%; their NPS was −12 (40 responses) against +41 (310 responses) where it just worked."
 */
export function headline(input: HeadlineInput): string {
  const { ladder, period, stageCounts } = input;
  const now = lastShare(stageCounts);
  if (now === null) return `No customers were active ${periodPhrase(period)}.`;
  const opening = `${formatShare(now)} of customers ${lastStagePhrase(ladder)} ${periodPhrase(period)}`;
  return `${opening}${comparison(now, lastShare(input.previousStageCounts), true)}${npsClause(input.lastStageNps, input.firstStageNps)}.`;
}

/** The short version for an e-mail subject or a wall: "4.8% had to phone us, down 0.8 pts". */
export function headlineShort(input: Pick<HeadlineInput, 'ladder' | 'period' | 'stageCounts' | 'previousStageCounts'>): string {
  const now = lastShare(input.stageCounts);
  if (now === null) return `No active customers in ${periodLabel(input.period)}`;
  return `${formatShare(now)} ${lastStagePhrase(input.ladder)}${comparison(now, lastShare(input.previousStageCounts), false)}`;
}
