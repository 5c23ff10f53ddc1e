import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../app.ts';
import { openEmbedded } from '../db/index.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ingestEvents } from '../ingest/service.ts';
import { testConfig } from '../test/databases.ts';
import { killIfRunning, spawnCanopy, startServer, type SpawnedServer } from './processes.ts';

// The embedded database's folder on a read-only or full disk. A real small disk: a 64 MB
// tmpfs mounted for the test (root in a container that may mount; CI runs as root). As
// root, chmod would not stop a write and a file-size limit is not a full disk, so this is
// the honest way: the kernel answers EROFS and ENOSPC exactly as a real disk would.
// Expected: a one-line error that says what to fix, a 503 for a write when the disk fills
// while serving, and afterwards the data opens with exactly the figures it had.

const mount = mkdtempSync(join(tmpdir(), 'canopy-disk-'));
const dataDir = join(mount, 'data');
const filler = join(mount, 'filler');
let mounted = false;
let server: SpawnedServer | undefined;

const sh = (...args: string[]) => execFileSync(args[0]!, args.slice(1), { stdio: 'pipe' });

/** Writes zeros until the disk says it is full. */
function fillDisk() {
  const fd = openSync(filler, 'a');
  const chunk = Buffer.alloc(1024 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

/** What the data says: every event hashed, and the forest and movement of September 2026. */
async function figures() {
  const handle = await openEmbedded(dataDir);
  try {
    const events = await sql<{ n: number; h: string }>`
      select count(*)::int as n, md5(string_agg((to_jsonb(e) - 'received_at')::text, ',' order by id)) as h from events e`.execute(handle.db);
    const app = await buildApp({ config: testConfig(), database: handle, logger: false, webDist: '/nonexistent' });
    const forest = await app.inject({ method: 'GET', url: '/api/v1/forest?grain=month&date=2026-09-15' });
    const movement = await app.inject({ method: 'GET', url: '/api/v1/movement?grain=month&date=2026-09-15' });
    await app.close();
    const withoutDataAsOf = (body: string) => JSON.parse(body, (key, value) => (key === 'dataAsOf' ? undefined : value));
    return { events: events.rows[0], forest: withoutDataAsOf(forest.body), movement: withoutDataAsOf(movement.body) };
  } finally {
    await handle.db.destroy();
  }
}

const events = (prefix: string, n: number, at: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, customer_id: `${prefix}-c${i % 60}`, type: 'feature_used', feature: 'reports', occurred_at: at(i) }));

/** Starts the server on the data directory and expects it to refuse, with one clear line. */
async function expectRefusedStart(problem: string) {
  const refused = spawnCanopy('server/src/server.ts', [], { CANOPY_DATA_DIR: dataDir, PORT: '0', DATABASE_URL: '' });
  expect(await refused.exited, refused.output()).toBe(1);
  const output = refused.output().trim();
  expect(output).toBe(
    `Cannot write to the data directory ${dataDir}: ${problem}. Free space or fix its permissions (or point CANOPY_DATA_DIR elsewhere), then start Canopy again.`,
  );
}

describe('the embedded data directory on a read-only or full disk', () => {
  let before: Awaited<ReturnType<typeof figures>>;

  beforeAll(async () => {
    try {
      sh('mount', '-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mount);
    } catch (error) {
      throw new Error(`This test mounts a 64 MB tmpfs and needs root with CAP_SYS_ADMIN (as in CI): ${(error as Error).message}`);
    }
    mounted = true;
    const handle = await openEmbedded(dataDir);
    await migrateToLatest(handle.db);
    const september = (i: number) => new Date(Date.parse('2026-09-01T00:00:00Z') + i * 3_600_000).toISOString();
    expect(await ingestEvents(handle.db, events('kept', 600, september))).toMatchObject({ stored: 600 });
    await handle.db.destroy();
    before = await figures();
    expect(before.events!.n).toBe(600);
  }, 60_000);

  afterAll(async () => {
    await killIfRunning(server);
    if (mounted) {
      try {
        sh('umount', mount);
      } catch {
        sh('umount', '-l', mount);
      }
    }
    rmSync(mount, { recursive: true, force: true });
  });

  test('read-only: the start stops with one line that says what to fix; the data is unharmed', async () => {
    sh('mount', '-o', 'remount,ro', mount);
    try {
      await expectRefusedStart('the disk is read-only');
    } finally {
      sh('mount', '-o', 'remount,rw', mount);
    }
    expect(await figures()).toEqual(before);
  }, 60_000);

  test('full at start: the start stops with one line that says what to fix; the data is unharmed', async () => {
    fillDisk();
    try {
      await expectRefusedStart('the disk is full');
    } finally {
      rmSync(filler, { force: true });
    }
    expect(await figures()).toEqual(before);
  }, 60_000);

  test('full while serving: a write answers 503 with Retry-After and stores nothing; the data is unharmed', async () => {
    server = await startServer({ CANOPY_DATA_DIR: dataDir, DATABASE_URL: '' });
    fillDisk();
    try {
      const now = new Date().toISOString();
      const response = await fetch(`${server.url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Long comments so the batch cannot fit in pages already allocated.
        body: JSON.stringify({ events: events('lost', 3000, () => now).map((e) => ({ ...e, type: 'nps_response', feature: undefined, score: 7, comment: 'x'.repeat(2000) })) }),
      });
      const text = await response.text();
      expect(response.status, text).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(JSON.parse(text).message).toBe(
        'The database has no disk space left, so nothing of this request was stored. Free space on its disk, then send again.',
      );
      expect(text).not.toMatch(/could not extend|base\/|\bat .+:\d+/);
      server.child.kill('SIGTERM');
      await server.exited;
    } finally {
      rmSync(filler, { force: true });
    }
    expect(await figures()).toEqual(before);
  }, 60_000);
});
