import { buildApp } from './app.ts';
import { loadConfigOrReport } from './config.ts';
import { checkStartAccess, StartRefusedError } from './access/local-mode.ts';
import { DataDirError, openDatabase, type DatabaseHandle } from './db/index.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedDemoIfEmpty } from './demo/seed.ts';
import { ensureRollupTimezone } from './rollups/rebuild.ts';
import { effectiveTimezone, getSettings } from './settings/queries.ts';
import { createSmtpMailer, sendingDisabledReason } from './subscriptions/mailer.ts';
import { EmailScheduler } from './subscriptions/scheduler.ts';

// Starts Canopy: read config, open and migrate the database, seed the demo on an empty
// one, listen, and shut down gracefully on SIGTERM / SIGINT.

const config = loadConfigOrReport();
if (!config) process.exit(1);

let database: DatabaseHandle;
try {
  database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
} catch (error) {
  if (!(error instanceof DataDirError)) throw error;
  console.error(error.message);
  process.exit(1);
}
await migrateToLatest(database.db);
// Periods are cut in the deployment's time zone: re-cut the rollups if it changed.
if (await ensureRollupTimezone(database.db, effectiveTimezone(await getSettings(database.db), config.timezone))) {
  console.log('Rebuilt the rollups for the time zone in use.');
}
if (config.demoData) {
  const seeded = await seedDemoIfEmpty(database.db, { timezone: config.timezone });
  if (seeded) console.log(`Seeded the demo company: ${seeded.customers} customers, ${seeded.events} events.`);
}

// Listening where others can reach it needs an admin first; on loopback, local mode until then.
try {
  if ((await checkStartAccess(config, database.db)) === 'local') {
    console.log('Local mode: anyone on this computer can see the dashboards until an admin exists (open /setup).');
  }
} catch (error) {
  if (!(error instanceof StartRefusedError)) throw error;
  console.error(error.message);
  await database.db.destroy();
  process.exit(1);
}

const app = await buildApp({ config, database });

// What stops between the HTTP server and the database, in order: background jobs (such as
// a scheduler) push their stop here, so none of them starts work on a closed database.
const stopBackgroundJobs: (() => Promise<void> | void)[] = [];
let closing = false;
const shutdown = async (signal: string) => {
  if (closing) return;
  closing = true;
  app.log.info(`${signal}: finishing in-flight requests, then stopping`);
  // Stuck requests must not keep the process alive forever: the orchestrator would SIGKILL it anyway.
  let step = 'closing the HTTP server (in-flight requests, open connections, onClose hooks)';
  setTimeout(() => {
    const open = app.runningHandlers();
    console.error(
      `Shutdown took more than 30 s, stuck ${step}: exiting with ${open.length} requests still open${open.length > 0 ? `: ${open.slice(0, 5).join(', ')}` : ''}.`,
    );
    process.exit(1);
  }, 30_000).unref();
  await app.close(); // stops accepting connections, waits for in-flight requests
  step = 'stopping background jobs';
  for (const stop of stopBackgroundJobs) await stop();
  step = 'closing the database connections';
  await database.db.destroy();
  console.log('Stopped cleanly.');
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await app.listen({ host: config.host, port: config.port });
const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
console.log(
  `\nCanopy is running at http://${shownHost}:${app.server.address() && typeof app.server.address() === 'object' ? (app.server.address() as { port: number }).port : config.port}/ ` +
    `(${database.kind === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})\n`,
);

// Snapshot emails: the scheduler starts once the app is listening; without SMTP it sends nothing.
const mailer = createSmtpMailer(config);
if (mailer) {
  const scheduler = new EmailScheduler({ db: database.db, config, mailer, log: app.log });
  scheduler.start();
  stopBackgroundJobs.push(async () => {
    await scheduler.stop(); // waits for a tick in progress
    console.log('Email scheduler stopped.');
  });
} else {
  app.log.info(`Snapshot emails are off: ${sendingDisabledReason(config)}`);
}
