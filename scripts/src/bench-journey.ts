// pnpm bench [--customers 100000] [--events 3000000] [--runs 20] [--embedded]
//
// Generates a large company, builds the rollups, and reports p50/p95 of the journey
// endpoints through the real app, beside the same forest computed straight from raw
// events as a BI tool would (asserting identical numbers). Prints a markdown table.
// The generated PostgreSQL database (canopy_bench_<customers>_<events>) is kept for the
// next run, since generating takes minutes; drop it by hand when done.
import { parseArgs } from 'node:util';
import { churnWindowEnd, DEFAULT_SETTINGS, periodContaining } from '@canopy/shared';
import { buildApp } from '@canopy/server/app.ts';
import { loadConfig } from '@canopy/server/config.ts';
import { openEmbedded, openPostgres, type DatabaseHandle } from '@canopy/server/db/index.ts';
import { migrateToLatest } from '@canopy/server/db/migrate.ts';
import { invalidateCounts, settleRecounts } from '@canopy/server/journey/counts-cache.ts';
import { rebuildRollups } from '@canopy/server/rollups/rebuild.ts';
import { sql } from 'kysely';
import { generateCompany } from './bench/generate.ts';
import { keptDatabase } from './bench/kept-database.ts';
import { describePostgres } from './bench/postgres-settings.ts';
import { rawForest } from './bench/raw-forest.ts';
import { percentile, timeRuns } from './bench/timing.ts';

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    events: { type: 'string', default: '3000000' },
    runs: { type: 'string', default: '20' },
    embedded: { type: 'boolean', default: false },
  },
});
const customers = Number(args.customers);
const events = Number(args.events);
const runs = Number(args.runs);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// A fixed "today" so the generated data and the periods asked for are the same on every run.
const end = new Date('2026-11-01T00:00:00Z');

async function open(): Promise<{ handle: DatabaseHandle; fresh: boolean }> {
  if (args.embedded) return { handle: await openEmbedded(undefined), fresh: true };
  const { url, created } = await keptDatabase(adminUrl, `canopy_bench_${customers}_${events}`);
  return { handle: openPostgres(url, 10), fresh: created };
}

