/** A file the importer cannot read on: the message says what is wrong and, when known, where. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  /** What was stored before the problem was met (those batches stay stored). */
  partial?: { lines: number; stored: number; duplicates: number; rejected: number };

  constructor(
    message: string,
    /** The file line the problem is on (the header is line 1), when known. */
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}
