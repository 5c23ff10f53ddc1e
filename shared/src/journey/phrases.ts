import type { Ladder } from '../schemas/settings.ts';
import { formatShare, roundHalfAway } from './rounding.ts';

// Words for stages and figures shared by the flags and the headline.

/** A label inside a sentence: first letter lower-cased unless it starts an acronym ("Chatbot" → "chatbot", "IVR" stays). */
export function labelInSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

/**
 * What reaching stage `rank` (1-based) or beyond means, after "customers": "had to phone"
 * for a stage reached only by phone calls, "had to reach account manager" for any other
 * last stage, "needed at least in-product help" otherwise.
 */
export function reachPhrase(ladder: Ladder, rank: number): string {
  const stage = ladder[rank - 1];
  if (!stage) throw new RangeError(`The ladder has no stage of rank ${rank}.`);
  if (stage.channels.length === 0 && stage.eventTypes.length === 1 && stage.eventTypes[0] === 'phone_call') return 'had to phone';
  const label = labelInSentence(stage.label);
  return rank === ladder.length ? `had to reach ${label}` : `needed at least ${label}`;
}

/**
 * Two shares written so a reader can see they differ: one decimal, or more when one
 * decimal would show the same number twice ("5.60% → 5.64%").
 */
export function formatSharePair(before: number, after: number): [string, string] {
  for (let decimals = 1; decimals < 3; decimals++) {
    const pair: [string, string] = [formatShare(before, decimals), formatShare(after, decimals)];
    if (pair[0] !== pair[1]) return pair;
  }
  return [formatShare(before, 3), formatShare(after, 3)];
}

/** A duration in whole seconds ("75 s"), with a decimal when needed to tell two apart. */
export function formatSecondsPair(before: number, after: number): [string, string] {
  const show = (seconds: number, decimals: number) => `${roundHalfAway(seconds, decimals).toLocaleString('en-GB', { minimumFractionDigits: decimals })} s`;
  for (let decimals = 0; decimals < 2; decimals++) {
    const pair: [string, string] = [show(before, decimals), show(after, decimals)];
    if (pair[0] !== pair[1]) return pair;
  }
  return [show(before, 2), show(after, 2)];
}

/** A whole count as people read it: 1,500. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-GB');
}
