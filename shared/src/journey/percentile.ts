// Averages and percentiles of department figures (spec "Support": hold time mean, median
// and 90th percentile, continuous, as PostgreSQL's percentile_cont).

/**
 * The continuous percentile p (0..1) of ascending values, exactly as PostgreSQL's
 * percentile_cont: interpolate linearly between the values at floor and ceil of
 * p × (n − 1). Null for no values. 30, 60, 120 → median 60, p90 108.
 */
export function percentileCont(sortedValues: readonly number[], p: number): number | null {
  if (!Number.isFinite(p) || p < 0 || p > 1) throw new RangeError(`A percentile is a fraction from 0 to 1; got ${p}.`);
  for (let i = 1; i < sortedValues.length; i++) {
    if (!(sortedValues[i - 1]! <= sortedValues[i]!)) throw new RangeError('percentileCont needs the values sorted ascending.');
  }
  if (sortedValues.length === 0) return null;
  // The same steps and float operations as PostgreSQL's percentile_cont_final_common and float8_lerp.
  const position = p * (sortedValues.length - 1);
  const first = Math.floor(position);
  const second = Math.ceil(position);
  const low = sortedValues[first]!;
  if (first === second) return low;
  return low + (sortedValues[second]! - low) * (position - first);
}

/** The median: percentile_cont(0.5). */
export function median(sortedValues: readonly number[]): number | null {
  return percentileCont(sortedValues, 0.5);
}

/** The mean from a sum and a count as SQL gives them; null when the count is 0. */
export function meanFromSum(sum: number, count: number): number | null {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`A count must be a whole number of 0 or more; got ${count}.`);
  return count === 0 ? null : sum / count;
}

/** The mean of values; null when there are none. */
export function mean(values: readonly number[]): number | null {
  return meanFromSum(values.reduce((sum, value) => sum + value, 0), values.length);
}
