import { DEFAULT_LADDER, periodContaining, previousPeriod, type ForestResponse, type Ladder, type SectionKey, type StageFigures } from '@canopy/shared';
import { describe, expect, test } from 'vitest';
import { periodJson } from '../journey/forest.ts';
import { chartHeight, CHART_WIDTH, forestChartSvg } from './chart.ts';
import { pngSize } from './png.ts';
import { CHART_CID, previewHtml, renderSnapshot } from './render.ts';

// The snapshot email as pure functions of a forest response (no database, no SMTP).

function figures(customers: number, total: number): StageFigures {
  const share = total === 0 ? null : customers / total;
  return {
    customers,
    share,
    sharePercent: share === null ? null : Math.round(share * 1000) / 10,
    reached: null,
    nps: { score: null, responses: 0, lowSample: true },
    churn: { rate: null, churned: 0, complete: true, windowDays: 30 },
    revenue: { mrr: 0, share: null },
    cost: { total: 0, perCustomer: null },
    contacts: { help_viewed: 0, chatbot_conversation: 0, phone_call: 0, channels: {} },
    featureBreadth: null,
  };
}

const departments = {
  support: { calls: 0, callers: 0, holdSeconds: { mean: null, median: null, p90: null } },
  chatbot: { conversations: 0, containment: null },
  help: { views: 0, viewers: 0 },
  product: { features: [] },
  cx: { nps: null, responses: 0 },
  finance: { churnRate: null, churned: 0, atStart: 0 },
};

/** A forest of `grain` with these customers per stage now and before. */
function forest(now: number[], before: number[], ladder: Ladder = DEFAULT_LADDER, grain: 'week' | 'month' = 'week'): ForestResponse {
  const period = periodContaining(grain, '2025-03-12', 'UTC');
  const total = now.reduce((a, b) => a + b, 0);
  const totalBefore = before.reduce((a, b) => a + b, 0);
  return {
    period: periodJson(period),
    previousPeriod: periodJson(previousPeriod(period)),
    activeCustomers: total,
    previousActiveCustomers: totalBefore,
    stages: ladder.map((s, i) => ({
      key: s.key,
      label: s.label,
      rank: i + 1,
      ...figures(now[i]!, total),
      previous: figures(before[i]!, totalBefore),
      change: { customers: null, share: null, reached: null, nps: null, churnRate: null, revenueShare: null, costPerCustomer: null, featureBreadth: null },
    })),
    departments,
    previousDepartments: departments,
    flags: [],
    unmappedContacts: 0,
    headline: 'The headline sentence.',
    segment: {},
    dataAsOf: null,
  };
}

const ALL: SectionKey[] = ['forest', 'change', 'stages', 'departments', 'comments'];
const render = (f: ForestResponse, sections = ALL, ladder = DEFAULT_LADDER, comments = [{ score: 3, comment: 'Too slow </td><img src=x onerror=alert(1)>' }]) =>
  renderSnapshot({ forest: f, ladder, sections, subscriptionName: 'Board', comments, dashboardUrl: 'https://c.example/?grain=week&date=2025-03-10' });

describe('subject', () => {
  test.each([
    ['a weekly snapshot with a previous period', forest([14, 2, 1, 3], [16, 2, 1, 1]), 'Canopy weekly: 15.0% had to phone us, up 10.0 pts'],
    ['a monthly one', forest([14, 2, 1, 3], [14, 2, 1, 3], DEFAULT_LADDER, 'month'), 'Canopy monthly: 15.0% had to phone us, unchanged'],
    ['no previous period to compare with', forest([14, 2, 1, 3], [0, 0, 0, 0]), 'Canopy weekly: 15.0% had to phone us'],
    ['nobody active', forest([0, 0, 0, 0], [0, 0, 0, 0]), 'Canopy weekly: No active customers in week of 10 Mar 2025'],
  ])('%s', (_what, f, subject) => {
    expect(render(f).subject).toBe(subject);
  });

  test('a last stage that is not phone-only is named by its label', () => {
    const ladder = DEFAULT_LADDER.map((s, i) => (i === 3 ? { ...s, label: 'Account manager', channels: ['am'] } : s));
    expect(render(forest([14, 2, 1, 3], [16, 2, 1, 1], ladder), ALL, ladder).subject).toBe('Canopy weekly: 15.0% had to reach account manager, up 10.0 pts');
  });
});

test('the chart is a PNG twice the shown size, referenced by cid with alt text naming every share', () => {
  const r = render(forest([14, 2, 1, 3], [16, 2, 1, 1]));
  expect(pngSize(r.chart!.png)).toEqual({ width: CHART_WIDTH * 2, height: chartHeight(4) * 2 });
  expect(r.html).toContain(`src="cid:${CHART_CID}" width="${CHART_WIDTH}" height="${chartHeight(4)}"`);
  expect(r.chart!.alt).toBe('Share of customers at each stage, week of 10 Mar 2025: Just works 70.0%, In-product help 10.0%, Chatbot 5.0%, Phone call 15.0%.');
  expect(previewHtml(r)).toContain('src="data:image/png;base64,iVBOR');
});

test('customer text and stage labels are escaped in the HTML and in the chart SVG', () => {
  const ladder = DEFAULT_LADDER.map((s, i) => (i === 0 ? { ...s, label: 'Works <b>&</b> "fine"' } : s));
  const f = forest([14, 2, 1, 3], [16, 2, 1, 1], ladder);
  const r = render(f, ALL, ladder);
  expect(r.html).not.toMatch(/<img src=x|<\/td><img|<b>&/);
  expect(r.html).toContain('Too slow &lt;/td&gt;&lt;img src=x onerror=alert(1)&gt;');
  expect(r.html).toContain('Works &lt;b&gt;&amp;&lt;/b&gt; &quot;fine&quot;');
  expect(forestChartSvg(f.stages.map((s) => ({ label: s.label, share: s.share, sharePercent: s.sharePercent, previousShare: s.previous.share })))).toContain('Works &lt;b&gt;&amp;&lt;/b&gt; &quot;fine&quot;');
  expect(r.text).toContain('Too slow </td><img src=x onerror=alert(1)>'); // plain text stays verbatim
});

test('sections left out are left out: no forest means no chart at all', () => {
  const r = render(forest([14, 2, 1, 3], [16, 2, 1, 1]), ['stages']);
  expect(r.chart).toBeNull();
  expect(r.chartMissing).toBe(false);
  expect(r.html).not.toContain('<img');
  expect(r.html).toContain('NPS and churn by stage');
  expect(r.html).not.toMatch(/Departments|said<\/h2>|The forest/);
  expect(r.html).toContain('The headline sentence.');
});

test('a chart that throws is reported missing, never sent blank', () => {
  const r = renderSnapshot(
    { forest: forest([14, 2, 1, 3], [16, 2, 1, 1]), ladder: DEFAULT_LADDER, sections: ALL, subscriptionName: 'Board', comments: [], dashboardUrl: 'https://c.example/' },
    () => {
      throw new Error('no font');
    },
  );
  expect(r).toMatchObject({ chart: null, chartMissing: true });
  expect(r.html).toContain('The chart could not be drawn');
  expect(r.html).not.toContain('<img');
});
