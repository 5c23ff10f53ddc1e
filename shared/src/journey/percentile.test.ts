import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mean, meanFromSum, median, percentileCont } from './percentile.ts';

describe('percentileCont, as PostgreSQL computes it', () => {
  test.each([
    { values: [30, 60, 120], p: 0.5, expected: 60 }, // the spec: March hold times
    { values: [30, 60, 120], p: 0.9, expected: 108 }, // position 1.8: 60 + 0.8 × 60
    { values: [30, 60, 120], p: 0, expected: 30 },
    { values: [30, 60, 120], p: 1, expected: 120 },
    { values: [30, 60, 120], p: 0.25, expected: 45 },
    { values: [42], p: 0.9, expected: 42 },
    { values: [10, 20], p: 0.5, expected: 15 }, // even count: the mean of the middle two
    { values: [1, 2, 3, 4], p: 0.9, expected: 3.7 }, // select percentile_cont(0.9) within group (order by v) from unnest('{1,2,3,4}'::float8[]) v → 3.7
    { values: [0, 0, 0, 100], p: 0.5, expected: 0 },
    { values: [5, 5, 5], p: 0.37, expected: 5 },
  ])('percentile_cont($p) of $values is $expected', ({ values, p, expected }) => {
    expect(percentileCont(values, p)).toBeCloseTo(expected, 12);
  });

  test('gives exactly 108, not 107.99999999999999, for the spec example', () => {
    expect(percentileCont([30, 60, 120], 0.9)).toBe(108);
  });

  // Values printed by PostgreSQL 15 for the same input (float8, shortest round-trip text):
  // select p, percentile_cont(p) within group (order by v) from unnest('{3,7,7,19,120.5,121,400,1000.25}'::float8[]) v ...
  test.each([
    [[3, 7, 7, 19, 120.5, 121, 400, 1000.25], 0.1, 5.800000000000001],
    [[3, 7, 7, 19, 120.5, 121, 400, 1000.25], 0.33, 10.72],
    [[3, 7, 7, 19, 120.5, 121, 400, 1000.25], 0.5, 69.75],
    [[3, 7, 7, 19, 120.5, 121, 400, 1000.25], 0.77, 229.81000000000017],
    [[3, 7, 7, 19, 120.5, 121, 400, 1000.25], 0.9, 580.0749999999999],
    [[0.1, 0.2, 0.3], 0.9, 0.28],
    [[0.1, 0.2, 0.3], 0.1, 0.12000000000000001],
    [[0.1, 0.2, 0.3], 0.7, 0.24],
  ])('matches PostgreSQL to the last bit: %j at %d is %d', (values, p, expected) => {
    expect(percentileCont(values, p)).toBe(expected);
  });

  test('is null with no values', () => {
    expect(percentileCont([], 0.5)).toBeNull();
    expect(median([])).toBeNull();
  });

  test('refuses unsorted values and a p outside 0..1', () => {
    expect(() => percentileCont([60, 30], 0.5)).toThrow(/sorted ascending/);
    expect(() => percentileCont([1], 90)).toThrow(/fraction from 0 to 1/);
    expect(() => percentileCont([1], -0.1)).toThrow(/fraction from 0 to 1/);
  });

  test('property: lies between the smallest and largest value and never falls as p rises', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p, q) => {
          const sorted = [...values].sort((a, b) => a - b);
          const [lo, hi] = p <= q ? [p, q] : [q, p];
          const a = percentileCont(sorted, lo)!;
          const b = percentileCont(sorted, hi)!;
          expect(a).toBeGreaterThanOrEqual(sorted[0]!);
          expect(b).toBeLessThanOrEqual(sorted[sorted.length - 1]!);
          expect(a).toBeLessThanOrEqual(b + 1e-9);
        },
      ),
    );
  });
});

describe('means', () => {
  test.each([
    [210, 3, 70], // March: (120 + 60 + 30) / 3
    [2, 2, 1], // March feature breadth of just works: (2 + 0) / 2
    [0, 0, null],
  ])('%d over %d is %s', (sum, count, expected) => {
    expect(meanFromSum(sum, count)).toBe(expected);
  });

  test('mean of values', () => {
    expect(mean([120, 60, 30])).toBe(70);
    expect(mean([])).toBeNull();
  });
});
