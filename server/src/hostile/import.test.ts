import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ImportFileError } from '../import/file-error.ts';
import { importFile, type ImportReport } from '../import/import-file.ts';
import { unstorableText } from '../ingest/text.ts';
import { describeEachDatabase } from '../test/databases.ts';
import { HOSTILE, hostileString, safeForUrl } from './strings.ts';

// Hostile files through the importer (`pnpm canopy import` and the upload panel): naughty
// strings in every cell, broken CSV quoting, invalid UTF-8, NUL bytes, formula injection,
// JSON Lines that are not objects. The importer answers with a report or a clear
// ImportFileError, stores each valid line exactly as written, and never a refused one.

const csvCell = (value: string) => `"${value.replace(/"/g, '""')}"`;

describeEachDatabase('hostile files through the importer', (handle, kind) => {
  // The embedded engine (PGlite 0.5) stores a leading U+FEFF but drops it when reading text
  // back (it decodes each value with a BOM-stripping TextDecoder): a known limitation.
  const read = (value: string) => (kind === 'embedded' ? value.replace(/^\uFEFF/, '') : value);
  let folder: string;
  let n = 0;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'canopy-hostile-import-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  const importText = async (name: string, content: string | Buffer): Promise<ImportReport | ImportFileError> => {
    const path = join(folder, `${n++}-${name}`);
    await writeFile(path, content);
    try {
      return await importFile(handle().db, path, { maxListedRejections: 1000 });
    } catch (error) {
      // The only failure allowed: the file's own problem, said plainly.
      expect(error, String(error)).toBeInstanceOf(ImportFileError);
      expect((error as Error).message).not.toMatch(/\n\s+at |syntax error at or near|invalid input syntax/);
      return error as ImportFileError;
    }
  };
  const names = async (prefix: string) =>
    new Map((await handle().db.selectFrom('customers').select(['id', 'name']).where('id', 'like', `${prefix}%`).execute()).map((r) => [r.id, r.name]));

  test('every hostile string as a customer name in CSV: stored exactly as the file holds it', async () => {
    // A NUL byte makes the whole file "not a text file" (its own case below). Half a
    // surrogate pair cannot be written as UTF-8: the file holds U+FFFD, and so does the name.
    const values = HOSTILE.filter((value) => !value.includes('\u0000')).map(safeForUrl);
    const rows = values.map((value, i) => `csv-${i},${csvCell(value)}`);
    const report = await importText('names.csv', `id,name\n${rows.join('\n')}\n`);
    expect(report).not.toBeInstanceOf(ImportFileError);
    const stored = await names('csv-');
    for (const [i, value] of values.entries()) {
      // An empty CSV cell means "not given".
      expect(stored.get(`csv-${i}`), JSON.stringify(value.slice(0, 40))).toBe(value === '' ? null : read(value));
    }
  }, 120_000);

  test('every hostile string as a customer name and attribute in JSON Lines', async () => {
    const lines = HOSTILE.map((value, i) => JSON.stringify({ id: `jsonl-${i}`, name: value, attributes: { plan: value.slice(0, 1000) || 'x' } }));
    const report = await importText('names.jsonl', `${lines.join('\n')}\n`);
    expect(report).not.toBeInstanceOf(ImportFileError);
    const stored = await names('jsonl-');
    for (const [i, value] of HOSTILE.entries()) {
      if (unstorableText('name', value)) expect(stored.has(`jsonl-${i}`), JSON.stringify(value.slice(0, 40))).toBe(false);
      else expect(stored.get(`jsonl-${i}`), JSON.stringify(value.slice(0, 40))).toBe(read(value));
    }
  }, 120_000);

  test.each([
    ['unbalanced quotes', 'id,name\nq-1,"never closed\nq-2,fine\n'],
    ['a NUL byte in a cell', 'id,name\nnul-1,a\u0000b\nnul-2,fine\n'],
    ['invalid UTF-8', Buffer.concat([Buffer.from('id,name\nutf-1,'), Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('\nutf-2,fine\n')])],
    ['a byte-order mark and CRLF', '\uFEFFid,name\r\nbom-1,fine\r\n'],
    ['formula injection', 'id,name\nformula-1,"=HYPERLINK(""http://x"",""click"")"\nformula-2,+cmd|\' /C calc\'!A0\n'],
    ['more cells than columns', 'id,name\nwide-1,a,b,c,d\n'],
    ['only a header', 'id,name\n'],
    ['an empty file', ''],
    ['no recognisable columns', 'foo,bar\n1,2\n'],
    ['a 2 MB cell', `id,name\nbig-1,${'x'.repeat(2_000_000)}\n`],
    ['JSON Lines of arrays, numbers and nulls', '[1,2]\n3\nnull\n"x"\n{"id":"jl-1"}\n'],
    ['JSON Lines with a broken line', '{"id":"jb-1"}\n{"id":\n{"id":"jb-2"}\n'],
    ['JSON Lines with a __proto__ key', '{"id":"jp-1","__proto__":{"admin":true}}\n{"id":"jp-2","attributes":{"__proto__":"x"}}\n'],
  ])('%s: a report or a clear refusal, never a crash', async (label, content) => {
    const extension = label.startsWith('JSON') ? 'jsonl' : 'csv';
    const result = await importText(`case.${extension}`, content);
    if (!(result instanceof ImportFileError)) {
      expect(result.stored + result.duplicates + result.rejected).toBe(result.lines);
      for (const rejection of result.rejections) expect(rejection.reasons.length).toBeGreaterThan(0);
    }
    // Nothing was stored with a NUL, half a surrogate pair or a prototype key.
    const bad = await sql<{ id: string }>`select id from customers where strpos(coalesce(name, ''), chr(65533)) > 0 and id like 'nul-%'
      union all select id from customers where attributes ? '__proto__' or attributes ? 'admin'`.execute(handle().db);
    expect(bad.rows).toEqual([]);
  });

  test('formula-looking cells are stored literally: escaping them is the job of whoever exports to a spreadsheet', async () => {
    const stored = await names('formula-');
    expect(stored.get('formula-1')).toBe('=HYPERLINK("http://x","click")');
  });

  test('random hostile CSV cells in events files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(hostileString, hostileString, hostileString), { minLength: 1, maxLength: 5 }), async (cells) => {
        const rows = cells.map(([type, when, hold], i) => [`fc-${n}-${i}`, 'fc-customer', type, when, hold].map(csvCell).join(','));
        const result = await importText('events.csv', `id,customer_id,type,occurred_at,hold_seconds\n${rows.join('\n')}\n`);
        if (result instanceof ImportFileError) return;
        expect(result.stored + result.duplicates + result.rejected).toBe(result.lines);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
