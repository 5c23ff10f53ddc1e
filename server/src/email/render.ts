import { forestChartSvg } from './chart.ts';
import { snapshotHtml } from './html.ts';
import { svgToPng } from './png.ts';
import { snapshotContent, type SnapshotInput } from './snapshot.ts';
import { snapshotText } from './text.ts';

// A snapshot email from the forest of its period: pure apart from drawing the PNG.

/** The content id the HTML uses for the inline chart. */
export const CHART_CID = 'forest-chart@canopy';

/** A rendered snapshot: what nodemailer sends (the chart as an inline attachment). */
export interface RenderedSnapshot {
  subject: string;
  html: string;
  text: string;
  /** The chart PNG; null when the subscription leaves the forest out or drawing failed. */
  chart: { png: Buffer; width: number; height: number; alt: string } | null;
  /** True when the chart was asked for but could not be drawn (the email says so). */
  chartMissing: boolean;
}

/** Draws the forest chart as a PNG; replaceable in tests to prove a failure still sends the table. */
export type DrawChart = (stages: Parameters<typeof forestChartSvg>[0]) => { png: Buffer; width: number; height: number };

/** The real chart: SVG from chart.ts, PNG by resvg. */
export const drawForestChart: DrawChart = (stages) => svgToPng(forestChartSvg(stages));

/** Renders one snapshot email. A chart that fails to draw is left out and said to be missing, never sent blank. */
export function renderSnapshot(input: SnapshotInput, drawChart: DrawChart = drawForestChart): RenderedSnapshot {
  const content = snapshotContent(input);
  let chart: RenderedSnapshot['chart'] = null;
  let chartMissing = false;
  if (content.includesChart) {
    try {
      const drawn = drawChart(input.forest.stages.map((s) => ({ label: s.label, share: s.share, sharePercent: s.sharePercent, previousShare: s.previous.customers > 0 ? s.previous.share : null })));
      chart = { ...drawn, alt: content.chartAlt };
    } catch {
      chartMissing = true;
    }
  }
  // The image is shown at half its pixel size: sharp on high-density screens.
  const slot = chart ? { kind: 'image' as const, src: `cid:${CHART_CID}`, width: Math.round(chart.width / 2), height: Math.round(chart.height / 2), alt: chart.alt } : chartMissing ? { kind: 'missing' as const } : null;
  return { subject: content.subject, html: snapshotHtml(content, slot), text: snapshotText(content, chartMissing), chart, chartMissing };
}

/** The HTML with the chart inlined as a data: URL, for showing in a browser ("Preview"). */
export function previewHtml(rendered: Pick<RenderedSnapshot, 'html' | 'chart'>): string {
  if (!rendered.chart) return rendered.html;
  return rendered.html.replace(`cid:${CHART_CID}`, `data:image/png;base64,${rendered.chart.png.toString('base64')}`);
}
