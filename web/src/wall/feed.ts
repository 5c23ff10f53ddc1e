import type { ForestResponse, MovementResponse, TrendResponse } from '@canopy/shared';
import { ApiError, getJson } from '../api/client.ts';
import { segmentPairs, type SegmentFilter } from '../router/view-state.ts';
import { segmentOfView, type WallConfig } from './config.ts';
import { resolvePeriodDate } from './period.ts';

// The wall's own refresh loop. The app's pages use TanStack Query; a wall needs more than a
// refetchInterval: every view's figures are fetched together and replace the screen's only
// when all arrived (no half-new screen), a failure keeps the last good figures and says
// since when they are stale, retries back off, and a refused share link stops the loop.
// The state is one small object replaced each cycle, so nothing grows over weeks.

/** Every figure a wall's views show, from one refresh. Keyed by segmentKey(). */
export interface WallSnapshot {
  /** The deployment's time zone, as the API cut the periods in. */
  timezone: string;
  /** The date asked for (inside the shown period). */
  date: string;
  forests: Record<string, ForestResponse>;
  trends: Record<string, TrendResponse>;
  movements: Record<string, MovementResponse>;
}

export interface WallState {
  snapshot: WallSnapshot | undefined;
  /** When the last good snapshot arrived (ms since epoch). */
  fetchedAt: number | undefined;
  /** When refreshing started failing; undefined while live. */
  staleSince: number | undefined;
  /** Failed refreshes in a row. */
  failures: number;
  /** Why the last refresh failed, in plain words. */
  problem: string | undefined;
  /** The server refused this wall (revoked or expired link, a view the link may not show): shown instead of figures. */
  refused: { status: number; message: string } | undefined;
  /** When the next refresh is due (ms since epoch). */
  nextAt: number | undefined;
}

export const INITIAL_WALL_STATE: WallState = {
  snapshot: undefined, fetchedAt: undefined, staleSince: undefined, failures: 0, problem: undefined, refused: undefined, nextAt: undefined,
};

/** The key a segment's figures are stored under in a snapshot. */
export const segmentKey = (segment: SegmentFilter) => segmentPairs(segment).join('&');

/**
 * How long to wait before retry number `failures` (1 = the first retry): doubling from
 * min(refresh, 5 s) up to min(5 × refresh, 5 min), with ±10 % jitter so a room of walls
 * does not hit a restarted server at the same instant.
 */
export function retryDelay(failures: number, refreshMs: number, random = Math.random): number {
  const base = Math.min(refreshMs, 5_000);
  const cap = Math.min(5 * refreshMs, 300_000);
  const delay = Math.min(base * 2 ** Math.max(0, failures - 1), Math.max(cap, base));
  return Math.round(delay * (0.9 + 0.2 * random()));
}

/** How often a refused wall asks again. */
export const REFUSED_RECHECK_MS = 300_000;

/** A refresh's outcome: figures, or the error that stopped it. */
export type RefreshOutcome = { ok: true; snapshot: WallSnapshot } | { ok: false; error: unknown };

/** The state after a refresh finished at `now`; `refreshMs` schedules the next one. */
export function nextWallState(state: WallState, outcome: RefreshOutcome, now: number, refreshMs: number, random = Math.random): WallState {
  if (outcome.ok) {
    // Figures being recounted for newer data are asked for again soon, not a whole interval later.
    const recounting = Object.values(outcome.snapshot.forests).some((f) => f.refreshing);
    const wait = recounting ? Math.min(refreshMs, 5_000) : refreshMs;
    return { snapshot: outcome.snapshot, fetchedAt: now, staleSince: undefined, failures: 0, problem: undefined, refused: undefined, nextAt: now + wait };
  }
  const status = outcome.error instanceof ApiError ? outcome.error.status : 0;
  const message = outcome.error instanceof Error ? outcome.error.message : 'The refresh failed.';
  // 401: the share link is revoked, expired or unknown; 403: it may not show what the URL asks for.
  // Checked again only every 5 minutes, in case the refusal was a passing fault (a proxy's, say).
  if (status === 401 || status === 403) return { ...state, refused: { status, message }, nextAt: now + Math.max(refreshMs, REFUSED_RECHECK_MS) };
  const failures = state.failures + 1;
  return { ...state, staleSince: state.staleSince ?? now, failures, problem: message, nextAt: now + retryDelay(failures, refreshMs, random) };
}

