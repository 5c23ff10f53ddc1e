import {
  displayedPointsChange,
  formatCount,
  formatNpsWithSample,
  formatPoints,
  formatShare,
  formatSharePercent,
  headlineShort,
  periodContaining,
  type ForestResponse,
  type Ladder,
  type SectionKey,
} from '@canopy/shared';

// What a snapshot email says, as plain strings: the subject, the headline, and each
// section's rows. The HTML and text parts (html.ts, text.ts) only lay these out, so the
// two parts carry the same numbers. Figures come from the forest response; the
// formatting is the shared journey functions the dashboard uses.

/** A customer's NPS comment, verbatim. */
export interface SnapshotComment {
  score: number;
  comment: string;
}

/** Everything a snapshot is made from. */
export interface SnapshotInput {
  forest: ForestResponse;
  ladder: Ladder;
  sections: readonly SectionKey[];
  subscriptionName: string;
  /** Up to three NPS comments from customers at the right-most stage. */
  comments: readonly SnapshotComment[];
  /** The dashboard at this period and segment. */
  dashboardUrl: string;
}

export interface Table {
  columns: string[];
  rows: string[][];
}

/** The email's content, section by section; a section left out of the subscription is null. */
export interface SnapshotContent {
  subject: string;
  title: string;
  periodLabel: string;
  segmentLabel: string;
  headline: string;
  chartAlt: string;
  forest: Table | null;
  change: string[] | null;
  stages: Table | null;
  departments: { table: Table; flags: string[] } | null;
  comments: { stageLabel: string; items: SnapshotComment[] } | null;
  dashboardUrl: string;
  subscriptionName: string;
  includesChart: boolean;
}

const MINUS = '\u2212';

/** "Whole company" or "plan: pro, enterprise; region: EU". */
export function segmentLabel(segment: Record<string, string[]>): string {
  const keys = Object.keys(segment).sort();
  if (keys.length === 0) return 'Whole company';
  return keys.map((k) => `${k}: ${segment[k]!.join(', ')}`).join('; ');
}

function churnText(churn: ForestResponse['stages'][number]['churn']): string {
  if (churn.rate === null) return '\u2014';
  return `${formatShare(churn.rate)}${churn.complete ? '' : ' so far'}`;
}

function npsText(nps: { score: number | null; responses: number; lowSample?: boolean }): string {
  return formatNpsWithSample({ score: nps.score, responses: nps.responses, lowSample: nps.lowSample ?? false, promoters: 0, detractors: 0 });
}

function seconds(value: number | null): string {
  return value === null ? '\u2014' : `${Math.round(value)} s`;
}

function signedCount(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : n < 0 ? `${MINUS}${formatCount(-n)}` : '0';
}

/** The content of one snapshot email from the forest of its period. */
export function snapshotContent(input: SnapshotInput): SnapshotContent {
  const { forest, ladder, sections } = input;
  const has = (s: SectionKey) => sections.includes(s);
  const period = periodContaining(forest.period.grain, new Date(forest.period.start), forest.period.timezone);
  const stageCounts = forest.stages.map((s) => s.customers);
  const previousCounts = forest.stages.map((s) => s.previous.customers);
  const short = headlineShort({
    ladder,
    period,
    stageCounts,
    previousStageCounts: previousCounts.some((n) => n > 0) ? previousCounts : null,
  });
  const cadence = forest.period.grain === 'week' ? 'weekly' : 'monthly';
  const previousLabel = forest.previousPeriod.label;
  const pointsSince = (s: ForestResponse['stages'][number]) =>
    s.previous.customers === 0 && forest.previousActiveCustomers === 0 ? '\u2014' : formatPoints(displayedPointsChange(s.share, s.previous.share));

  const forestTable: Table = {
    columns: ['Stage', 'Share', 'Customers', ...(has('change') ? [`Since ${previousLabel}`] : [])],
    rows: forest.stages.map((s) => [s.label, formatSharePercent(s.sharePercent), formatCount(s.customers), ...(has('change') ? [pointsSince(s)] : [])]),
  };
  const last = forest.stages[forest.stages.length - 1];
  const activeChange = forest.activeCustomers - forest.previousActiveCustomers;
  const change = [
    `Active customers: ${formatCount(forest.activeCustomers)} (${signedCount(activeChange)} since ${previousLabel}).`,
    ...forest.stages.map(
      (s) => `${s.label}: ${formatSharePercent(s.previous.sharePercent)} \u2192 ${formatSharePercent(s.sharePercent)} (${pointsSince(s)})`,
    ),
  ];
  const d = forest.departments;
  const departmentRows = [
    ['Support', 'Phone calls', formatCount(d.support.calls)],
    ['Support', 'Customers who phoned', formatCount(d.support.callers)],
    ['Support', 'Median hold time', seconds(d.support.holdSeconds.median)],
    ['Chatbot', 'Conversations', formatCount(d.chatbot.conversations)],
    ['Chatbot', 'Containment', formatShare(d.chatbot.containment)],
    ['Help centre', 'Article views', formatCount(d.help.views)],
    ['Customer experience', 'NPS', npsText({ score: d.cx.nps, responses: d.cx.responses })],
    ['Finance', 'Churn rate', formatShare(d.finance.churnRate)],
  ];
  return {
    subject: `Canopy ${cadence}: ${short}`,
    title: `Canopy ${cadence} \u00b7 ${forest.period.label}`,
    periodLabel: forest.period.label,
    segmentLabel: segmentLabel(forest.segment),
    headline: forest.headline,
    chartAlt: `Share of customers at each stage, ${forest.period.label}: ${forest.stages.map((s) => `${s.label} ${formatSharePercent(s.sharePercent)}`).join(', ')}.`,
    includesChart: has('forest'),
    forest: has('forest') ? forestTable : null,
    change: has('change') ? change : null,
    stages: has('stages')
      ? {
          columns: ['Stage', 'NPS', 'Churn'],
          rows: forest.stages.map((s) => [s.label, npsText(s.nps), churnText(s.churn)]),
        }
      : null,
    departments: has('departments') ? { table: { columns: ['Department', 'Figure', forest.period.label], rows: departmentRows }, flags: forest.flags.map((f) => f.message) } : null,
    comments: has('comments') && last ? { stageLabel: last.label, items: input.comments.slice(0, 3) } : null,
    dashboardUrl: input.dashboardUrl,
    subscriptionName: input.subscriptionName,
  };
}
