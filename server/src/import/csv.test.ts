import { describe, expect, test } from 'vitest';
import { openCsv } from './csv.ts';
import { ImportFileError } from './file-error.ts';
import type { SourceLine } from './source.ts';

async function* chunks(text: string, size = 7) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
async function readAll(text: string, kind?: 'customers' | 'events') {
  const source = await openCsv(chunks(text), kind);
  const lines: SourceLine[] = [];
  for await (const line of source.lines) lines.push(line);
  return { kind: source.kind, lines };
}
async function failure(text: string) {
  const error = await readAll(text).then(() => undefined, (e: unknown) => e);
  if (!(error instanceof ImportFileError)) throw new Error(`expected an ImportFileError, got ${String(error)}`);
  return error.message;
}

const header = 'id,customer_id,type,occurred_at,hold_seconds,escalated';

describe('reading CSV', () => {
  test('turns rows into the objects the API takes, leaving empty cells out and converting numbers and booleans', async () => {
    const { kind, lines } = await readAll(`${header}\ne1,c1,phone_call,2025-03-04T14:05:10Z,75.5,\ne2,c1,chatbot_conversation,2025-03-04T14:05:10Z,,TRUE\n`);
    expect(kind).toBe('events');
    expect(lines).toEqual([
      { line: 2, item: { id: 'e1', customer_id: 'c1', type: 'phone_call', occurred_at: '2025-03-04T14:05:10Z', hold_seconds: 75.5 } },
      { line: 3, item: { id: 'e2', customer_id: 'c1', type: 'chatbot_conversation', occurred_at: '2025-03-04T14:05:10Z', escalated: true } },
    ]);
  });

  test('keeps a cell that is not a number as text, for the validator to name', async () => {
    const { lines } = await readAll(`${header}\ne1,c1,phone_call,2025-03-04T14:05:10Z,1:15,maybe\n`);
    expect(lines[0]).toMatchObject({ item: { hold_seconds: '1:15', escalated: 'maybe' } });
  });

  test('reads a customers file, every other column being an attribute', async () => {
    const { kind, lines } = await readAll('id,name,mrr,plan,region\nacme, Acme GmbH ,1200,pro,\n');
    expect(kind).toBe('customers');
    expect(lines).toEqual([{ line: 2, item: { id: 'acme', name: ' Acme GmbH ', mrr: 1200, attributes: { plan: 'pro' } } }]);
  });

  test('ignores a UTF-8 byte order mark before the header', async () => {
    // decodeUtf8 drops the BOM from bytes; one left in text must not rename the first column either.
    const { lines } = await readAll('\uFEFFid,name\nacme,Acme\n');
    expect(lines).toEqual([{ line: 2, item: { id: 'acme', name: 'Acme' } }]);
  });

  test('reads CRLF line endings and gives the right line numbers after a quoted cell spanning lines', async () => {
    const text = 'id,name\r\na,"two\r\nlines"\r\n\r\nb,B\r\nc,"x\ny"\r\nd,D\r\n';
    const { lines } = await readAll(text);
    expect(lines).toEqual([
      { line: 2, item: { id: 'a', name: 'two\r\nlines' } },
      { line: 5, item: { id: 'b', name: 'B' } },
      { line: 6, item: { id: 'c', name: 'x\ny' } },
      { line: 8, item: { id: 'd', name: 'D' } },
    ]);
  });

  test('rejects a line with the wrong number of cells and reads on', async () => {
    const { lines } = await readAll('id,name\na,A\nb,B,extra\nc\nd,D\n');
    expect(lines).toEqual([
      { line: 2, item: { id: 'a', name: 'A' } },
      { line: 3, id: 'b', reasons: ['the line has 3 cells but the header has 2 columns'] },
      { line: 4, id: 'c', reasons: ['the line has 1 cells but the header has 2 columns'] },
      { line: 5, item: { id: 'd', name: 'D' } },
    ]);
  });

  test('forces the kind when asked, whatever the columns suggest', async () => {
    expect((await readAll('id,type\na,b\n', 'customers')).kind).toBe('customers');
  });

  test.each([
    ['an empty file', '', 'the file is empty: expected a header line such as id,customer_id,type,occurred_at'],
    ['a header missing a required events column', 'id,type,occurred_at\ne1,churned,2025-03-04T14:05:10Z\n', 'line 1: missing required column "customer_id" for a events file (columns found: id, type, occurred_at). If this is a customers file, import it with --kind customers'],
    ['a customers header without id', 'name,mrr\nAcme,5\n', 'line 1: missing required column "id" for a customers file (columns found: name, mrr). If this is a events file, import it with --kind events'],
    ['an unknown events column', 'id,customer_id,type,occurred_at,hold_secs\n', 'line 1: unknown column "hold_secs" for an events file: the columns are id, customer_id, type, occurred_at, feature, article, escalated, resolved, hold_seconds, talk_seconds, score, comment, reason, channel'],
    ['a repeated column', 'id,name,name\n', 'line 1: the column "name" appears twice in the header'],
    ['an unclosed quote', 'id,name\na,A\nb,"B\nc,C\n', 'line 3: unbalanced quotes: a quoted cell opened on this line or after it is never closed'],
    ['an unclosed quote after blank-free CRLF lines', 'id,name\r\na,"A\r\nA"\r\nb,"B\r\nc,C\r\n', 'line 4: unbalanced quotes: a quoted cell opened on this line or after it is never closed'],
  ])('refuses %s with a clear message', async (_name, text, message) => {
    expect(await failure(text)).toBe(message);
  });

  test('keeps stray quotes inside a cell exactly as written', async () => {
    const { lines } = await readAll('id,name\na,5" screen\nb,"B"x\n');
    expect(lines).toEqual([
      { line: 2, item: { id: 'a', name: '5" screen' } },
      { line: 3, item: { id: 'b', name: '"B"x' } },
    ]);
  });

  test('reads every row before an unclosed quote, so they can be stored before the import stops', async () => {
    const source = await openCsv(chunks('id,name\na,A\nb,B\nc,"C\nd,D\n', 1000));
    const seen: SourceLine[] = [];
    await expect((async () => { for await (const line of source.lines) seen.push(line); })()).rejects.toThrow('line 4: unbalanced quotes');
    expect(seen.map((l) => l.line)).toEqual([2, 3]);
  });
});
