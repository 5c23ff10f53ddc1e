// Movement from P−1 to P (spec "Comparisons and movement"), over customers active in both.

/** One cell as SQL returns it: customers at rank `from` in P−1 and `to` in P (1-based; null: not active then). */
export interface MovementCell {
  from: number | null;
  to: number | null;
  customers: number;
}

/** What the movement matrix says, with the customers active in only one of the two periods. */
export interface MovementSummary {
  /** Active in both periods: the sum of the matrix. */
  both: number;
  movedLeft: number;
  stayed: number;
  movedRight: number;
  /** (movedLeft − movedRight) / both, −1..1; null when nobody was active in both. */
  netLeftward: number | null;
  /** Active in P only: new or returning. */
  onlyCurrent: number;
  /** Active in P−1 only: gone quiet. */
  onlyPrevious: number;
}

/** The square matrix [stage in P−1][stage in P] of customers active in both, from SQL's cells; a missing cell is 0. */
export function movementMatrix(cells: readonly MovementCell[], stageCount: number): number[][] {
  const matrix = Array.from({ length: stageCount }, () => new Array<number>(stageCount).fill(0));
  for (const { from, to, customers } of cells) {
    if (from === null || to === null) continue; // active in one period only: see movementFromCells
    const row = matrix[from - 1];
    if (!row || to < 1 || to > stageCount) throw new RangeError(`Movement from rank ${from} to ${to} is outside a ladder of ${stageCount} stages.`);
    row[to - 1]! += customers;
  }
  return matrix;
}

/**
 * Moved left, stayed and moved right from a matrix whose row i / column j is the stage of
 * rank ranks[i] / ranks[j] (usually 1..n, ladder order). Left is a lower rank in P.
 */
export function movementSummary(
  matrix: readonly (readonly number[])[],
  ranks: readonly number[],
  outside: { onlyCurrent: number; onlyPrevious: number },
): MovementSummary {
  if (ranks.length !== matrix.length) throw new RangeError(`The matrix has ${matrix.length} rows but ${ranks.length} ranks.`);
  let movedLeft = 0;
  let stayed = 0;
  let movedRight = 0;
  matrix.forEach((row, i) => {
    if (row.length !== ranks.length) throw new RangeError(`Row ${i + 1} of the movement matrix has ${row.length} cells, not ${ranks.length}.`);
    row.forEach((customers, j) => {
      if (!Number.isInteger(customers) || customers < 0) throw new RangeError(`A movement count must be a whole number of 0 or more; got ${customers}.`);
      const from = ranks[i]!;
      const to = ranks[j]!;
      if (to < from) movedLeft += customers;
      else if (to > from) movedRight += customers;
      else stayed += customers;
    });
  });
  const both = movedLeft + stayed + movedRight;
  return {
    both,
    movedLeft,
    stayed,
    movedRight,
    netLeftward: both === 0 ? null : (movedLeft - movedRight) / both,
    onlyCurrent: outside.onlyCurrent,
    onlyPrevious: outside.onlyPrevious,
  };
}

/** The matrix and its summary straight from SQL's cells: a null `from` is active in P only, a null `to` in P−1 only. */
export function movementFromCells(cells: readonly MovementCell[], stageCount: number): { matrix: number[][]; summary: MovementSummary } {
  const matrix = movementMatrix(cells, stageCount);
  let onlyCurrent = 0;
  let onlyPrevious = 0;
  for (const { from, to, customers } of cells) {
    if (from === null && to !== null) onlyCurrent += customers;
    if (from !== null && to === null) onlyPrevious += customers;
  }
  const ranks = matrix.map((_, index) => index + 1);
  return { matrix, summary: movementSummary(matrix, ranks, { onlyCurrent, onlyPrevious }) };
}
