import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { buildApp } from '../app.ts';
import { openEmbedded, openPostgres, type DatabaseHandle, type DatabaseKind } from '../db/index.ts';
import { backends, testConfig } from '../test/databases.ts';
import { spawnCanopy, waitFor } from './processes.ts';

// `canopy import` killed with SIGKILL part-way (power cut, OOM killer): running it again
// must leave exactly what one clean import leaves. Both runs go through the real CLI.

const LINES = 18_000;
const work = mkdtempSync(join(tmpdir(), 'canopy-import-kill-'));
const file = join(work, 'events.jsonl');
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** A deterministic file of every event type over four months for 1,500 customers. */
function writeEventsFile() {
  const lines: string[] = [];
  const start = Date.parse('2026-06-01T00:00:00Z');
  const span = Date.parse('2026-10-01T00:00:00Z') - start;
  for (let i = 0; i < LINES; i++) {
    const base = { id: `kill-${i}`, customer_id: `cust-${(i * 7919) % 1500}`, occurred_at: new Date(start + ((i * 104_729) % span)).toISOString() };
    const fields = [
      { type: 'feature_used', feature: ['reports', 'export', 'alerts'][i % 3] },
      { type: 'help_viewed', article: `article ${i % 40}` },
      { type: 'chatbot_conversation', escalated: i % 3 === 0 },
      { type: 'phone_call', hold_seconds: i % 500 },
      { type: 'nps_response', score: i % 11, ...(i % 4 === 0 ? { comment: `comment ${i}` } : {}) },
      { type: 'contact', channel: i % 2 ? 'email' : 'live_chat' },
      { type: 'feature_used', feature: 'dashboards' },
    ][i % 7]!;
    lines.push(JSON.stringify({ ...base, ...fields }));
  }
  lines.push(JSON.stringify({ id: 'kill-churn', customer_id: 'cust-1', type: 'churned', occurred_at: '2026-09-20T10:00:00Z' }));
  writeFileSync(file, lines.join('\n') + '\n');
}
writeEventsFile();
const fileBytes = statSync(file).size;

/**
 * A fresh, empty database of the kind: the environment the CLI needs to use it, how to
 * open it here, and while the CLI runs, whether some batches are stored yet (PostgreSQL:
 * counted; the embedded database cannot be opened twice, so: the CLI has read 12,000
 * lines, while at most 256 KB (about 2,000 lines) wait unread and three batches of 2,000 are being stored).
 */
async function freshTarget(kind: DatabaseKind): Promise<{ env: Record<string, string>; open: () => Promise<DatabaseHandle>; someStored: (pid: number) => Promise<boolean> }> {
  if (kind === 'embedded') {
    const dataDir = mkdtempSync(join(work, 'data-'));
    return {
      env: { CANOPY_DATA_DIR: dataDir, DATABASE_URL: '' },
      open: () => openEmbedded(dataDir),
      someStored: async (pid) => (readPosition(pid, file) ?? 0) > (fileBytes * 12_000) / LINES,
    };
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `canopy_kill_${randomBytes(5).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await run(`create database ${name}`);
  cleanups.push(() => run(`drop database if exists ${name} with (force)`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    open: async () => openPostgres(url.toString(), 2),
    someStored: async () => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query('select count(*)::int as n from events')).rows[0].n > 0;
      } catch {
        return false; // not migrated yet
      } finally {
        await client.end();
      }
    },
  };
}

/** How far the process has read `path`, from Linux's /proc (the importer reads one batch ahead at most). */
function readPosition(pid: number, path: string): number | undefined {
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== path) continue;
      return Number(/pos:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))![1]);
    }
  } catch {
    // the file is not open (yet, or any more)
  }
  return undefined;
}

/** Everything an import leaves, as comparable text: contents hashed, figures as the API answers them. */
async function snapshot(handle: DatabaseHandle) {
  const db = handle.db;
  const hash = async (query: { execute: (db: DatabaseHandle['db']) => Promise<{ rows: { n: number; h: string }[] }> }) => (await query.execute(db)).rows[0];
  const events = await hash(sql<{ n: number; h: string }>`select count(*)::int as n, md5(string_agg((to_jsonb(e) - 'received_at')::text, ',' order by id)) as h from events e`);
  const customers = await hash(
    sql<{ n: number; h: string }>`select count(*)::int as n, md5(string_agg((to_jsonb(c) - 'received_at' - 'updated_at')::text, ',' order by id)) as h from customers c`,
  );
  const rollups = await hash(
    sql<{ n: number; h: string }>`select count(*)::int as n, md5(string_agg(to_jsonb(r)::text, ',' order by grain, period_start, customer_id)) as h from customer_periods r`,
  );
  const app = await buildApp({ config: testConfig(), database: handle, logger: false, webDist: '/nonexistent' });
  const figures: unknown[] = [];
  for (const url of ['/api/v1/forest?grain=month&date=2026-09-15', '/api/v1/forest?grain=week&date=2026-07-08', '/api/v1/movement?grain=month&date=2026-08-15']) {
    const response = await app.inject({ method: 'GET', url });
    expect(response.statusCode, url).toBe(200);
    // dataAsOf is when the newest event arrived: the only figure that is meant to differ.
    figures.push(JSON.parse(response.body, (key, value) => (key === 'dataAsOf' ? undefined : value)));
  }
  await app.close();
  return { events, customers, rollups, figures };
}

describe.each(backends)('canopy import killed with SIGKILL part-way [%s]', (kind) => {
  test('importing again leaves exactly what one clean import leaves', async () => {
    // Killed once some batches are stored: checked below, since the embedded case infers it.
    const killed = await freshTarget(kind);
    const first = spawnCanopy('server/src/cli.ts', ['import', file], killed.env);
    await waitFor(
      async () => ((await killed.someStored(first.child.pid!)) ? true : undefined),
      60_000,
      () => `the import stored nothing:\n${first.output()}`,
      first.exited,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    // The killed state opens (PGlite included) and holds some of the file, not all of it.
    const partial = await killed.open();
    const partialEvents = Number((await sql<{ n: number }>`select count(*)::int as n from events`.execute(partial.db)).rows[0]!.n);
    await partial.db.destroy();
    expect(partialEvents).toBeGreaterThan(0);
    expect(partialEvents).toBeLessThan(LINES + 1);

    const again = spawnCanopy('server/src/cli.ts', ['import', file], killed.env);
    expect(await again.exited, again.output()).toBe(0);
    // Its summary: every line read, those stored before the kill counted as duplicates.
    const n = (x: number) => x.toLocaleString('en');
    expect(again.output()).toMatch(new RegExp(`${n(LINES + 1)} +${n(LINES + 1 - partialEvents)} +${n(partialEvents)} +0 +ok`));

    const clean = await freshTarget(kind);
    const once = spawnCanopy('server/src/cli.ts', ['import', file], clean.env);
    expect(await once.exited, once.output()).toBe(0);

    const afterKill = await killed.open();
    const afterClean = await clean.open();
    try {
      const [a, b] = [await snapshot(afterKill), await snapshot(afterClean)];
      expect(a.events!.n).toBe(LINES + 1);
      expect(a).toEqual(b);
    } finally {
      await afterKill.db.destroy();
      await afterClean.db.destroy();
    }
  }, 180_000);
});
