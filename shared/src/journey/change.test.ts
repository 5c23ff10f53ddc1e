import { describe, expect, test } from 'vitest';
import { change, direction, displayedPointsChange, formatPoints, shareChange } from './change.ts';

describe('change', () => {
  test.each([
    [60, 75, -15],
    [20, -50, 70], // NPS points
    [0, 0, 0],
    [5, null, null], // no previous period: no change, not "+5"
    [null, 5, null],
    [undefined, 5, null],
  ])('from %s to %s is %s', (current, previous, difference) => {
    expect(change(current, previous)).toEqual({ current: current ?? null, previous: previous ?? null, difference });
  });

  test.each([
    [0.048, 0.056, -0.8],
    [0.061, 0.056, 0.5],
    [1 / 3, 1 / 3, 0],
    [0.5, null, null],
  ])('a share from %s to %s moves %s points', (current, previous, points) => {
    const result = shareChange(current, previous);
    if (points === null) expect(result.points).toBeNull();
    else expect(result.points).toBeCloseTo(points, 10);
  });

  test.each([
    [0.0483, 0.0564, -0.8], // shown as 4.8% and 5.6%: the reader subtracts 0.8
    [0.0475, 0.0564, -0.8], // 4.8% (half up) and 5.6%, though the raw gap is 0.89
    [0.0555, 0.0545, 0.1], // 5.6% and 5.5% (4.5 rounds up), though the raw gap is 0.1
    [0.05, 0.05, 0],
    [null, 0.05, null],
  ])('the displayed change from %s to %s is %s points', (current, previous, points) => {
    expect(displayedPointsChange(current, previous)).toBe(points);
  });

  test.each([
    [1, 'up'],
    [-0.1, 'down'],
    [0, 'same'],
    [null, null],
  ])('a difference of %s points %s', (difference, expected) => {
    expect(direction(difference)).toBe(expected);
  });

  test.each([
    [-0.8, '−0.8 pts'],
    [0.5, '+0.5 pts'],
    [0.04, '0.0 pts'],
    [null, '—'],
  ])('formatPoints(%s) is %s', (points, text) => {
    expect(formatPoints(points)).toBe(text);
  });
});
