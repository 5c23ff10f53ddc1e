import { describe, expect, test } from 'vitest';
import { adoption, containment, featureBreadth, revenueShare } from './departments.ts';

describe('department and stage figures', () => {
  test.each([
    [2, 1, 0.5], // March: D not escalated, C escalated
    [4, 0, 1],
    [3, 3, 0],
    [0, 0, null],
  ])('containment of %i conversations with %i escalated is %s', (conversations, escalated, expected) => {
    expect(containment(conversations, escalated)).toBe(expected);
  });

  test('refuses more escalations than conversations', () => {
    expect(() => containment(1, 2)).toThrow(/cannot come from 1/);
  });

  test.each([
    [2, 6, 1 / 3], // March: reports used by A and B
    [1, 6, 1 / 6], // export used by A
    [0, 0, null],
  ])('adoption by %i of %i active customers is %s', (users, active, expected) => {
    expect(adoption(users, active)).toBe(expected);
  });

  test('feature breadth: March just works is (2 + 0) / 2 = 1', () => {
    expect(featureBreadth(2, 2)).toBe(1);
    expect(featureBreadth(0, 0)).toBeNull();
  });

  test('revenue share: March phone call stage is 500 of 650', () => {
    expect(revenueShare(500, 650)).toBeCloseTo(0.769, 3);
    expect(revenueShare(0, 0)).toBeNull();
  });
});
