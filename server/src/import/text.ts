import { ImportFileError } from './file-error.ts';

// Files arrive as bytes; everything after this reads UTF-8 text. A file that is not text
// (a spreadsheet, a zip, UTF-16) is refused at its first chunk, before anything is stored.

/** Bytes read so far, for progress: updated as chunks pass through decodeUtf8. */
export interface ByteCounter {
  bytes: number;
}

/** Decodes a byte stream as UTF-8 text, dropping a BOM; throws ImportFileError on binary or non-UTF-8 input. */
export async function* decodeUtf8(chunks: AsyncIterable<Buffer>, counter: ByteCounter = { bytes: 0 }): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  let lines = 1;
  for await (const chunk of chunks) {
    if (first) refuseBinary(chunk);
    first = false;
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const at = firstInvalidByte(chunk);
      const line = lines + countNewlines(chunk.subarray(0, at));
      throw new ImportFileError(
        `the file is not UTF-8 text (byte ${counter.bytes + at} is not valid UTF-8): save it as UTF-8 (CSV UTF-8 in spreadsheet programs)`,
        line,
      );
    }
    lines += countNewlines(chunk);
    counter.bytes += chunk.length;
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new ImportFileError('the file is not UTF-8 text: it ends in the middle of a character.');
  }
}

function refuseBinary(chunk: Buffer) {
  if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
    throw new ImportFileError('the file is UTF-16 text: save it as UTF-8 (CSV UTF-8 in spreadsheet programs).');
  }
  const nul = chunk.indexOf(0);
  if (nul !== -1) {
    throw new ImportFileError(
      `this is not a text file (a NUL byte at byte ${nul}): expected CSV or JSON Lines in UTF-8, not a spreadsheet or archive.`,
    );
  }
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}

// Where decoding first fails: the start of the first malformed sequence (near enough when a
// character is split across two chunks, which is the only case this misplaces).
function firstInvalidByte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return i;
      if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return 0;
}

/** One line of text and its number in the file (from 1), without its line ending. */
export interface NumberedLine {
  line: number;
  text: string;
}

/** Splits text into numbered lines (LF or CRLF), refusing a line longer than `maxLength` characters. */
export async function* splitLines(texts: AsyncIterable<string>, maxLength = 16 * 1024 * 1024): AsyncGenerator<NumberedLine> {
  let pending = '';
  let line = 0;
  for await (const text of texts) {
    pending += text;
    let start = 0;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
      line++;
      yield { line, text: withoutCr(pending.slice(start, end)) };
      start = end + 1;
    }
    pending = pending.slice(start);
    if (pending.length > maxLength) throw new ImportFileError(`the line is longer than ${maxLength} characters`, line + 1);
  }
  if (pending.length > 0) yield { line: line + 1, text: withoutCr(pending) };
}

function withoutCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