/** Fetches every figure the wall's views need for the period it shows at `now`. */
export async function fetchWallSnapshot(config: WallConfig, now: Date, knownTimezone: string | undefined, signal: AbortSignal): Promise<WallSnapshot> {
  const forestOf = (segment: SegmentFilter, date?: string) =>
    getJson<ForestResponse>('/api/v1/forest', { grain: config.grain, date, segment: segmentPairs(segment) }, signal);
  // The first refresh learns the deployment's time zone from the API (the period it cut).
  const timezone = knownTimezone ?? (await forestOf(config.segment)).period.timezone;
  const date = resolvePeriodDate(config.period, config.grain, now, timezone);

  const forestSegments = new Map<string, SegmentFilter>([[segmentKey(config.segment), config.segment]]);
  const trendSegments = new Map<string, SegmentFilter>();
  const movementSegments = new Map<string, SegmentFilter>();
  for (const view of config.views) {
    const segment = segmentOfView(view, config);
    // Every view's segment gets its forest: the headline above any view is that segment's.
    forestSegments.set(segmentKey(segment), segment);
    if (view.kind === 'trend') trendSegments.set(segmentKey(segment), segment);
    if (view.kind === 'movement') movementSegments.set(segmentKey(segment), segment);
  }
  const all = <T,>(segments: Map<string, SegmentFilter>, load: (segment: SegmentFilter) => Promise<T>) =>
    Promise.all([...segments].map(async ([key, segment]) => [key, await load(segment)] as const)).then(Object.fromEntries) as Promise<Record<string, T>>;
  const [forests, trends, movements] = await Promise.all([
    all(forestSegments, (segment) => forestOf(segment, date)),
    all(trendSegments, (segment) =>
      getJson<TrendResponse>('/api/v1/trend', { grain: config.grain, to: date, segment: segmentPairs(segment) }, signal),
    ),
    all(movementSegments, (segment) =>
      getJson<MovementResponse>('/api/v1/movement', { grain: config.grain, date, segment: segmentPairs(segment) }, signal),
    ),
  ]);
  const main = forests[segmentKey(config.segment)]!;
  return { timezone: main.period.timezone, date, forests, trends, movements };
}

/** How long one refresh may take before it counts as failed: a hung server must not freeze the wall. */
const requestTimeout = (refreshMs: number) => Math.min(Math.max(refreshMs, 10_000), 30_000);

/**
 * The refresh loop of one wall: start() begins it, stop() ends it and cancels what is in
 * flight. subscribe/getState fit React's useSyncExternalStore.
 */
export class WallFeed {
  private state: WallState = INITIAL_WALL_STATE;
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private controller: AbortController | undefined;
  private running = false;

  constructor(private readonly config: WallConfig) {}

  getState = (): WallState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.refresh();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort();
    this.controller = undefined;
  }

  private async refresh(): Promise<void> {
    this.timer = undefined;
    const controller = new AbortController();
    this.controller = controller;
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(requestTimeout(this.config.refreshMs))]);
    let outcome: RefreshOutcome;
    try {
      outcome = { ok: true, snapshot: await fetchWallSnapshot(this.config, new Date(), this.state.snapshot?.timezone, signal) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    if (!this.running || controller.signal.aborted) return;
    this.controller = undefined;
    this.state = nextWallState(this.state, outcome, Date.now(), this.config.refreshMs);
    for (const listener of this.listeners) listener();
    if (this.state.nextAt !== undefined) this.timer = setTimeout(() => void this.refresh(), Math.max(0, this.state.nextAt - Date.now()));
  }
}
