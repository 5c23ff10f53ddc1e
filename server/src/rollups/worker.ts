import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { applyAllQueuedRollups, applyQueuedRollups } from './queue.ts';

/** How often the worker looks for events queued by another process (an import, a crash). */
const POLL_MS = 2000;

/**
 * Adds queued events to the rollups in the background (rollups/queue.ts), pass after pass
 * until the queue is empty: at once when kicked (ingestion stored a batch), and every
 * POLL_MS in case another process queued events. One per server.
 */
export class RollupWorker {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** The last pass failed: the next failure is not reported again until one succeeds. */
  private failing = false;
  private readonly timer: NodeJS.Timeout;
  /** Summary folds started after passes, still running (stop waits for them). */
  private readonly folds = new Set<Promise<void>>();
  private readonly foldInBackground = (fold: Promise<void>) => {
    this.folds.add(fold);
    void fold.finally(() => this.folds.delete(fold));
  };

  /** `maxEventsPerPass`: smaller passes hold less in memory at once (the importer's limit, see import-file.ts). */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly onError: (error: unknown) => void,
    private readonly maxEventsPerPass?: number,
  ) {
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
  }

  /** Runs passes soon, until the queue is empty. */
  kick(): void {
    if (this.stopped) return;
    this.again = true;
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Resolves once every event queued before the call has been added to the rollups. */
  async settled(): Promise<void> {
    // A pass running now may have taken its rows before ours were queued: wait for it, then drain.
    await this.running;
    await applyAllQueuedRollups(this.db, { maxEvents: this.maxEventsPerPass });
  }

  /** Stops passes: waits for the one running (its rows are added or stay queued, never half) and the folds. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await Promise.all(this.folds);
  }

  private async drain(): Promise<void> {
    while (this.again && !this.stopped) {
      this.again = false;
      try {
        // A pass does not wait for the summaries' fold: the next pass runs beside it.
        while (!this.stopped && (await applyQueuedRollups(this.db, { maxEvents: this.maxEventsPerPass, foldInBackground: this.foldInBackground })) > 0) this.failing = false;
        this.failing = false;
      } catch (error) {
        // The rows stay queued; the next kick or poll tries again (a database outage: every 2 s).
        if (!this.failing) this.onError(error);
        this.failing = true;
        return;
      }
    }
  }
}
