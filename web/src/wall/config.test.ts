import { describe, expect, test } from 'vitest';
import { DEFAULT_WALL, parseView, parseWallConfig, wallSearch, type WallConfig } from './config.ts';

const parse = (query: string) => parseWallConfig(new URLSearchParams(query));

describe('parseWallConfig', () => {
  test('an empty URL gives the defaults: the current week’s forest, dark, every 30 s / 60 s', () => {
    expect(parse('')).toEqual({ config: DEFAULT_WALL, problems: [] });
  });

  test('reads every setting', () => {
    const { config, problems } = parse(
      'share=cnp_share_x&views=forest,trend,movement/plan:pro;region:EU,features&rotate=20&refresh=45&grain=month&period=previous&segment=plan:pro&segment=plan:starter&theme=light&reload=04:30&shift=1',
    );
    expect(problems).toEqual([]);
    expect(config).toEqual<WallConfig>({
      views: [{ kind: 'forest' }, { kind: 'trend' }, { kind: 'movement', segment: { plan: ['pro'], region: ['EU'] } }, { kind: 'features' }],
      rotateMs: 20_000,
      refreshMs: 45_000,
      grain: 'month',
      period: 'previous',
      segment: { plan: ['pro', 'starter'] },
      theme: 'light',
      reloadAt: '04:30',
      pixelShift: true,
    });
  });

  test.each([
    ['views=forest,map', /"map" is not a view/],
    ['views=forest/nonsense', /"forest\/nonsense" is not a view/],
    ['rotate=0.01', /rotate=0.01 is not a number of seconds from 0.05/],
    ['refresh=soon', /refresh=soon is not a number of seconds/],
    ['grain=year', /grain=year is not a grain/],
    ['period=next', /period=next: use current or previous/],
    ['theme=blue', /theme=blue: use dark or light/],
    ['reload=25:00', /reload=25:00: use a time as HH:MM/],
  ])('names a bad value (%s) and falls back to the default', (query, problem) => {
    const { config, problems } = parse(query);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
    expect(config.views.length).toBeGreaterThan(0);
    expect(config.rotateMs).toBeGreaterThanOrEqual(50);
  });

  test('accepts the shortest intervals tests use (0.05 s)', () => {
    const { config } = parse('rotate=0.05&refresh=0.05');
    expect([config.rotateMs, config.refreshMs]).toEqual([50, 50]);
  });
});

describe('wallSearch', () => {
  test('round-trips through parseWallConfig, with the share token first', () => {
    const config: WallConfig = {
      ...DEFAULT_WALL,
      views: [{ kind: 'forest' }, { kind: 'forest', segment: { region: ['EU'] } }, { kind: 'trend' }],
      grain: 'month',
      period: 'previous',
      theme: 'light',
      reloadAt: '03:15',
      pixelShift: true,
      refreshMs: 90_000,
    };
    const search = wallSearch(config, 'cnp_share_abc');
    expect(search.get('share')).toBe('cnp_share_abc');
    expect(search.get('views')).toBe('forest,forest/region:EU,trend');
    expect(parseWallConfig(search)).toEqual({ config, problems: [] });
  });

  test('leaves defaults out', () => {
    expect(wallSearch(DEFAULT_WALL).toString()).toBe('views=forest');
  });
});

test('parseView refuses a view with an empty segment', () => {
  expect(parseView('trend/')).toBeUndefined();
  expect(parseView('trend')).toEqual({ kind: 'trend' });
});
