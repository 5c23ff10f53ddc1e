import { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import type { DrawChart } from '../email/render.ts';
import { effectiveTimezone, getSettings } from '../settings/queries.ts';
import type { Mailer } from './mailer.ts';
import { deliverDue, enqueueDue, markAbandoned, renderPending, type DeliveryRound } from './outbox.ts';
import { newSnapshotCache } from './snapshot.ts';

// The email scheduler: croner wakes it at the start of every minute; each tick queues the
// snapshots that are due (and, at start, any missed while the server was down), renders
// them and sends what is due, retries included. Every step goes through the outbox
// (outbox.ts), so several server processes can run it side by side. "Now" is injectable
// so tests can drive it across time zones and daylight-saving changes.

export interface SchedulerOptions {
  db: Kysely<Database>;
  config: Pick<Config, 'publicUrl' | 'timezone'>;
  mailer: Mailer;
  now?: () => Date;
  drawChart?: DrawChart;
  log?: { error(obj: unknown, msg: string): void };
}

/** What one tick did. */
export interface TickResult extends DeliveryRound {
  queued: number;
  abandoned: number;
}

export class EmailScheduler {
  private cron: Cron | undefined;
  private running: Promise<void> | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** One pass: mark abandoned sends, queue due snapshots, render them, send what is due. */
  async tick(): Promise<TickResult> {
    const { db, config, mailer } = this.options;
    const now = this.now();
    const timezone = effectiveTimezone(await getSettings(db), config.timezone);
    const abandoned = await markAbandoned(db, now);
    const queued = await enqueueDue(db, now, timezone);
    const total: TickResult = { queued, abandoned, sent: 0, failed: 0, claimed: 0 };
    // Render a batch, send what is due, repeat: the first emails go out while later ones
    // render. Ends when nothing is left to render or send (failures wait for their backoff).
    const cache = newSnapshotCache();
    for (;;) {
      const rendered = await renderPending(db, config, now, timezone, { drawChart: this.options.drawChart, cache, limit: 50 });
      const round = await deliverDue(db, mailer, this.now);
      total.sent += round.sent;
      total.failed += round.failed;
      total.claimed += round.claimed;
      if (rendered === 0 && round.claimed === 0) break;
    }
    return total;
  }

  /** Starts the minute ticks, with one tick right away (a snapshot missed while down goes out now). */
  start(): void {
    // A tick still running (a slow mail server) is not overlapped by the next.
    const run = async () => {
      if (this.running) return;
      this.running = this.tick().then(
        () => undefined,
        (error) => this.options.log?.error({ err: error }, 'email scheduler tick failed'),
      );
      await this.running;
      this.running = undefined;
    };
    void run();
    this.cron = new Cron('0 * * * * *', run);
  }

  /** Stops the ticks and waits for one in progress to finish. */
  async stop(): Promise<void> {
    this.cron?.stop();
    await this.running;
    this.options.mailer.close();
  }
}
