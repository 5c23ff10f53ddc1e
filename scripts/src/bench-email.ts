// pnpm bench:email [--subscriptions 1000] [--renders 20]
//
// Snapshot email timings on the embedded database seeded with the demo company:
// 1. one snapshot rendered end to end (forest counted exactly, comments, chart SVG → PNG,
//    HTML and text), cold (first read of the period) and warm;
// 2. --subscriptions subscriptions due in the same minute, delivered by one scheduler tick
//    to a local SMTP server (smtp-server), checking every recipient got exactly one email.
// Prints markdown tables for docs/performance.md.
import { periodKey } from '@canopy/shared';
import { openEmbedded } from '@canopy/server/db/index.ts';
import { migrateToLatest } from '@canopy/server/db/migrate.ts';
import { seedDemo } from '@canopy/server/demo/seed.ts';
import { loadConfig } from '@canopy/server/config.ts';
import { createSmtpMailer } from '@canopy/server/subscriptions/mailer.ts';
import { reportedPeriod } from '@canopy/server/subscriptions/schedule.ts';
import { EmailScheduler } from '@canopy/server/subscriptions/scheduler.ts';
import { buildSnapshot } from '@canopy/server/subscriptions/snapshot.ts';
import { startTestMailServer } from '@canopy/server/subscriptions/test-mail.ts';
import { parseArgs } from 'node:util';
import { percentile } from './bench/timing.ts';

const { values: args } = parseArgs({ options: { subscriptions: { type: 'string', default: '1000' }, renders: { type: 'string', default: '20' } } });
const SUBSCRIPTIONS = Number(args.subscriptions);
const RENDERS = Number(args.renders);
const ms = (n: number) => `${n.toFixed(0)} ms`;

const handle = await openEmbedded(undefined);
const db = handle.db;
await migrateToLatest(db);
const now = new Date();
let t = performance.now();
const seeded = await seedDemo(db, { timezone: 'UTC', end: now });
console.error(`Seeded the demo company (${seeded.customers} customers, ${seeded.events} events) in ${ms(performance.now() - t)}.`);

const config = { ...loadConfig({}), publicUrl: 'https://canopy.example.com' };
const sections = ['forest', 'change', 'stages', 'departments', 'comments'];
const base = { name: 'Bench', weekday: 1, local_time: '08:00', timezone: 'Europe/Berlin', grain: 'week' as const, segment: '{}', sections, created_by: null };
const row = await db.insertInto('subscriptions').values({ id: 'bench-one', recipients: ['one@example.com'], active_since: now, paused: true, ...base }).returningAll().executeTakeFirstOrThrow();
const period = reportedPeriod('week', now, 'UTC');

t = performance.now();
const first = await buildSnapshot(db, config, row, period, now);
const cold = performance.now() - t;
const warm: number[] = [];
for (let i = 0; i < RENDERS; i++) {
  t = performance.now();
  await buildSnapshot(db, config, row, period, now);
  warm.push(performance.now() - t);
}
console.log(`\n### One snapshot (${periodKey(period)}, demo company, embedded database)\n`);
console.log('| What | Time |');
console.log('|---|---|');
console.log(`| First render of the period (counts not cached yet) | ${ms(cold)} |`);
console.log(`| Render, median of ${RENDERS} | ${ms(percentile(warm, 0.5))} |`);
console.log(`| Render, p90 of ${RENDERS} | ${ms(percentile(warm, 0.9))} |`);
console.log(`| Email size (HTML + text + PNG) | ${((first.html.length + first.text.length + (first.chart?.png.length ?? 0)) / 1024).toFixed(0)} KiB |`);

// Many subscriptions due in one tick: one recipient each, all at Monday 08:00 Berlin.
const smtp = await startTestMailServer();
const monday = reportedPeriod('week', now, 'UTC').end; // Monday 00:00 UTC of this week
const tick = new Date(monday.getTime() + 8 * 3600_000); // 08:00 UTC, after 08:00 Berlin
const rows = Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({ id: `bench-${i}`, recipients: [`r${i}@example.com`], active_since: new Date(monday.getTime() - 86_400_000), ...base, name: `Bench ${i}` }));
for (let i = 0; i < rows.length; i += 500) await db.insertInto('subscriptions').values(rows.slice(i, i + 500)).execute();
const mailer = createSmtpMailer({ smtpUrl: smtp.url, mailFrom: 'canopy@example.com' })!;
const scheduler = new EmailScheduler({ db, config, mailer, now: () => tick });
t = performance.now();
const result = await scheduler.tick();
const tickMs = performance.now() - t;
const second = await scheduler.tick();
await scheduler.stop();
const recipients = smtp.messages.flatMap((m) => m.envelopeTo);
const unique = new Set(recipients).size;
console.log(`\n### ${SUBSCRIPTIONS} subscriptions due in one tick, delivered to a local SMTP server\n`);
console.log('| What | Result |');
console.log('|---|---|');
console.log(`| Tick (queue, render ${result.queued}, send) | ${(tickMs / 1000).toFixed(1)} s |`);
console.log(`| Per email | ${ms(tickMs / Math.max(1, result.sent))} |`);
console.log(`| Emails received | ${recipients.length} |`);
console.log(`| Distinct recipients | ${unique} |`);
console.log(`| Duplicates | ${recipients.length - unique} |`);
console.log(`| Sent by a second tick in the same minute | ${second.sent} |`);
await smtp.stop();
await db.destroy();
if (recipients.length !== SUBSCRIPTIONS || unique !== SUBSCRIPTIONS || second.sent !== 0) {
  console.error('FAILED: not every recipient got exactly one email.');
  process.exit(1);
}
