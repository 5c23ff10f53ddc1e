// Rounding for display. The API carries unrounded numbers; these make what people read.

/**
 * Percentages, rounded to `decimals` places, that add up to exactly 100 (largest-remainder
 * rounding). `values` are weights: counts or fractions, in ladder order. Each gets the
 * floor of its exact percentage; the units still missing go, one each, to the largest
 * remainders; equal remainders go to the stage further left (lower index).
 * Returns all null when the values add up to 0. Sum the results with `decimals` places:
 * for decimals = 0 the plain sum is exactly 100; otherwise the sum of value × 10^decimals is.
 */
export function largestRemainder(values: readonly number[], decimals = 0): (number | null)[] {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) {
    throw new RangeError(`decimals must be a whole number from 0 to 6; got ${decimals}.`);
  }
  let total = 0;
  for (const value of values) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`A value must be a finite number of 0 or more; got ${value}.`);
    total += value;
  }
  if (total === 0) return values.map(() => null);
  const units = 100 * 10 ** decimals;
  const exactIntegers = values.every(Number.isInteger) && total * units <= Number.MAX_SAFE_INTEGER;
  const parts = values.map((value, index) => {
    if (exactIntegers) {
      // Whole counts: integer arithmetic, so equal shares tie exactly.
      const floor = Math.floor((value * units) / total);
      return { index, value, floor, remainder: (value * units - floor * total) / total };
    }
    const quota = (value / total) * units;
    const floor = Math.floor(quota);
    return { index, value, floor, remainder: quota - floor };
  });
  let missing = units - parts.reduce((sum, part) => sum + part.floor, 0);
  const order = [...parts].sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const part of order) {
    if (missing <= 0) break;
    if (part.value === 0) continue; // a stage with nobody never shows more than 0
    part.floor += 1;
    missing -= 1;
  }
  return parts.map((part) => part.floor / 10 ** decimals);
}

/** Rounds half away from zero at `decimals` places, ignoring binary noise (0.0485 × 1000 is 48.4999...). */
export function roundHalfAway(value: number, decimals = 0): number {
  const scale = 10 ** decimals;
  const scaled = Number((Math.abs(value) * scale).toPrecision(12));
  const rounded = (Math.sign(value) * Math.round(scaled)) / scale;
  return rounded === 0 ? 0 : rounded; // never show -0
}

const MINUS = '\u2212';

/** A signed number as people read it: "+20", "−50", "0", with a real minus sign. */
export function formatSigned(value: number, decimals = 0): string {
  const rounded = roundHalfAway(value, decimals);
  const digits = Math.abs(rounded).toFixed(decimals);
  return rounded > 0 ? `+${digits}` : rounded < 0 ? `${MINUS}${digits}` : digits;
}

/** A fraction 0..1 as a percentage: 0.048 → "4.8%"; null → "—". */
export function formatShare(share: number | null, decimals = 1): string {
  if (share === null) return '\u2014';
  const percent = roundHalfAway(share * 100, decimals);
  return `${percent < 0 ? MINUS : ''}${Math.abs(percent).toFixed(decimals)}%`;
}

/**
 * A stage's share as the forest shows it: the API's `sharePercent` (rounded by largest
 * remainder, so the stages add up to 100.0%): 4.8 → "4.8%"; null → "—".
 */
export function formatSharePercent(percent: number | null): string {
  if (percent === null) return '\u2014';
  return `${percent < 0 ? MINUS : ''}${Math.abs(percent).toFixed(1)}%`;
}
