import type { EventRow, StoreResult } from './rows.ts';
import type { StoreOptions } from './store.ts';

// Under a steady stream of small batches most of a batch's cost is the same whatever its
// size: a transaction, a rollup statement and its summary triggers, an invalidation. So
// batches that arrive while the ingestion connections are busy wait, and are then stored
// together in one transaction (a group commit). Each sender still gets its own answer, after
// its events committed, with its own stored and duplicate counts, and each batch is still
// all or nothing: should a group fail, its batches are stored again one by one, so a batch
// the database refuses never takes its neighbours down with it.

/** Stores rows as one transaction and returns the ids it stored (the rest were duplicates). */
export type StoreRows = (rows: EventRow[], options: StoreOptions) => Promise<Set<string>>;

/** Stores one batch: what the API's handler calls. */
export type StoreBatch = (rows: EventRow[], options?: StoreOptions) => Promise<StoreResult>;

interface Waiting {
  rows: EventRow[];
  options: StoreOptions;
  resolve: (result: StoreResult) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitLimits {
  /** Groups stored at once (the connections ingestion has). */
  concurrency: number;
  /** Most rows in one group; a batch larger than this is stored on its own. */
  maxRows: number;
}

/** A StoreBatch that stores batches waiting at the same time as one transaction. */
export function groupCommit(storeRows: StoreRows, limits: GroupCommitLimits): StoreBatch {
  const waiting: Waiting[] = [];
  let running = 0;

  const pump = () => {
    while (running < limits.concurrency && waiting.length > 0) {
      const group = takeGroup(waiting, limits.maxRows);
      running++;
      void storeGroup(storeRows, group).finally(() => {
        running--;
        pump();
      });
    }
  };

  return (rows, options = {}) => {
    if (rows.length === 0) return Promise.resolve({ stored: 0, duplicates: 0 });
    return new Promise<StoreResult>((resolve, reject) => {
      waiting.push({ rows, options, resolve, reject });
      pump();
    });
  };
}

/** The first waiting batch and those after it that fit, with the same options, in arrival order. */
function takeGroup(waiting: Waiting[], maxRows: number): Waiting[] {
  const first = waiting.shift()!;
  const group = [first];
  let rows = first.rows.length;
  for (let i = 0; i < waiting.length; ) {
    const next = waiting[i]!;
    if (rows + next.rows.length <= maxRows && (next.options.demo ?? false) === (first.options.demo ?? false)) {
      group.push(next);
      rows += next.rows.length;
      waiting.splice(i, 1);
    } else {
      i++;
    }
  }
  return group;
}

async function storeGroup(storeRows: StoreRows, group: Waiting[]): Promise<void> {
  let stored: Set<string>;
  try {
    stored = await storeRows(
      group.flatMap((batch) => batch.rows),
      group[0]!.options,
    );
  } catch (error) {
    if (group.length === 1) return group[0]!.reject(error);
    // One batch's rows may be what the database refused: each batch on its own.
    for (const batch of group) await storeGroup(storeRows, [batch]);
    return;
  }
  countsFor(group, stored).forEach((result, i) => group[i]!.resolve(result));
}

/**
 * Each batch's stored and duplicate counts, as if the batches had been stored one after
 * another in arrival order: an id stored by the group counts as stored for the first batch
 * that holds it, and as a duplicate everywhere else.
 */
export function countsFor(group: { rows: EventRow[] }[], storedIds: Set<string>): StoreResult[] {
  const claimed = new Set<string>();
  return group.map(({ rows }) => {
    let stored = 0;
    for (const row of rows) {
      if (storedIds.has(row.id) && !claimed.has(row.id)) {
        claimed.add(row.id);
        stored++;
      }
    }
    return { stored, duplicates: rows.length - stored };
  });
}
