import type { Grain } from '@canopy/shared/journey/periods.ts';
import { GRAIN_OPTIONS, parseSegmentPairs, segmentPairs, type SegmentFilter } from '../router/view-state.ts';

// A wall screen is configured entirely by its URL: nobody clicks on a TV. This file reads
// that URL into a WallConfig (unknown or bad values fall back to defaults and are listed
// as problems, so the screen still shows something) and writes one back for the builder.

export const VIEW_KINDS = ['forest', 'trend', 'movement', 'features'] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

/** One view in the rotation; `segment` (when set) replaces the wall's segment for this view. */
export interface WallView {
  kind: ViewKind;
  segment?: SegmentFilter;
}

/** "current": the period containing now; "previous": the last complete one. */
export type RelativePeriod = 'current' | 'previous';
export const RELATIVE_PERIODS: readonly RelativePeriod[] = ['current', 'previous'];

export interface WallConfig {
  views: WallView[];
  /** Milliseconds each view stays on screen. */
  rotateMs: number;
  /** Milliseconds between refreshes. */
  refreshMs: number;
  grain: Grain;
  period: RelativePeriod;
  segment: SegmentFilter;
  theme: 'dark' | 'light';
  /** "HH:MM" in the deployment time zone for a daily full reload; undefined: never. */
  reloadAt: string | undefined;
  /** Move everything a few pixels every minute, against burn-in. */
  pixelShift: boolean;
}

/**
 * The shortest rotation and refresh intervals, in seconds. Far below what a TV needs (the
 * defaults are 30 s and 60 s): they exist so tests can drive hundreds of cycles quickly.
 */
export const MIN_SECONDS = 0.05;
export const MAX_SECONDS = 24 * 3600;

export const DEFAULT_WALL: WallConfig = {
  views: [{ kind: 'forest' }],
  rotateMs: 30_000,
  refreshMs: 60_000,
  grain: 'week',
  period: 'current',
  segment: {},
  theme: 'dark',
  reloadAt: undefined,
  pixelShift: false,
};

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A view as written in the URL: `forest`, or `forest/plan:pro;region:EU` for one segment. */
export function parseView(text: string): WallView | undefined {
  const [kind, segmentText] = text.split('/', 2) as [string, string | undefined];
  if (!(VIEW_KINDS as readonly string[]).includes(kind)) return undefined;
  if (segmentText === undefined) return { kind: kind as ViewKind };
  const segment = parseSegmentPairs(segmentText.split(';'));
  return Object.keys(segment).length > 0 ? { kind: kind as ViewKind, segment } : undefined;
}

/** A view as written in the URL (parseView's inverse). */
export function viewText(view: WallView): string {
  const pairs = view.segment ? segmentPairs(view.segment) : [];
  return pairs.length > 0 ? `${view.kind}/${pairs.join(';')}` : view.kind;
}

function seconds(search: URLSearchParams, name: string, fallbackMs: number, problems: string[]): number {
  const raw = search.get(name);
  if (raw === null || raw === '') return fallbackMs;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < MIN_SECONDS || value > MAX_SECONDS) {
    problems.push(`${name}=${raw} is not a number of seconds from ${MIN_SECONDS} to ${MAX_SECONDS}; using ${fallbackMs / 1000}.`);
    return fallbackMs;
  }
  return Math.round(value * 1000);
}

/** Reads a wall's URL search params; every value it could not use is named in `problems`. */
export function parseWallConfig(search: URLSearchParams): { config: WallConfig; problems: string[] } {
  const problems: string[] = [];
  const views: WallView[] = [];
  for (const text of search.getAll('views').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)) {
    const view = parseView(text);
    if (view) views.push(view);
    else problems.push(`"${text}" is not a view: use ${VIEW_KINDS.join(', ')}, optionally with a segment (forest/plan:pro).`);
  }
  const grain = search.get('grain');
  if (grain !== null && !GRAIN_OPTIONS.includes(grain as Grain)) problems.push(`grain=${grain} is not a grain: use ${GRAIN_OPTIONS.join(', ')}.`);
  const period = search.get('period');
  if (period !== null && !RELATIVE_PERIODS.includes(period as RelativePeriod)) problems.push(`period=${period}: use current or previous.`);
  const theme = search.get('theme');
  if (theme !== null && theme !== 'dark' && theme !== 'light') problems.push(`theme=${theme}: use dark or light.`);
  const reload = search.get('reload');
  if (reload !== null && reload !== '' && !HH_MM.test(reload)) problems.push(`reload=${reload}: use a time as HH:MM, e.g. 04:00.`);
  const shift = search.get('shift');
  return {
    config: {
      views: views.length > 0 ? views : DEFAULT_WALL.views,
      rotateMs: seconds(search, 'rotate', DEFAULT_WALL.rotateMs, problems),
      refreshMs: seconds(search, 'refresh', DEFAULT_WALL.refreshMs, problems),
      grain: GRAIN_OPTIONS.includes(grain as Grain) ? (grain as Grain) : DEFAULT_WALL.grain,
      period: RELATIVE_PERIODS.includes(period as RelativePeriod) ? (period as RelativePeriod) : DEFAULT_WALL.period,
      segment: parseSegmentPairs(search.getAll('segment')),
      theme: theme === 'light' ? 'light' : 'dark',
      reloadAt: reload && HH_MM.test(reload) ? reload : undefined,
      pixelShift: shift === '1' || shift === 'on' || shift === 'true',
    },
    problems,
  };
}

/** The URL search params of a wall (defaults left out), with the share token when given. */
export function wallSearch(config: WallConfig, shareToken?: string): URLSearchParams {
  const search = new URLSearchParams();
  if (shareToken) search.set('share', shareToken);
  search.set('views', config.views.map(viewText).join(','));
  if (config.rotateMs !== DEFAULT_WALL.rotateMs) search.set('rotate', String(config.rotateMs / 1000));
  if (config.refreshMs !== DEFAULT_WALL.refreshMs) search.set('refresh', String(config.refreshMs / 1000));
  if (config.grain !== DEFAULT_WALL.grain) search.set('grain', config.grain);
  if (config.period !== DEFAULT_WALL.period) search.set('period', config.period);
  for (const pair of segmentPairs(config.segment)) search.append('segment', pair);
  if (config.theme !== DEFAULT_WALL.theme) search.set('theme', config.theme);
  if (config.reloadAt) search.set('reload', config.reloadAt);
  if (config.pixelShift) search.set('shift', '1');
  return search;
}

/** The segment a view shows: its own, else the wall's. */
export function segmentOfView(view: WallView, config: Pick<WallConfig, 'segment'>): SegmentFilter {
  return view.segment ?? config.segment;
}
