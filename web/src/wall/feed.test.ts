import type { ForestResponse } from '@canopy/shared';
import { describe, expect, test } from 'vitest';
import { ApiError } from '../api/client.ts';
import { DEFAULT_WALL } from './config.ts';
import { fetchWallSnapshot, INITIAL_WALL_STATE, nextWallState, REFUSED_RECHECK_MS, retryDelay, type WallSnapshot } from './feed.ts';

const snapshot = (refreshing = false): WallSnapshot => ({
  timezone: 'UTC',
  date: '2026-11-30',
  forests: { '': { refreshing } as ForestResponse },
  trends: {},
  movements: {},
});
const half = () => 0.5; // no jitter

describe('retryDelay', () => {
  test.each([
    [1, 60_000, 5_000],
    [2, 60_000, 10_000],
    [4, 60_000, 40_000],
    [7, 60_000, 300_000],
    [20, 60_000, 300_000],
    [1, 1_000, 1_000],
    [3, 1_000, 4_000],
    [4, 1_000, 5_000],
    [10, 200, 1_000],
  ])('retry %i with a %i ms refresh waits %i ms', (failures, refresh, delay) => {
    expect(retryDelay(failures, refresh, half)).toBe(delay);
  });

  test('jitters by at most 10 %', () => {
    expect(retryDelay(2, 60_000, () => 0)).toBe(9_000);
    expect(retryDelay(2, 60_000, () => 1)).toBe(11_000);
  });
});

describe('nextWallState', () => {
  test('a good refresh shows its figures and schedules the next one an interval later', () => {
    const state = nextWallState(INITIAL_WALL_STATE, { ok: true, snapshot: snapshot() }, 1_000, 60_000);
    expect(state).toMatchObject({ fetchedAt: 1_000, staleSince: undefined, failures: 0, nextAt: 61_000 });
  });

  test('figures being recounted are asked for again within 5 s', () => {
    expect(nextWallState(INITIAL_WALL_STATE, { ok: true, snapshot: snapshot(true) }, 1_000, 60_000).nextAt).toBe(6_000);
  });

  test('an unreachable server keeps the last figures, marks them stale since the first failure and backs off', () => {
    const live = nextWallState(INITIAL_WALL_STATE, { ok: true, snapshot: snapshot() }, 0, 60_000);
    const down = new ApiError('The Canopy server cannot be reached.', 0);
    const once = nextWallState(live, { ok: false, error: down }, 60_000, 60_000, half);
    const twice = nextWallState(once, { ok: false, error: new ApiError('Service unavailable', 503) }, 65_000, 60_000, half);
    expect(once).toMatchObject({ snapshot: live.snapshot, fetchedAt: 0, staleSince: 60_000, failures: 1, nextAt: 65_000 });
    expect(twice).toMatchObject({ snapshot: live.snapshot, staleSince: 60_000, failures: 2, problem: 'Service unavailable', nextAt: 75_000 });
    const back = nextWallState(twice, { ok: true, snapshot: snapshot() }, 75_000, 60_000);
    expect(back).toMatchObject({ staleSince: undefined, failures: 0, problem: undefined, fetchedAt: 75_000 });
  });

  test.each([401, 403])('a %i (revoked, expired or narrower link) replaces the figures and is checked again only every 5 minutes', (status) => {
    const live = nextWallState(INITIAL_WALL_STATE, { ok: true, snapshot: snapshot() }, 0, 60_000);
    const state = nextWallState(live, { ok: false, error: new ApiError('This share link was revoked.', status) }, 60_000, 60_000);
    expect(state.refused).toEqual({ status, message: 'This share link was revoked.' });
    expect(state.nextAt).toBe(60_000 + REFUSED_RECHECK_MS);
    expect(nextWallState(state, { ok: true, snapshot: snapshot() }, 400_000, 60_000).refused).toBeUndefined();
  });
});

describe('fetchWallSnapshot', () => {
  test('asks once per endpoint and segment, with the date of the period in the deployment zone, and a forest for every view’s segment', async () => {
    const asked: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: string) => {
      asked.push(decodeURIComponent(String(input)));
      return new Response(JSON.stringify({ period: { timezone: 'America/New_York' }, stages: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    try {
      const config = { ...DEFAULT_WALL, views: [{ kind: 'forest' as const }, { kind: 'trend' as const }, { kind: 'movement' as const, segment: { plan: ['pro'] } }, { kind: 'features' as const }] };
      const snapshot = await fetchWallSnapshot(config, new Date('2026-11-30T04:59:00Z'), 'America/New_York', new AbortController().signal);
      expect(asked.sort()).toEqual([
        '/api/v1/forest?grain=week&date=2026-11-29',
        '/api/v1/forest?grain=week&date=2026-11-29&segment=plan:pro',
        '/api/v1/movement?grain=week&date=2026-11-29&segment=plan:pro',
        '/api/v1/trend?grain=week&to=2026-11-29',
      ]);
      expect(Object.keys(snapshot.forests).sort()).toEqual(['', 'plan:pro']);
      expect(snapshot.date).toBe('2026-11-29');
    } finally {
      globalThis.fetch = original;
    }
  });

  test('learns the time zone from the API on the first refresh', async () => {
    const asked: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: string) => {
      asked.push(decodeURIComponent(String(input)));
      return new Response(JSON.stringify({ period: { timezone: 'Asia/Tokyo' }, stages: [] }), { status: 200 });
    }) as typeof fetch;
    try {
      const snapshot = await fetchWallSnapshot(DEFAULT_WALL, new Date('2026-11-29T16:00:00Z'), undefined, new AbortController().signal);
      expect(asked).toEqual(['/api/v1/forest?grain=week', '/api/v1/forest?grain=week&date=2026-11-30']);
      expect(snapshot.timezone).toBe('Asia/Tokyo');
    } finally {
      globalThis.fetch = original;
    }
  });
});
