import { roundHalfAway } from './rounding.ts';

// "Every figure is also given for the previous period of the same grain, with the change."
// Null-safe: a change needs both numbers; with either missing it is null, never 0.

/** A figure now and in the previous period, and how much it moved (current − previous). */
export interface Change {
  current: number | null;
  previous: number | null;
  difference: number | null;
}

/** A share (0..1) now and before, and how far it moved in percentage points (0.056 → 0.048 is −0.8). */
export interface ShareChange {
  current: number | null;
  previous: number | null;
  points: number | null;
}

/** The change of any figure: absolute difference, null when either side is unknown. */
export function change(current: number | null | undefined, previous: number | null | undefined): Change {
  const now = current ?? null;
  const before = previous ?? null;
  return { current: now, previous: before, difference: now === null || before === null ? null : now - before };
}

/** The change of a share in percentage points, null when either side is unknown. */
export function shareChange(current: number | null | undefined, previous: number | null | undefined): ShareChange {
  const { current: now, previous: before, difference } = change(current, previous);
  return { current: now, previous: before, points: difference === null ? null : difference * 100 };
}

/**
 * The change in points between two shares as displayed with `decimals` places, so the
 * sentence "down from 5.6% to 4.8%, −0.8 pts" always adds up for the reader.
 */
export function displayedPointsChange(current: number | null, previous: number | null, decimals = 1): number | null {
  if (current === null || previous === null) return null;
  const scale = 10 ** decimals;
  const units = Math.round(roundHalfAway(current * 100, decimals) * scale) - Math.round(roundHalfAway(previous * 100, decimals) * scale);
  return units / scale;
}

/** Which way a difference points: 'up', 'down', 'same', or null when unknown. */
export function direction(difference: number | null): 'up' | 'down' | 'same' | null {
  if (difference === null) return null;
  return difference > 0 ? 'up' : difference < 0 ? 'down' : 'same';
}

/** A change in points as people read it: "+0.5 pts", "−0.8 pts", "0.0 pts"; "—" when unknown. */
export function formatPoints(points: number | null, decimals = 1): string {
  if (points === null) return '\u2014';
  const rounded = roundHalfAway(points, decimals);
  const digits = `${Math.abs(rounded).toFixed(decimals)} pts`;
  return rounded > 0 ? `+${digits}` : rounded < 0 ? `\u2212${digits}` : digits;
}
