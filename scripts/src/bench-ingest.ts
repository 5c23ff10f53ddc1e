// pnpm --filter @canopy/scripts bench:ingest [--events 200000] [--customers 10000] [--batch 1000]
//   [--concurrency 4] [--import-mb 50] [--known-customers]
//
// --known-customers: every method starts with the customers stored, with attributes
// (3 plans x 3 regions x 5 industries, as the journey benchmark's company), as after a CRM
// sync; otherwise the API and the importer create them (without attributes) from the events.
//
// Ingestion throughput into a scratch PostgreSQL database (BENCH_DATABASE_URL's server):
// POST /api/v1/events over real HTTP, the file importer (JSON Lines and CSV), and psql's
// \copy of the same rows as the reference. Then the importer's peak memory on a generated
// file of --import-mb MB, run as the real CLI in a child process. Prints markdown tables.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '@canopy/server/app.ts';
import { loadConfig } from '@canopy/server/config.ts';
import { openPostgres } from '@canopy/server/db/index.ts';
import { migrateToLatest } from '@canopy/server/db/migrate.ts';
import { importFile } from '@canopy/server/import/import-file.ts';
import { DERIVED_TABLES } from '@canopy/server/transfer/tables.ts';
import { sql } from 'kysely';
import pg from 'pg';
import { describePostgres } from './bench/postgres-settings.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    customers: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '4' },
    'known-customers': { type: 'boolean', default: false },
    'import-mb': { type: 'string', default: '50' },
  },
});
const N = Number(args.events);
const CUSTOMERS = Number(args.customers);
const BATCH = Number(args.batch);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COLUMNS = ['id', 'customer_id', 'type', 'occurred_at', 'feature', 'article', 'escalated', 'resolved', 'hold_seconds', 'talk_seconds', 'score', 'comment', 'reason', 'channel'];

/** The i-th generated event: a deterministic mix of every type over 2025, for ~CUSTOMERS customers. */
function event(i: number): Record<string, unknown> {
  const h = (Math.imul(i + 1, 2654435761) >>> 0) / 2 ** 32;
  const base = {
    id: `ev-${i.toString().padStart(9, '0')}`,
    customer_id: `cust-${Math.floor(h * CUSTOMERS).toString().padStart(6, '0')}`,
    occurred_at: new Date(Date.UTC(2025, 0, 1) + Math.floor(((h * 7919) % 1) * 364 * 86_400_000)).toISOString(),
  };
  // One event in 250 is a churn, about the share in the journey benchmark's company.
  if (i % 250 === 9) return { ...base, type: 'churned', reason: 'Too expensive' };
  switch (i % 10) {
    case 0: return { ...base, type: 'help_viewed', article: 'getting-started' };
    case 1: return { ...base, type: 'chatbot_conversation', escalated: h > 0.5, resolved: h < 0.4 };
    case 2: return { ...base, type: 'phone_call', hold_seconds: Math.round(h * 600), talk_seconds: 300 };
    case 3: return { ...base, type: 'nps_response', score: Math.floor(h * 11), comment: 'Works well, but the export is slow' };
    case 4: return { ...base, type: 'contact', channel: 'email' };
    default: return { ...base, type: 'feature_used', feature: ['reports', 'export', 'dashboards', 'alerts'][i % 4] };
  }
}
const csvLine = (e: Record<string, unknown>) => COLUMNS.map((c) => (e[c] === undefined ? '' : String(e[c]).includes(',') ? `"${e[c]}"` : String(e[c]))).join(',');

