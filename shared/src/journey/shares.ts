// Stage shares (spec "The forest: stage shares"). Input: customers(k) per stage, in ladder
// order, as counted by SQL. Output: fractions 0..1; null where there is nobody to share.

function checkCounts(counts: readonly number[]): number {
  let total = 0;
  for (const count of counts) {
    if (!Number.isFinite(count) || count < 0) throw new RangeError(`A count must be a finite number of 0 or more; got ${count}.`);
    total += count;
  }
  return total;
}

/**
 * share(k) = customers(k) / active customers. Added left to right the shares make exactly 1:
 * each is count / total, except that when those do not add up to exactly 1 in floating
 * point the right-most non-zero share becomes 1 minus the others (one unit in the last
 * place from its count / total, e.g. 0.33333333333333337 for 1/3). With no customers
 * every share is null: a share of nobody is unknown, not 0%.
 */
export function sharesFromCounts(counts: readonly number[]): (number | null)[] {
  const total = checkCounts(counts);
  if (total === 0) return counts.map(() => null);
  let last = counts.length - 1;
  while (counts[last] === 0) last--;
  const shares = counts.map((count) => count / total);
  let others = 0;
  for (let k = 0; k < last; k++) others += shares[k]!;
  if (others + shares[last]! !== 1) shares[last] = Math.max(0, 1 - others);
  return shares;
}

/** reached(k) = share of customers whose stage is k or further right; reached(first) is 1. Null with no customers. */
export function reachedFromCounts(counts: readonly number[]): (number | null)[] {
  const total = checkCounts(counts);
  if (total === 0) return counts.map(() => null);
  const reached: number[] = new Array<number>(counts.length);
  let atOrRight = 0;
  // Sum whole counts from the right, then divide once: 2/3 is the nearest double to 2/3.
  for (let k = counts.length - 1; k >= 0; k--) {
    atOrRight += counts[k]!;
    reached[k] = atOrRight / total;
  }
  return reached;
}

/** part / whole, or null when the whole is 0: adoption, revenue share, a stage's share of anything. */
export function shareOf(part: number, whole: number): number | null {
  if (!Number.isFinite(part) || !Number.isFinite(whole) || part < 0 || whole < 0) {
    throw new RangeError(`A share needs finite amounts of 0 or more; got ${part} of ${whole}.`);
  }
  return whole === 0 ? null : part / whole;
}
