import { randomBytes } from 'node:crypto';
import { percentile } from '../bench/timing.ts';

/** What the paced ingestion stream did. */
export interface IngestOutcome {
  /** Batches due in the run, and those answered (the stream waits for every batch it sent). */
  batches: number;
  answered: number;
  sent: number;
  stored: number;
  /** Events stored per second over the run. */
  rate: number;
  p50: number;
  p99: number;
  max: number;
  errors: Record<string, number>;
}

const TYPES = ['feature_used', 'feature_used', 'feature_used', 'help_viewed', 'chatbot_conversation', 'phone_call', 'nps_response', 'contact'];

/** A fresh event for an existing customer, happening now: one in 250 a churn, the rest from TYPES. */
function freshEvent(id: string, customers: number) {
  const type = Math.random() < 1 / 250 ? 'churned' : TYPES[Math.floor(Math.random() * TYPES.length)]!;
  const base = {
    id,
    customer_id: `c${1 + Math.floor(Math.random() * customers)}`,
    type,
    occurred_at: new Date(Date.now() - Math.floor(Math.random() * 60_000)).toISOString(),
  };
  switch (type) {
    case 'feature_used':
      return { ...base, feature: 'reports' };
    case 'phone_call':
      return { ...base, hold_seconds: Math.floor(Math.random() * 600) };
    case 'nps_response':
      return { ...base, score: Math.floor(Math.random() * 11) };
    case 'contact':
      return { ...base, channel: 'email' };
    default:
      return base;
  }
}

/**
 * Sends `perSecond` fresh events in batches of `batchSize` at an even pace for `seconds`.
 * A batch is sent on schedule even if earlier ones have not answered (as independent
 * senders would), up to 50 in flight; beyond that a batch is dropped and counted, so a
 * server that cannot keep up shows as a lower achieved rate, never as a slower schedule.
 */
export async function runIngestStream(base: string, apiKey: string, customers: number, perSecond: number, batchSize: number, seconds: number): Promise<IngestOutcome> {
  const run = randomBytes(4).toString('hex');
  const every = (1000 * batchSize) / perSecond;
  const times: number[] = [];
  const errors: Record<string, number> = {};
  const count = (kind: string) => (errors[kind] = (errors[kind] ?? 0) + 1);
  let batches = 0;
  let sent = 0;
  let stored = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const started = performance.now();

  const send = async (n: number) => {
    const events = Array.from({ length: batchSize }, (_, i) => freshEvent(`load-${run}-${n}-${i}`, customers));
    const t = performance.now();
    try {
      const response = await fetch(`${base}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await response.json()) as { stored?: number; rejected?: unknown[] };
      times.push(performance.now() - t);
      if (response.status !== 200) count(`HTTP ${response.status}`);
      else {
        stored += body.stored ?? 0;
        if (body.rejected?.length) count('rejected items');
      }
    } catch (error) {
      count((error as Error).name === 'TimeoutError' ? 'timeout (30 s)' : `connection error (${(error as Error).message})`);
    }
  };

  while (performance.now() - started < seconds * 1000) {
    const due = started + batches * every;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= 50) count('batch dropped: 50 already in flight');
    else {
      sent += batchSize;
      inFlight++;
      const p = send(batches).finally(() => {
        inFlight--;
        pending.delete(p);
      });
      pending.add(p);
    }
    batches++;
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  return {
    batches,
    answered: times.length,
    sent,
    stored,
    rate: stored / elapsed,
    p50: times.length ? percentile(times, 0.5) : NaN,
    p99: times.length ? percentile(times, 0.99) : NaN,
    max: times.length ? Math.max(...times) : NaN,
    errors,
  };
}