const { handle, fresh } = await open();
const db = handle.db;
await migrateToLatest(db);
const counted = await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
if (fresh || Number(counted.n) !== events) {
  console.error(`Generating ${customers} customers and ${events} events on ${handle.kind}...`);
  let t = performance.now();
  await generateCompany(db, customers, events, end);
  console.error(`  generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await rebuildRollups(db, 'UTC');
  console.error(`  rollups rebuilt in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
// Earlier runs' writes leave dead rows; with autovacuum off (as on this machine) they would
// slow every later run. Measure as autovacuum would have left the tables (pnpm load does the same).
await sql`vacuum (analyze)`.execute(db);

const app = await buildApp({ config: { ...loadConfig({}), logLevel: 'silent' }, database: handle, logger: false, webDist: '/nonexistent' });
const month = periodContaining('month', '2026-10-15', 'UTC');
const q = 'grain=month&date=2026-10-15';
const endpoints: [string, string][] = [
  ['forest, month, no segment', `/api/v1/forest?${q}`],
  ['forest, month, segment plan:pro', `/api/v1/forest?${q}&segment=plan:pro`],
  ['forest, quarter, no segment', '/api/v1/forest?grain=quarter&date=2026-08-15'],
  ['trend, 52 weeks', '/api/v1/trend?grain=week&from=2025-11-03&to=2026-10-26'],
  ['movement, month', `/api/v1/movement?${q}`],
  ['drill-down, first page', `/api/v1/stages/phone_call/customers?${q}`],
];

const rows: string[][] = [];
const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url });
  if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`);
};
// Cold: the counts cache emptied before each read, as for the first read after new data
// landed in the period. Warm: read again with nothing changed, as a wall screen does.
const coldRuns = Math.max(3, Math.ceil(runs / 4));
for (const [name, url] of endpoints) {
  const cold = await timeRuns(coldRuns, () => get(url), () => sql`delete from period_counts_cache`.execute(db));
  rows.push([`${name}, cold`, percentile(cold, 0.5).toFixed(0), percentile(cold, 0.95).toFixed(0), `${coldRuns} runs`]);
  const warm = await timeRuns(runs, () => get(url));
  rows.push([`${name}, warm`, percentile(warm, 0.5).toFixed(0), percentile(warm, 0.95).toFixed(0), `${runs} runs`]);
}

// What a reader meets in operation: new data landed on 31 October, after September's churn
// window closed, so only October's counts are stale and September's stay cached. Exact: the reader waits for October's recount. Stale allowed (the
// dashboards' default, CANOPY_STALE_FIGURES_SECONDS=60): the reader gets the counts from
// before, marked refreshing, while one background recount runs (settled before the next run).
const forestUrl = `/api/v1/forest?${q}`;
const dropOctober = () => sql`delete from period_counts_cache where period_start = ${month.start}`.execute(db);
const exactAfterNewData = await timeRuns(coldRuns, () => get(forestUrl), dropOctober);
rows.push(['forest, month, after new data on its last day, exact', percentile(exactAfterNewData, 0.5).toFixed(0), percentile(exactAfterNewData, 0.95).toFixed(0), `${coldRuns} runs; previous month cached`]);
const staleApp = await buildApp({ config: { ...loadConfig({}), logLevel: 'silent', staleFiguresSeconds: 60 }, database: handle, logger: false, webDist: '/nonexistent' });
let servedStale = 0;
const staleAfterNewData = await timeRuns(
  runs,
  async () => {
    const res = await staleApp.inject({ method: 'GET', url: forestUrl });
    if (res.statusCode !== 200) throw new Error(`${forestUrl} answered ${res.statusCode}: ${res.body}`);
    if (res.json().refreshing) servedStale++;
  },
  async () => {
    await settleRecounts(db);
    await db.transaction().execute((trx) => invalidateCounts(trx, new Date('2026-10-31T12:00:00Z')));
  },
);
await settleRecounts(db);
await staleApp.close();
rows.push(['forest, month, after new data on its last day, stale allowed', percentile(staleAfterNewData, 0.5).toFixed(0), percentile(staleAfterNewData, 0.95).toFixed(0), `${runs} runs; ${servedStale} of ${runs + 1} answers marked refreshing`]);

// The same forest figures straight from raw events, and a check that they are identical.
const churnEnd = churnWindowEnd(month.end, DEFAULT_SETTINGS.churnWindowDays, 'UTC');
for (const [label, plan, url] of [
  ['no segment', undefined, `/api/v1/forest?${q}`],
  ['segment plan:pro', 'pro', `/api/v1/forest?${q}&segment=plan:pro`],
] as const) {
  const forest = (await app.inject({ method: 'GET', url })).json();
  const rawTimes = await timeRuns(Math.max(3, Math.floor(runs / 4)), () => rawForest(db, month.start, month.end, churnEnd, plan));
  const raw = await rawForest(db, month.start, month.end, churnEnd, plan);
  for (const r of raw) {
    const stage = forest.stages[r.stage - 1];
    const mine = [stage.customers, stage.revenue.mrr, stage.nps.responses, stage.churn.churned];
    const theirs = [r.customers, r.mrr, r.npsResponses, r.churned];
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
      throw new Error(`Stage ${r.stage} differs (${label}): rollups ${JSON.stringify(mine)} vs raw ${JSON.stringify(theirs)}`);
    }
  }
  const p50 = (suffix: string) => Number(rows.find((row) => row[0] === `forest, month, ${plan ? 'segment plan:pro' : 'no segment'}, ${suffix}`)![1]);
  const rawP50 = percentile(rawTimes, 0.5);
  const ratio = (ms: number) => (rawP50 / Math.max(ms, 1)).toFixed(1);
  rows.push([
    `raw-event SQL, stage figures only (BI style), ${label}: identical numbers`,
    rawP50.toFixed(0),
    percentile(rawTimes, 0.95).toFixed(0),
    `forest is ${ratio(p50('cold'))}x faster cold, ${ratio(p50('warm'))}x warm`,
  ]);
}

console.log(`\n${handle.kind === 'embedded' ? 'Embedded (PGlite)' : await describePostgres(db)}, ${customers.toLocaleString('en')} customers, ${events.toLocaleString('en')} events, ${runs} runs each, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| endpoint | p50 ms | p95 ms | note |');
console.log('|---|---:|---:|---|');
for (const row of rows) console.log(`| ${row[0]} | ${row[1]} | ${row[2]} | ${row[3] ?? ''} |`);

await app.close();
await db.destroy();
