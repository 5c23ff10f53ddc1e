import { detectKind, type ImportKind } from './columns.ts';
import { ImportFileError } from './file-error.ts';
import type { Source, SourceLine } from './source.ts';
import { splitLines, type NumberedLine } from './text.ts';

// JSON Lines: one customer or event object per line; blank lines are skipped.

/** Lines read ahead, at most, to find the first object that tells what the file holds. */
const DETECT_WITHIN = 1000;

/** Opens JSON Lines text: works out what it holds, then yields each line's object with its line number. */
export async function openJsonLines(texts: AsyncIterable<string>, forcedKind?: ImportKind): Promise<Source> {
  const lines = splitLines(texts);
  const peeked: NumberedLine[] = [];
  let kind = forcedKind;
  let sawContent = false;
  // Pulled by hand: leaving a for-await loop early would close the generator for good.
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const numbered = next.value;
    peeked.push(numbered);
    const text = numbered.text.trim();
    if (text === '') continue;
    if (text.startsWith('[') && !sawContent) {
      throw new ImportFileError('this is a JSON array, not JSON Lines: put one object per line, without [ ] around them', numbered.line);
    }
    sawContent = true;
    if (kind) break;
    const value = tryParse(text);
    if (isObject(value)) {
      kind = detectKind(Object.keys(value));
      break;
    }
    if (peeked.length >= DETECT_WITHIN) break;
  }
  if (peeked.every((l) => l.text.trim() === '')) {
    throw new ImportFileError('the file is empty: expected one JSON object per line');
  }
  if (!kind) {
    throw new ImportFileError(
      `no line among the first ${peeked.length} is a JSON object, so it is unclear whether the file holds customers or events: check the file, or name it with --kind`,
    );
  }
  return { kind, lines: items(peeked, lines) };
}

async function* items(peeked: NumberedLine[], rest: AsyncGenerator<NumberedLine>): AsyncGenerator<SourceLine> {
  for (const numbered of peeked) {
    const read = readLine(numbered);
    if (read) yield read;
  }
  for await (const numbered of rest) {
    const read = readLine(numbered);
    if (read) yield read;
  }
}

function readLine({ line, text }: NumberedLine): SourceLine | undefined {
  if (text.trim() === '') return undefined;
  try {
    const item: unknown = JSON.parse(text);
    // As for POST /customers and /events: no sender needs a "__proto__" key (prototype poisoning).
    if (text.includes('"__proto__"') && /"__proto__"\s*:/.test(text)) {
      const id = isObject(item) && typeof item.id === 'string' ? item.id.slice(0, 256) : null;
      return { line, id, reasons: ['the line contains a "__proto__" key, which is not accepted'] };
    }
    return { line, item };
  } catch (error) {
    const id = /"id"\s*:\s*"([^"\\]{1,256})"/.exec(text)?.[1] ?? null;
    return { line, id, reasons: [`the line is not valid JSON: ${(error as Error).message}`] };
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
