// pnpm load [--duration 60] [--customers 100000] [--events 3000000] [--rate 2000] [--batch 200]
//
// Load on real PostgreSQL, loopback only: the real server (spawned as in production) on a
// database of `customers` generated customers, 50 connections reading the dashboards
// (forest, trend, movement, drill-down, segments over several periods and segments) while
// a paced stream sends `rate` fresh events per second. Prints, per endpoint, requests,
// p50, p99 and every error, the achieved ingestion rate, where the CPU went (the server,
// this script, PostgreSQL and the rest, idle), and a PASS/FAIL line against the
// targets: no errors, reads p99 <= 500 ms, ingestion >= 95% of the rate asked for.
// Also how far the figures trailed the stored events (the rollup worker's queue, from /readyz).
// --rate 0 reads alone (to tell what ingestion costs the readers). Before the clock starts,
// every read URL is asked once, one at a time (--no-warmup skips it): a dashboard that has
// been running has counted its periods before; the first read of each after a restart is
// the cold cost that `pnpm bench` measures. What ingestion makes cold again stays in.
// The database (canopy_load_<customers>_<events>) is kept for the next run.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { describePostgres } from './bench/postgres-settings.ts';
import { describeCpu, sampleCpu } from './load/cpu.ts';
import { prepareLoadDatabase } from './load/database.ts';
import { runIngestStream } from './load/ingest-stream.ts';
import { watchRollupLag } from './load/lag.ts';
import { dashboardReads, runReaders } from './load/readers.ts';
import { spawnServer } from './load/server.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    customers: { type: 'string', default: '100000' },
    events: { type: 'string', default: '3000000' },
    rate: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '200' },
    'no-warmup': { type: 'boolean', default: false },
  },
});
const seconds = Number(args.duration);
const customers = Number(args.customers);
const events = Number(args.events);
const rate = Number(args.rate);
const batch = Number(args.batch);
const READ_P99_TARGET_MS = 500;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const database = await prepareLoadDatabase(adminUrl, customers, events);
const server = await spawnServer(database.url);
if (!args['no-warmup']) {
  const t = performance.now();
  const paths = dashboardReads().flatMap((endpoint) => endpoint.paths);
  for (const path of paths) {
    const response = await fetch(`${server.url}${path}`);
    if (response.status !== 200) throw new Error(`Warm-up: ${path} answered ${response.status}: ${await response.text()}`);
  }
  console.error(`Warmed up: ${paths.length} reads, one at a time, in ${((performance.now() - t) / 1000).toFixed(1)} s.`);
}
const loadBefore = loadavg()[0]!;
const cpuBefore = sampleCpu(server.pid);
console.error(`Server at ${server.url}; ${seconds} s of 50 reading connections and ${rate} events/s...`);

const running = Promise.all([
  runReaders(server.url, dashboardReads(), seconds),
  rate > 0 ? runIngestStream(server.url, database.apiKey, customers, rate, batch, seconds) : undefined,
]);
const [[reads, ingest], lag] = await Promise.all([running, watchRollupLag(server.url, running)]);
const loadAfter = loadavg()[0]!;
const cpu = describeCpu(cpuBefore, sampleCpu(server.pid));
const postgres = await describePostgres(database.handle.db);
const exitCode = await server.stop();
await database.handle.db.destroy();

const errorText = (errors: Record<string, number>) =>
  Object.keys(errors).length === 0 ? 'none' : Object.entries(errors).map(([kind, n]) => `${kind}: ${n}`).join(', ');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');

console.log(
  `\nLoad, ${postgres}, ${customers.toLocaleString('en')} customers, ${events.toLocaleString('en')} generated events, ` +
    `${seconds} s${args['no-warmup'] ? ', no warm-up' : ''}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} cores, ` +
    `load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the run\n`,
);
console.log('| endpoint | connections | answered | in flight at the end | p50 ms | p99 ms | max ms | errors |');
console.log('|---|---:|---:|---:|---:|---:|---:|---|');
const endpoints = dashboardReads();
for (const r of reads) {
  const connections = endpoints.find((e) => e.name === r.name)!.connections;
  console.log(
    `| ${r.name} | ${connections} | ${r.requests.toLocaleString('en')} | ${r.inFlightAtEnd} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${errorText(r.errors)} |`,
  );
}
if (ingest) {
  console.log(
    `| POST /api/v1/events (${batch} per batch) | paced | ${ingest.answered.toLocaleString('en')} of ${ingest.batches.toLocaleString('en')} | 0 | ${ms(ingest.p50)} | ${ms(ingest.p99)} | ${ms(ingest.max)} | ${errorText(ingest.errors)} |`,
  );
  console.log(
    `\nIngestion: ${ingest.stored.toLocaleString('en')} of ${ingest.sent.toLocaleString('en')} events sent were stored, ` +
      `${Math.round(ingest.rate).toLocaleString('en')} events/s achieved (asked for ${rate.toLocaleString('en')}).`,
  );
  console.log(
    `Figures behind the stored events (/readyz every 250 ms, ${lag.samples} samples): oldest waiting event p50 ${ms(lag.p50AgeMs)} ms, ` +
      `p99 ${ms(lag.p99AgeMs)} ms, max ${ms(lag.maxAgeMs)} ms; at most ${lag.maxQueued.toLocaleString('en')} events waiting.`,
  );
} else console.log('\nNo ingestion (--rate 0).');
if (cpu) console.log(cpu);
const serverErrors = server.output().split('\n').filter((line) => /"level":(50|60)/.test(line));
if (serverErrors.length > 0) console.log(`Server logged ${serverErrors.length} errors; the first: ${serverErrors[0]!.slice(0, 400)}`);
if (exitCode !== 0) {
  const lastLines = server.output().trim().split('\n').filter((line) => !/"level":(50|60)/.test(line)).slice(-8);
  console.log(`The server exited with ${exitCode} on SIGTERM; it last said:\n${lastLines.map((line) => `    ${line.slice(0, 300)}`).join('\n')}`);
}

const failures: string[] = [];
for (const r of reads) {
  if (Object.keys(r.errors).length > 0) failures.push(`${r.name} had errors`);
  if (r.p99 > READ_P99_TARGET_MS) failures.push(`${r.name} p99 ${r.p99.toFixed(0)} ms > ${READ_P99_TARGET_MS} ms`);
}
if (ingest && Object.keys(ingest.errors).length > 0) failures.push('ingestion had errors');
if (ingest && ingest.rate < 0.95 * rate) failures.push(`ingestion ${Math.round(ingest.rate)} events/s < 95% of ${rate}`);
if (serverErrors.length > 0) failures.push('the server logged errors');
if (exitCode !== 0) failures.push('the server did not exit cleanly');
console.log(
  failures.length === 0
    ? `\nPASS: no errors, every read p99 <= ${READ_P99_TARGET_MS} ms${ingest ? ', ingestion kept pace' : ''}.`
    : `\nFAIL: ${failures.join('; ')}.`,
);
process.exitCode = failures.length === 0 ? 0 : 1;
