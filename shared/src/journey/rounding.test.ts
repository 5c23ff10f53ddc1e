import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatShare, formatSharePercent, formatSigned, largestRemainder, roundHalfAway } from './rounding.ts';

describe('largestRemainder', () => {
  test.each([
    { values: [2, 1, 1, 2], decimals: 0, expected: [33, 17, 17, 33] }, // the spec's March: .33 .67 .67 .33 → the .67s get the units
    { values: [2, 1, 1, 2], decimals: 1, expected: [33.3, 16.7, 16.7, 33.3] },
    { values: [1 / 3, 1 / 6, 1 / 6, 1 / 3], decimals: 1, expected: [33.3, 16.7, 16.7, 33.3] }, // fractions work too
    { values: [1, 1, 1], decimals: 0, expected: [34, 33, 33] }, // a three-way tie: the left-most stage gets the unit
    { values: [1, 1, 1], decimals: 1, expected: [33.4, 33.3, 33.3] },
    { values: [1, 2, 1, 2], decimals: 0, expected: [17, 33, 17, 33] }, // 16.67 beats 33.33 for the two missing units
    { values: [1, 1, 1, 1, 1, 1], decimals: 0, expected: [17, 17, 17, 17, 16, 16] },
    { values: [0, 0, 3], decimals: 0, expected: [0, 0, 100] },
    { values: [1, 0, 0, 0, 0, 0, 2], decimals: 0, expected: [33, 0, 0, 0, 0, 0, 67] }, // stages with nobody stay at 0
    { values: [999, 1], decimals: 0, expected: [100, 0] },
    { values: [995, 5], decimals: 0, expected: [100, 0] }, // 99.5 and 0.5 tie: the left-most stage gets the unit
    { values: [5, 995], decimals: 0, expected: [1, 99] },
    { values: [0, 0], decimals: 1, expected: [null, null] },
    { values: [], decimals: 0, expected: [] },
  ])('$values at $decimals decimals → $expected', ({ values, decimals, expected }) => {
    expect(largestRemainder(values, decimals)).toEqual(expected);
  });

  test('naive rounding would show 101% here; largest remainder shows 100%', () => {
    const counts = [1, 1, 1, 1, 1, 1]; // 16.67 each
    expect(counts.map((c) => Math.round((c / 6) * 100)).reduce((a, b) => a + b)).toBe(102);
    expect(largestRemainder(counts).reduce((a, b) => a! + b!, 0)).toBe(100);
  });

  test('property: the rounded percentages add up to exactly 100 and each is within one unit of its exact value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 12 }).filter((c) => c.some((n) => n > 0)),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        (counts, decimals, asFractions) => {
          const total = counts.reduce((a, b) => a + b, 0);
          const values = asFractions ? counts.map((c) => c / total) : counts;
          const rounded = largestRemainder(values, decimals) as number[];
          const scale = 10 ** decimals;
          expect(rounded.reduce((sum, p) => sum + Math.round(p * scale), 0)).toBe(100 * scale);
          if (decimals === 0) expect(rounded.reduce((sum, p) => sum + p, 0)).toBe(100);
          rounded.forEach((p, k) => {
            expect(Math.abs(p - (counts[k]! / total) * 100)).toBeLessThan(1 / scale + 1e-9);
            if (counts[k] === 0) expect(p).toBe(0);
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('refuses negative values and unreasonable decimals', () => {
    expect(() => largestRemainder([1, -1])).toThrow(/0 or more/);
    expect(() => largestRemainder([1], 1.5)).toThrow(/decimals/);
  });
});

describe('display rounding', () => {
  test.each([
    [0.048, 1, '4.8%'],
    [0.0485, 1, '4.9%'], // 0.0485 × 100 is 4.8499999... in binary; shown as people round it
    [1 / 3, 1, '33.3%'],
    [1, 0, '100%'],
    [0, 1, '0.0%'],
    [null, 1, '—'],
  ])('formatShare(%s, %i) is %s', (share, decimals, expected) => {
    expect(formatShare(share, decimals)).toBe(expected);
  });

  test('stage shares shown from sharePercent add up to 100.0% where rounding each share would not', () => {
    // Three stages of 1/3: each rounds to 33.3%; largest remainder gives one of them 33.4%.
    expect(largestRemainder([1, 1, 1], 1).map(formatSharePercent)).toEqual(['33.4%', '33.3%', '33.3%']);
    expect([1 / 3, 1 / 3, 1 / 3].map((s) => formatShare(s))).toEqual(['33.3%', '33.3%', '33.3%']);
    expect(formatSharePercent(null)).toBe('—');
  });

  test.each([
    [20, '+20'],
    [-50, '−50'],
    [0, '0'],
    [-0.4, '0'], // never "−0"
    [12.5, '+13'],
    [-12.5, '−13'], // halves away from zero, symmetrically
    [100, '+100'],
  ])('formatSigned(%d) is %s', (value, expected) => {
    expect(formatSigned(value)).toBe(expected);
  });

  test('roundHalfAway', () => {
    expect(roundHalfAway(1.005, 2)).toBe(1.01);
    expect(roundHalfAway(-2.5)).toBe(-3);
    expect(Object.is(roundHalfAway(-0.1), 0)).toBe(true);
  });
});
