import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { reachedFromCounts, shareOf, sharesFromCounts } from './shares.ts';

const sumLeftToRight = (values: (number | null)[]) => values.reduce<number>((sum, value) => sum + (value ?? 0), 0);

describe('sharesFromCounts', () => {
  test.each([
    { counts: [2, 1, 1, 2], shares: [1 / 3, 1 / 6, 1 / 6, 1 / 3] }, // the spec's March 2025
    { counts: [1, 1, 1], shares: [1 / 3, 1 / 3, 1 / 3] },
    { counts: [0, 5, 0], shares: [0, 1, 0] },
    { counts: [7], shares: [1] },
    { counts: [1, 0, 0, 0, 3], shares: [0.25, 0, 0, 0, 0.75] }, // a five-stage ladder
    { counts: [], shares: [] },
    { counts: [0, 0, 0], shares: [null, null, null] }, // an empty period: no share is known
  ])('$counts → $shares', ({ counts, shares }) => {
    const result = sharesFromCounts(counts);
    expect(result).toHaveLength(shares.length);
    result.forEach((share, k) => (shares[k] === null ? expect(share).toBeNull() : expect(share).toBeCloseTo(shares[k]!, 15)));
  });

  test('the shares of 1, 4, 1 add up to exactly 1 although 1/6 + 4/6 + 1/6 is 0.9999999999999999 in floating point', () => {
    expect(1 / 6 + 4 / 6 + 1 / 6).not.toBe(1);
    expect(sumLeftToRight(sharesFromCounts([1, 4, 1]))).toBe(1);
    expect(sumLeftToRight(sharesFromCounts([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))).toBe(1);
  });

  test('keeps every share exactly count / total when those already add up to 1', () => {
    expect(sharesFromCounts([1, 1, 1])).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(sharesFromCounts([1, 3])).toEqual([0.25, 0.75]);
  });

  test('otherwise every share but the last non-zero one is exactly count / total; that one is within one unit in the last place', () => {
    const counts = [3, 0, 5, 11, 0];
    const shares = sharesFromCounts(counts);
    expect(shares.slice(0, 3)).toEqual([3 / 19, 0, 5 / 19]);
    expect(Math.abs(shares[3]! - 11 / 19)).toBeLessThanOrEqual(Number.EPSILON);
    expect(shares[4]).toBe(0);
  });

  test('property: for any non-empty counts with a positive total the shares add up to exactly 1 and lie in 0..1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 10_000_000 }), { minLength: 1, maxLength: 12 }).filter((counts) => counts.some((c) => c > 0)),
        (counts) => {
          const shares = sharesFromCounts(counts);
          expect(sumLeftToRight(shares)).toBe(1);
          for (const share of shares) expect(share).toBeGreaterThanOrEqual(0);
          for (const share of shares) expect(share).toBeLessThanOrEqual(1);
          counts.forEach((count, k) => count === 0 && expect(shares[k]).toBe(0));
        },
      ),
      { numRuns: 2000 },
    );
  });

  test.each([[[-1, 2]], [[Number.NaN]], [[Infinity, 1]]])('refuses %j', (counts) => {
    expect(() => sharesFromCounts(counts)).toThrow(/finite number of 0 or more/);
  });
});

describe('reachedFromCounts', () => {
  test.each([
    { counts: [2, 1, 1, 2], reached: [1, 2 / 3, 1 / 2, 1 / 3] }, // the spec's March 2025
    { counts: [5, 0, 0, 0], reached: [1, 0, 0, 0] },
    { counts: [0, 0, 0, 4], reached: [1, 1, 1, 1] },
    { counts: [10, 20, 30, 25, 15], reached: [1, 0.9, 0.7, 0.4, 0.15] }, // a five-stage ladder
    { counts: [0, 0], reached: [null, null] },
  ])('$counts → $reached', ({ counts, reached }) => {
    expect(reachedFromCounts(counts)).toEqual(reached);
  });

  test('property: reached starts at exactly 1, never rises to the right, and steps down by each share', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 10 }).filter((c) => c.some((n) => n > 0)), (counts) => {
        const reached = reachedFromCounts(counts) as number[];
        const shares = sharesFromCounts(counts) as number[];
        expect(reached[0]).toBe(1);
        for (let k = 1; k < counts.length; k++) {
          expect(reached[k]!).toBeLessThanOrEqual(reached[k - 1]!);
          expect(reached[k - 1]! - reached[k]!).toBeCloseTo(shares[k - 1]!, 12);
        }
      }),
    );
  });
});

describe('shareOf', () => {
  test.each([
    [500, 650, 500 / 650],
    [0, 10, 0],
    [3, 0, null],
  ])('%d of %d is %s', (part, whole, expected) => {
    expect(shareOf(part, whole)).toBe(expected);
  });
});
