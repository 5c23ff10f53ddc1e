import { percentile } from '../bench/timing.ts';

/** How far the figures trailed the stored events during a run (from /readyz's rollups). */
export interface RollupLag {
  samples: number;
  /** Most stored events the figures did not include yet, at any sample. */
  maxQueued: number;
  /** Age of the oldest queued event at the samples: p50, p99 and the largest, in ms (0 when none waited). */
  p50AgeMs: number;
  p99AgeMs: number;
  maxAgeMs: number;
}

/** Asks /readyz every `everyMs` until `until` settles and reports how far the rollups trailed. */
export async function watchRollupLag(base: string, until: Promise<unknown>, everyMs = 250): Promise<RollupLag> {
  let done = false;
  void until.finally(() => (done = true));
  const queued: number[] = [];
  const ages: number[] = [];
  while (!done) {
    const asked = Date.now();
    try {
      const ready = (await (await fetch(`${base}/readyz`)).json()) as { rollups?: { queuedEvents: number; oldestQueuedAt: string | null } };
      if (ready.rollups) {
        queued.push(ready.rollups.queuedEvents);
        ages.push(ready.rollups.oldestQueuedAt ? Math.max(0, asked - Date.parse(ready.rollups.oldestQueuedAt)) : 0);
      }
    } catch {
      // a failed health check is the readers' business, not this count's
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return {
    samples: ages.length,
    maxQueued: Math.max(0, ...queued),
    p50AgeMs: ages.length ? percentile(ages, 0.5) : 0,
    p99AgeMs: ages.length ? percentile(ages, 0.99) : 0,
    maxAgeMs: Math.max(0, ...ages),
  };
}