const name = `canopy_bench_ingest_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const dir = mkdtempSync(join(tmpdir(), 'canopy-bench-'));
const handle = openPostgres(url.toString(), 10);
try {
  const db = handle.db;
  await migrateToLatest(db);
  const events = Array.from({ length: N }, (_, i) => event(i));
  const jsonl = join(dir, 'events.jsonl');
  const csv = join(dir, 'events.csv');
  writeFileSync(jsonl, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileSync(csv, [COLUMNS.join(','), ...events.map(csvLine)].join('\n') + '\n');
  // Every method starts from empty tables, the derived ones too (a truncate fires no summary trigger).
  const reset = () => sql`truncate events, customers, ${sql.join(DERIVED_TABLES.map((t) => sql.table(t)))} cascade`.execute(db);
  const count = async () => Number((await sql<{ n: number }>`select count(*)::int as n from events`.execute(db)).rows[0]!.n);
  const results: { method: string; seconds: number; figures?: number }[] = [];
  const createCustomers = () => sql`
    insert into customers (id, attributes)
    select 'cust-' || lpad(n::text, 6, '0'), jsonb_build_object(
      'plan', (array['starter','pro','enterprise'])[1 + n % 3],
      'region', (array['EU','NA','APAC'])[1 + (n / 3) % 3],
      'industry', (array['retail','finance','health','software','logistics'])[1 + (n / 9) % 5])
    from generate_series(0, ${CUSTOMERS - 1}) n`.execute(db);
  const queued = async () => Number((await sql<{ n: number }>`select count(*)::int as n from rollup_queue`.execute(db)).rows[0]!.n);
  // `settle`: waits until the figures include every stored event (the API's rollup worker).
  const time = async (method: string, run: () => Promise<unknown>, options: { prepare?: () => Promise<unknown>; settle?: () => Promise<unknown> } = {}) => {
    await reset();
    await (options.prepare ?? (args['known-customers'] ? createCustomers : undefined))?.();
    await sql`checkpoint`.execute(db);
    const t = performance.now();
    await run();
    const seconds = (performance.now() - t) / 1000;
    if ((await count()) !== N) throw new Error(`${method} stored ${await count()} of ${N} events`);
    await options.settle?.();
    const figures = options.settle ? (performance.now() - t) / 1000 : undefined;
    if (options.settle && (await queued()) > 0) throw new Error(`${method}: events still queued for the rollups after settling`);
    results.push({ method, seconds, figures });
    console.error(`  ${method}: ${seconds.toFixed(1)} s${figures === undefined ? '' : `, figures caught up at ${figures.toFixed(1)} s`}`);
  };

  console.error(`${N} events for ${CUSTOMERS} customers, database ${name}`);
  await time(
    'PostgreSQL COPY (psql \\copy of the CSV; customers created first, untimed)',
    async () => {
      const copy = spawnSync('psql', [url.toString(), '-q', '-c', `\\copy events (${COLUMNS.join(',')}) from '${csv}' with (format csv, header true)`], { stdio: 'inherit' });
      if (copy.status !== 0) throw new Error('psql \\copy failed');
    },
    { prepare: createCustomers },
  );
  const config = { ...loadConfig({}), databaseUrl: url.toString(), logLevel: 'silent', maxBatchItems: Math.max(BATCH, 5000) };
  const app = await buildApp({ config, database: handle, logger: false, webDist: '/nonexistent' });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const bodies: string[] = [];
  for (let i = 0; i < N; i += BATCH) bodies.push(JSON.stringify({ events: events.slice(i, i + BATCH) }));
  const send = async (concurrency: number) => {
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await fetch(`${address}/api/v1/events`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
        if (res.status !== 200) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  const settle = () => app.rollups.settled();
  await time(`POST /api/v1/events, batches of ${BATCH}, 1 connection`, () => send(1), { settle });
  await time(`POST /api/v1/events, batches of ${BATCH}, ${args.concurrency} parallel`, () => send(Number(args.concurrency)), { settle });
  await app.close();
  // The importer returns once the figures include what it stored: nothing left to wait for.
  const nothing = async () => undefined;
  await time('importer, JSON Lines file', () => importFile(db, jsonl), { settle: nothing });
  await time('importer, CSV file', () => importFile(db, csv), { settle: nothing });

  const copy = results[0]!.seconds;
  console.log(`\n${await describePostgres(db)}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC\n`);
  // Stored: every event answered for (API) or returned from importFile. Figures: until the
  // rollups include them all (the importer waits for that before it returns).
  console.log(`| method | events | stored in s | events/s | % of COPY | figures in s | events/s with figures |\n|---|---:|---:|---:|---:|---:|---:|`);
  for (const r of results) {
    const figures = r.figures === undefined ? '' : `${r.figures.toFixed(1)} | ${Math.round(N / r.figures).toLocaleString('en')}`;
    console.log(`| ${r.method} | ${N.toLocaleString('en')} | ${r.seconds.toFixed(1)} | ${Math.round(N / r.seconds).toLocaleString('en')} | ${Math.round((100 * copy) / r.seconds)}% | ${figures || ' | '} |`);
  }
  await memoryCheck(Number(args['import-mb']), dir, reset);
} finally {
  await handle.db.destroy();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}

/** Runs `canopy import` on a generated events file of about `mb` MB and reports its peak RSS. */
async function memoryCheck(mb: number, folder: string, reset: () => Promise<unknown>) {
  if (mb <= 0) return;
  await reset();
  const path = join(folder, 'large.jsonl');
  const out = createWriteStream(path);
  let lines = 0;
  for (let written = 0; written < mb * 1e6; ) {
    const chunk = Array.from({ length: 1000 }, () => JSON.stringify(event(N + lines++))).join('\n') + '\n';
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const size = statSync(path).size;
  console.error(`memory check: ${(size / 1e6).toFixed(0)} MB, ${lines} events`);
  const serverDir = fileURLToPath(new URL('../../server/', import.meta.url));
  const t = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', path, '--kind', 'events'], {
    cwd: serverDir,
    env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // the child has exited
    }
  }, 100);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  clearInterval(poll);
  const seconds = (performance.now() - t) / 1000;
  rmSync(path, { force: true });
  if (code !== 0) throw new Error(`canopy import exited ${code}:\n${output}`);
  console.log(`\n| file | events | seconds | events/s | peak RSS |\n|---|---:|---:|---:|---:|`);
  console.log(`| ${(size / 1e6).toFixed(0)} MB JSON Lines via \`canopy import\` | ${lines.toLocaleString('en')} | ${seconds.toFixed(1)} | ${Math.round(lines / seconds).toLocaleString('en')} | ${Math.round(peakKb / 1024)} MB |`);
}
