import { expect, test } from 'vitest';
import { shareChangeVerdict } from './change.ts';

test.each([
  [1, 0.01, 'good'], // more customers where it just works
  [1, -0.01, 'bad'],
  [4, 0.01, 'bad'], // more customers had to phone
  [4, -0.01, 'good'],
  [2, 0.0004, 'neutral'], // 0.04 pts shows as 0.0: no change to the reader
  [3, null, 'neutral'],
] as const)('a change of %s at rank %i is %s for customers', (rank, change, verdict) => {
  expect(shareChangeVerdict(rank, change)).toBe(verdict);
});
