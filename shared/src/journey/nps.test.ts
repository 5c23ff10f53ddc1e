import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatNps, formatNpsWithSample, npsCategory, npsFromCounts, npsFromScores } from './nps.ts';

describe('npsFromScores', () => {
  test.each([
    { scores: [10], score: 100, responses: 1 }, // March, just works: A
    { scores: [9], score: 100, responses: 1 }, // March, in-product help: B's latest
    { scores: [], score: null, responses: 0 }, // March, chatbot: nobody answered
    { scores: [2, 7], score: -50, responses: 2 }, // March, phone call: C detractor, E passive
    { scores: [10, 9, 2, 7, 8], score: 20, responses: 5 }, // March, CX over everyone
    { scores: [0, 0, 0], score: -100, responses: 3 },
    { scores: [7, 8, 7, 8], score: 0, responses: 4 }, // passives only
    { scores: [6, 9], score: 0, responses: 2 }, // the boundaries: 6 detracts, 9 promotes
    { scores: [9, 9, 8], score: 200 / 3, responses: 3 }, // not rounded: 66.666...
  ])('$scores → $score over $responses', ({ scores, score, responses }) => {
    const nps = npsFromScores(scores);
    expect(nps.score).toBe(score);
    expect(nps.responses).toBe(responses);
    expect(nps.lowSample).toBe(true);
  });

  test.each([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [9, 'promoter'],
    [10, 'promoter'],
  ])('a %i is a %s', (score, category) => {
    expect(npsCategory(score)).toBe(category);
  });

  test.each([11, -1, 7.5, Number.NaN])('refuses the score %d', (score) => {
    expect(() => npsFromScores([9, score])).toThrow(/whole number 0 to 10/);
  });

  test('property: from scores and from counts agree and stay within −100..100', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 200 }), fc.integer({ min: 1, max: 50 }), (scores, minSample) => {
        const fromScores = npsFromScores(scores, minSample);
        const fromCounts = npsFromCounts(
          { promoters: scores.filter((s) => s >= 9).length, detractors: scores.filter((s) => s <= 6).length, responses: scores.length },
          minSample,
        );
        expect(fromScores).toEqual(fromCounts);
        expect(fromScores.lowSample).toBe(scores.length < minSample);
        if (scores.length > 0) {
          expect(fromScores.score).toBeGreaterThanOrEqual(-100);
          expect(fromScores.score).toBeLessThanOrEqual(100);
        }
      }),
    );
  });
});

describe('npsFromCounts and the minimum sample', () => {
  test.each([
    { counts: { promoters: 5, detractors: 1, responses: 9 }, minSample: 10, lowSample: true },
    { counts: { promoters: 5, detractors: 1, responses: 10 }, minSample: 10, lowSample: false }, // exactly the minimum is enough
    { counts: { promoters: 0, detractors: 0, responses: 0 }, minSample: 1, lowSample: true }, // no answers is always low-sample
    { counts: { promoters: 1, detractors: 0, responses: 1 }, minSample: 1, lowSample: false },
  ])('$counts.responses responses with a minimum of $minSample: lowSample $lowSample', ({ counts, minSample, lowSample }) => {
    expect(npsFromCounts(counts, minSample).lowSample).toBe(lowSample);
  });

  test('keeps promoters and detractors beside the score', () => {
    expect(npsFromCounts({ promoters: 40, detractors: 10, responses: 60 })).toEqual({
      score: 50,
      responses: 60,
      promoters: 40,
      detractors: 10,
      lowSample: false,
    });
  });

  test('refuses counts that cannot come from the responses', () => {
    expect(() => npsFromCounts({ promoters: 3, detractors: 3, responses: 5 })).toThrow(/cannot come from 5 responses/);
    expect(() => npsFromCounts({ promoters: -1, detractors: 0, responses: 5 })).toThrow(/promoters must be a whole number/);
  });
});

describe('formatNps', () => {
  test.each([
    [20, '+20'],
    [-50, '−50'],
    [0, '0'],
    [200 / 3, '+67'],
    [-0.3, '0'],
    [null, '—'],
  ])('%s reads %s', (score, text) => {
    expect(formatNps(score)).toBe(text);
  });

  test.each([
    [npsFromScores([10, 9, 2, 7, 8]), '+20 (5 responses, low sample)'],
    [npsFromScores([10]), '+100 (1 response, low sample)'],
    [npsFromScores([]), '— (no responses)'],
    [npsFromCounts({ promoters: 10, detractors: 14, responses: 40 }), '−10 (40 responses)'],
  ])('with its sample: %o reads %s', (nps, text) => {
    expect(formatNpsWithSample(nps)).toBe(text);
  });
});
