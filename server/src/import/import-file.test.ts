import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeEach, expect, test } from 'vitest';
import { deleteCustomersAndEvents, describeEachDatabase } from '../test/databases.ts';
import { ImportFileError } from './file-error.ts';
import { importFile } from './import-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'canopy-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNumber = 0;
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, `${fileNumber++}-${name}`);
  writeFileSync(path, content);
  return path;
};
const eventsCsv = [
  'id,customer_id,type,occurred_at,feature,hold_seconds,score',
  'e1,c1,feature_used,2025-03-02T10:00:00Z,reports,,',
  'e2,c1,phone_call,2025-03-03T10:00:00Z,,-5,',
  'e3,c2,nps_response,2025-03-04T10:00:00Z,,,7.5',
  'e4,c2,phone_call,2025-03-05T10:00:00,,60,',
  'e5,c3,nps_response,2025-03-06T10:00:00Z,,,9',
].join('\n');

describeEachDatabase('importing files', (handle) => {
  const db = () => handle().db;
  beforeEach(async () => {
    await deleteCustomersAndEvents(db());
  });
  const eventIds = async () => (await db().selectFrom('events').select('id').orderBy('id').execute()).map((e) => e.id);
  const failure = async (path: string, options = {}) => {
    const error = await importFile(db(), path, options).then(() => undefined, (e: unknown) => e);
    if (!(error instanceof ImportFileError)) throw new Error(`expected an ImportFileError, got ${String(error)}`);
    return error;
  };

  test('stores the valid lines of an events CSV and lists the rejected ones by file line with every reason', async () => {
    const report = await importFile(db(), file('events.csv', eventsCsv), { batchSize: 2 });
    expect(report).toMatchObject({ kind: 'events', lines: 5, stored: 2, duplicates: 0, rejected: 3 });
    expect(report.rejections).toEqual([
      { line: 3, id: 'e2', reasons: ['"hold_seconds" must be a number of 0 or more (got -5)'] },
      { line: 4, id: 'e3', reasons: ['"score" must be a whole number from 0 to 10 (got 7.5)'] },
      { line: 5, id: 'e4', reasons: [expect.stringContaining('"occurred_at" has no time-zone offset')] },
    ]);
    expect(await eventIds()).toEqual(['e1', 'e5']);
  });

  test('returns once the figures include every event it stored, also when it had to wait for them on the way', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `m${i},c${i % 7},feature_used,2025-03-0${1 + (i % 9)}T10:00:00Z,reports`);
    const path = file('many.csv', ['id,customer_id,type,occurred_at,feature', ...lines].join('\n'));
    const report = await importFile(db(), path, { batchSize: 4, parallelBatches: 2, maxWaitingEvents: 5 });
    expect(report).toMatchObject({ lines: 60, stored: 60, rejected: 0 });
    const waiting = await sql<{ n: number }>`select count(*)::int as n from rollup_queue`.execute(db());
    expect(waiting.rows[0]!.n).toBe(0);
    const uses = await sql<{ n: number }>`select sum(feature_uses)::int as n from customer_periods where grain = 'month'`.execute(db());
    expect(uses.rows[0]!.n).toBe(60);
  });

  test('reads offset-less timestamps in the zone named by assumeTimezone', async () => {
    const report = await importFile(db(), file('events.csv', eventsCsv), { assumeTimezone: 'Europe/Berlin' });
    expect(report.rejected).toBe(2);
    const e4 = await db().selectFrom('events').select('occurred_at').where('id', '=', 'e4').executeTakeFirstOrThrow();
    expect(e4.occurred_at).toEqual(new Date('2025-03-05T09:00:00Z'));
  });

  test('stores nothing twice when the same file is imported again', async () => {
    const path = file('events.csv', eventsCsv);
    await importFile(db(), path);
    const again = await importFile(db(), path);
    expect(again).toMatchObject({ stored: 0, duplicates: 2, rejected: 3 });
    expect(await eventIds()).toEqual(['e1', 'e5']);
  });

  test('imports a customers CSV with a BOM and CRLF line endings, attributes from the other columns', async () => {
    const path = file('customers.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name,mrr,plan\r\nacme,Acme,1200,pro\r\nbeta,Beta,,\r\n')]));
    const report = await importFile(db(), path);
    expect(report).toMatchObject({ kind: 'customers', lines: 2, stored: 2, rejected: 0 });
    const rows = await db().selectFrom('customers').select(['id', 'name', 'mrr', 'attributes']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'acme', name: 'Acme', mrr: 1200, attributes: { plan: 'pro' } },
      { id: 'beta', name: 'Beta', mrr: null, attributes: {} },
    ]);
    expect(await importFile(db(), path)).toMatchObject({ stored: 0, duplicates: 2 });
  });

  test('imports JSON Lines, rejecting a line that is not JSON by its line number and reading on', async () => {
    const lines = [
      '{"id":"e1","customer_id":"c1","type":"churned","occurred_at":"2025-03-02T10:00:00Z"}',
      '',
      '{"id":"e2","customer_id":"c1","type":"churned","occurred_at": }',
      '"just a string"',
      '{"id":"e3","customer_id":"c1","type":"churned","occurred_at":"2025-03-02T10:00:00Z","reason":"price"}\r',
    ].join('\n');
    const report = await importFile(db(), file('events.jsonl', lines));
    expect(report).toMatchObject({ kind: 'events', lines: 4, stored: 2, rejected: 2 });
    expect(report.rejections).toEqual([
      { line: 3, id: 'e2', reasons: [expect.stringMatching(/^the line is not valid JSON: /)] },
      { line: 4, id: null, reasons: ['an event must be a JSON object (got "just a string")'] },
    ]);
    expect(await eventIds()).toEqual(['e1', 'e3']);
  });

  test('tells a customers JSON Lines file by its first object', async () => {
    const report = await importFile(db(), file('c.jsonl', '{"id":"acme","attributes":{"plan":"pro"}}\n'));
    expect(report).toMatchObject({ kind: 'customers', stored: 1 });
  });

  test('lists at most the asked number of rejections but counts them all', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `{"id":"e${i}","type":"churned"}`).join('\n');
    const report = await importFile(db(), file('bad.jsonl', rows), { maxListedRejections: 5 });
    expect(report.rejected).toBe(30);
    expect(report.rejections.map((r) => r.line)).toEqual([1, 2, 3, 4, 5]);
  });

  test('stores the lines before an unclosed quote, then stops naming the line', async () => {
    const path = file('quote.csv', 'id,name\na,A\nb,"B\nc,C\n');
    const error = await failure(path);
    expect(error.message).toBe('line 3: unbalanced quotes: a quoted cell opened on this line or after it is never closed');
    expect(error.partial).toEqual({ lines: 1, stored: 1, duplicates: 0, rejected: 0 });
  });

  test.each([
    ['an empty CSV file', 'empty.csv', '', 'the file is empty: expected a header line such as id,customer_id,type,occurred_at'],
    ['an empty JSON Lines file', 'empty.jsonl', '\n\n', 'the file is empty: expected one JSON object per line'],
    ['a file of only a BOM', 'bom.csv', Buffer.from([0xef, 0xbb, 0xbf]), 'the file is empty: expected a header line such as id,customer_id,type,occurred_at'],
    ['a binary file', 'sheet.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), 'this is not a text file (a NUL byte at byte 5): expected CSV or JSON Lines in UTF-8, not a spreadsheet or archive.'],
    ['a binary JSON Lines file', 'blob.jsonl', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]), 'this is not a text file (a NUL byte at byte 3): expected CSV or JSON Lines in UTF-8, not a spreadsheet or archive.'],
    ['a UTF-16 file', 'utf16.csv', Buffer.from('\uFEFFid,name\n', 'utf16le'), 'the file is UTF-16 text: save it as UTF-8 (CSV UTF-8 in spreadsheet programs).'],
    ['a Latin-1 file', 'latin1.csv', Buffer.from('id,name\nm\xfcller,M\xfcller\n', 'latin1'), 'line 2: the file is not UTF-8 text (byte 9 is not valid UTF-8): save it as UTF-8 (CSV UTF-8 in spreadsheet programs)'],
    ['a JSON array', 'array.json', '[{"id":"a"}]', 'line 1: this is a JSON array, not JSON Lines: put one object per line, without [ ] around them'],
    ['a CSV missing the customer_id column', 'e.csv', 'id,type,occurred_at\n', expect.stringContaining('line 1: missing required column "customer_id" for a events file')],
  ])('refuses %s with a clear message, storing nothing', async (_name, name, content, message) => {
    const error = await failure(file(name, content));
    expect(error.message).toEqual(message);
    expect(await eventIds()).toEqual([]);
  });

  test('refuses a file that does not exist and a time zone that does not', async () => {
    expect((await failure(join(dir, 'missing.csv'))).message).toMatch(/missing\.csv does not exist$/);
    expect((await failure(file('e.csv', eventsCsv), { assumeTimezone: 'Mars/Olympus' })).message).toBe(
      '--assume-timezone Mars/Olympus is not a time zone: use an IANA name such as Europe/Berlin',
    );
  });
});
