import { expect, test } from 'vitest';
import { parseSegmentPairs, readViewState, segmentPairs, viewSearch } from './view-state.ts';

test('segment pairs: the same key is collected, the value keeps its colons, pairs without a key are dropped', () => {
  expect(parseSegmentPairs(['plan:pro', 'plan:enterprise', 'region:EU', 'note:a:b', ':x', 'plain'])).toEqual({
    plan: ['pro', 'enterprise'],
    region: ['EU'],
    note: ['a:b'],
  });
});

test('equal filters give equal pairs, whatever their order', () => {
  expect(segmentPairs({ region: ['EU'], plan: ['pro', 'enterprise'] })).toEqual(['plan:enterprise', 'plan:pro', 'region:EU']);
});

test('a view survives the round trip through the URL', () => {
  const view = { grain: 'week' as const, date: '2025-03-27', segment: { plan: ['pro'] }, compare: { plan: ['starter'] } };
  expect(readViewState(viewSearch(view))).toEqual(view);
});

test.each([
  ['grain=year', 'month'],
  ['grain=quarter', 'quarter'],
])('an unknown grain falls back to month (%s)', (search, grain) => {
  expect(readViewState(new URLSearchParams(search)).grain).toBe(grain);
});

test('a malformed date is ignored rather than sent', () => {
  expect(readViewState(new URLSearchParams('date=2025-3-1')).date).toBeUndefined();
});
