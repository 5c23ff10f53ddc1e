import { formatSigned } from './rounding.ts';

// NPS (spec "Per-stage figures" and "CX"): over each customer's latest response in the
// period, 100 × (promoters − detractors) / responses; promoters score 9–10, detractors 0–6.
// The score is not rounded here: the API carries it exact and screens round with formatNps.

/** The spec's default minimum sample: fewer responses than this are marked low-sample. */
export const DEFAULT_MIN_NPS_SAMPLE = 10;

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/** An NPS with the number of responses behind it (spec: always reported together). */
export interface NpsResult {
  /** −100..100, unrounded; null when nobody answered. */
  score: number | null;
  responses: number;
  promoters: number;
  detractors: number;
  /** Fewer responses than the minimum sample (so always true with 0 responses): screens show it as such. */
  lowSample: boolean;
}

/** What a 0–10 answer counts as: 9–10 promoter, 7–8 passive, 0–6 detractor. */
export function npsCategory(score: number): NpsCategory {
  if (!Number.isInteger(score) || score < 0 || score > 10) throw new RangeError(`An NPS score is a whole number 0 to 10; got ${score}.`);
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/** NPS from counts of promoters, detractors and responses (each customer's latest response). */
export function npsFromCounts(
  counts: { promoters: number; detractors: number; responses: number },
  minSample = DEFAULT_MIN_NPS_SAMPLE,
): NpsResult {
  const { promoters, detractors, responses } = counts;
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number of 0 or more; got ${value}.`);
  }
  if (promoters + detractors > responses) {
    throw new RangeError(`${promoters} promoters and ${detractors} detractors cannot come from ${responses} responses.`);
  }
  return {
    score: responses === 0 ? null : (100 * (promoters - detractors)) / responses,
    responses,
    promoters,
    detractors,
    lowSample: responses < minSample,
  };
}

/** NPS from the scores themselves: one score per customer, their latest in the period. */
export function npsFromScores(latestScores: readonly number[], minSample = DEFAULT_MIN_NPS_SAMPLE): NpsResult {
  let promoters = 0;
  let detractors = 0;
  for (const score of latestScores) {
    const category = npsCategory(score);
    if (category === 'promoter') promoters += 1;
    else if (category === 'detractor') detractors += 1;
  }
  return npsFromCounts({ promoters, detractors, responses: latestScores.length }, minSample);
}

/** An NPS as screens show it: whole number with its sign ("+20", "−50", "0"); "—" when there is none. */
export function formatNps(score: number | null): string {
  return score === null ? '\u2014' : formatSigned(score, 0);
}

/** An NPS with its sample, as the spec asks: "+20 (5 responses, low sample)", "−12 (40 responses)", "— (no responses)". */
export function formatNpsWithSample(nps: NpsResult): string {
  if (nps.responses === 0) return '\u2014 (no responses)';
  const sample = `${nps.responses} ${nps.responses === 1 ? 'response' : 'responses'}`;
  return `${formatNps(nps.score)} (${sample}${nps.lowSample ? ', low sample' : ''})`;
}
