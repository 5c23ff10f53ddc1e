import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addAnnotation } from '../annotations/queries.ts';
import { ingestCustomers, ingestEvents } from '../ingest/service.ts';
import { describeEachDatabase, freshDatabase } from '../test/databases.ts';
import { exportDatabase } from './export.ts';
import { importAll } from './import.ts';
import { currentSchemaVersion, MANIFEST_FILE } from './manifest.ts';

// What import-all refuses, and that a refused import leaves the database as it was.

describeEachDatabase('import-all refusals', (handle, kind) => {
  let folder: string;
  let exported: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'canopy-refusals-'));
    exported = join(folder, 'export');
    // A separate source database: the one under test stays for the import checks.
    const source = await freshDatabase(kind);
    await ingestCustomers(source.handle.db, [{ id: 'acme', name: 'Acme', attributes: { plan: 'pro' } }]);
    await ingestEvents(source.handle.db, [{ id: 'e1', customer_id: 'acme', type: 'phone_call', occurred_at: '2026-05-04T10:00:00Z', hold_seconds: 60 }]);
    await addAnnotation(source.handle.db, { occurredOn: '2026-05-01', text: 'moved' });
    await exportDatabase(source.handle.db, exported);
    await source.drop();
  }, 60_000);
  afterAll(() => rm(folder, { recursive: true, force: true }));

  const withManifest = async (name: string, change: (manifest: Record<string, unknown>) => void) => {
    const dir = join(folder, name);
    await exportCopy(exported, dir);
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Record<string, unknown>;
    change(manifest);
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    return dir;
  };
  const count = async (table: 'customers' | 'events' | 'annotations') =>
    Number((await handle().db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  test('refuses an export from a newer Canopy, saying to upgrade first', async () => {
    const dir = await withManifest('newer', (m) => (m.schemaVersion = '9999-01-01-01-future'));
    await expect(importAll(handle().db, dir)).rejects.toThrow(/newer Canopy \(schema 9999-01-01-01-future; this one is at .*\)\. Upgrade this Canopy first/);
  });

  test('refuses an export from an older Canopy, saying how to bring it up to date', async () => {
    const dir = await withManifest('older', (m) => (m.schemaVersion = '2026-11-23-04-access'));
    await expect(importAll(handle().db, dir)).rejects.toThrow(`older Canopy (schema 2026-11-23-04-access; this one is at ${currentSchemaVersion()})`);
  });

  test('refuses a folder that is not an export', async () => {
    await expect(importAll(handle().db, folder)).rejects.toThrow(`has no ${MANIFEST_FILE}: name a folder written by pnpm canopy export`);
  });

  test('a file with fewer rows than the manifest stores nothing at all', async () => {
    const dir = await withManifest('short', () => {});
    await writeFile(join(dir, 'events.jsonl'), '');
    await expect(importAll(handle().db, dir)).rejects.toThrow('events.jsonl holds 0 rows but the manifest says 1');
    expect([await count('customers'), await count('events'), await count('annotations')]).toEqual([0, 0, 0]);
  });

  test('imports into an empty database, then refuses a second import without --replace', async () => {
    await importAll(handle().db, exported);
    expect([await count('customers'), await count('events'), await count('annotations')]).toEqual([1, 1, 1]);
    await expect(importAll(handle().db, exported)).rejects.toThrow(
      'This database already holds data (customers, events, annotations). Import into an empty database, or add --replace',
    );
  });

  test('--replace deletes what was there first, including data the export does not have', async () => {
    await ingestCustomers(handle().db, [{ id: 'not-in-export' }]);
    await importAll(handle().db, exported, { replace: true });
    const ids = (await handle().db.selectFrom('customers').select('id').execute()).map((r) => r.id);
    expect(ids).toEqual(['acme']);
    expect(await count('events')).toBe(1);
    const rollups = await handle().db.selectFrom('customer_periods').select('customer_id').execute();
    expect(rollups.length).toBeGreaterThan(0);
  });

  test('export refuses a folder that is not empty', async () => {
    await expect(exportDatabase(handle().db, exported)).rejects.toThrow('is not empty: export into a new or empty folder');
  });
});

async function exportCopy(from: string, to: string) {
  const { cp } = await import('node:fs/promises');
  await cp(from, to, { recursive: true });
}
