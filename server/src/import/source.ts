import type { ImportKind } from './columns.ts';

/** One data line of a file: the item it holds, or why it could not even be read as one. */
export type SourceLine =
  | { line: number; item: unknown }
  | { line: number; id: string | null; reasons: string[] };

/** An opened file: what it holds and its data lines, read lazily (one batch at a time). */
export interface Source {
  kind: ImportKind;
  lines: AsyncGenerator<SourceLine>;
}
