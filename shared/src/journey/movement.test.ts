import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { movementFromCells, movementMatrix, movementSummary } from './movement.ts';

describe('movementSummary', () => {
  test('counts moves left, stays and moves right from the matrix [stage in P−1][stage in P]', () => {
    const matrix = [
      [10, 2, 1, 0], // were just works: 10 stayed, 3 moved right
      [4, 5, 0, 1], // were help: 4 moved left, 1 right
      [1, 2, 3, 0], // were chatbot: 3 moved left
      [0, 1, 1, 2], // were phone: 2 moved left
    ];
    expect(movementSummary(matrix, [1, 2, 3, 4], { onlyCurrent: 7, onlyPrevious: 5 })).toEqual({
      both: 33,
      movedLeft: 9,
      stayed: 20,
      movedRight: 4,
      netLeftward: 5 / 33,
      onlyCurrent: 7,
      onlyPrevious: 5,
    });
  });

  test.each([
    { matrix: [[0, 0], [0, 0]], netLeftward: null, both: 0 }, // nobody active in both periods
    { matrix: [[0, 3], [0, 0]], netLeftward: -1, both: 3 }, // everyone moved right
    { matrix: [[0, 0], [3, 0]], netLeftward: 1, both: 3 },
    { matrix: [[2, 0], [0, 2]], netLeftward: 0, both: 4 },
  ])('$matrix → net leftward $netLeftward', ({ matrix, netLeftward, both }) => {
    const summary = movementSummary(matrix, [1, 2], { onlyCurrent: 0, onlyPrevious: 0 });
    expect(summary.netLeftward).toBe(netLeftward);
    expect(summary.both).toBe(both);
  });

  test('uses the ranks given for rows and columns, in whatever order the matrix is', () => {
    // rows/columns ordered phone (4), just works (1): 3 went from phone to just works
    expect(movementSummary([[0, 3], [1, 0]], [4, 1], { onlyCurrent: 0, onlyPrevious: 0 })).toMatchObject({ movedLeft: 3, movedRight: 1 });
  });

  test('refuses a matrix that does not fit its ranks', () => {
    expect(() => movementSummary([[1, 2]], [1, 2], { onlyCurrent: 0, onlyPrevious: 0 })).toThrow(/1 rows but 2 ranks/);
    expect(() => movementSummary([[1], [2, 3]], [1, 2], { onlyCurrent: 0, onlyPrevious: 0 })).toThrow(/Row 1 .* 1 cells, not 2/);
    expect(() => movementSummary([[-1]], [1], { onlyCurrent: 0, onlyPrevious: 0 })).toThrow(/whole number/);
  });

  test('property: left + stayed + right = both, and net leftward lies in −1..1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }).chain((n) => fc.array(fc.array(fc.nat(50), { minLength: n, maxLength: n }), { minLength: n, maxLength: n })), (matrix) => {
        const summary = movementSummary(matrix, matrix.map((_, i) => i + 1), { onlyCurrent: 0, onlyPrevious: 0 });
        expect(summary.movedLeft + summary.stayed + summary.movedRight).toBe(matrix.flat().reduce((a, b) => a + b, 0));
        if (summary.netLeftward !== null) expect(Math.abs(summary.netLeftward)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('from SQL cells', () => {
  test('builds the matrix and counts those active in one period only (null stage)', () => {
    const cells = [
      { from: 1, to: 1, customers: 4 },
      { from: 4, to: 2, customers: 2 },
      { from: 2, to: 3, customers: 1 },
      { from: null, to: 1, customers: 6 }, // new or returning
      { from: null, to: 4, customers: 1 },
      { from: 3, to: null, customers: 2 }, // gone quiet
    ];
    const { matrix, summary } = movementFromCells(cells, 4);
    expect(matrix).toEqual([
      [4, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 0],
      [0, 2, 0, 0],
    ]);
    expect(summary).toEqual({ both: 7, movedLeft: 2, stayed: 4, movedRight: 1, netLeftward: 1 / 7, onlyCurrent: 7, onlyPrevious: 2 });
  });

  test('refuses a rank outside the ladder', () => {
    expect(() => movementMatrix([{ from: 5, to: 1, customers: 1 }], 4)).toThrow(/outside a ladder of 4 stages/);
  });
});
