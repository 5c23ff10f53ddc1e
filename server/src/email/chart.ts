import { formatSharePercent } from '@canopy/shared';
import { scaleLinear } from 'd3-scale';
import { escapeHtml } from './escape.ts';

// The forest as one picture for the email: a bar per stage, left (just works) at the top to
// right (most effort) at the bottom, with the share of customers and a tick at last period's
// share. Drawn as SVG here (Recharts does not render on a server) and turned into a PNG by
// png.ts with the bundled Inter font, so the text looks the same in every mail client.

/** One bar of the chart. Shares are fractions (0.048), null when there is no data. */
export interface ChartStage {
  label: string;
  share: number | null;
  /** The share as the forest shows it (largest remainder, see formatSharePercent). */
  sharePercent: number | null;
  previousShare: number | null;
}

/** Width of the chart as the email shows it, in CSS pixels; the PNG is drawn at twice this. */
export const CHART_WIDTH = 560;
const ROW = 40;
const TOP = 16;
const BOTTOM = 30;
const LABEL_WIDTH = 170;
const VALUE_WIDTH = 64;
/** Bar colours from the first stage (calm green) to the last (warm red), chosen for contrast on white. */
const COLOURS = ['#2f7d4f', '#5e8c3a', '#9a7b16', '#c2631d', '#b83a2e', '#8f2d56'];

/** The chart's height in CSS pixels for `stages` bars. */
export function chartHeight(stageCount: number): number {
  return TOP + ROW * stageCount + BOTTOM;
}

function colourOf(index: number, count: number): string {
  if (count <= 1) return COLOURS[0]!;
  return COLOURS[Math.round((index / (count - 1)) * (COLOURS.length - 1))]!;
}

/** The SVG of the forest chart (CSS pixel units; `scale` multiplies the drawn size). */
export function forestChartSvg(stages: readonly ChartStage[], scale = 2): string {
  const height = chartHeight(stages.length);
  const largest = Math.max(0.01, ...stages.flatMap((s) => [s.share ?? 0, s.previousShare ?? 0]));
  const x = scaleLinear()
    .domain([0, largest])
    .range([LABEL_WIDTH, CHART_WIDTH - VALUE_WIDTH])
    .nice();
  const rows = stages.map((stage, i) => {
    const y = TOP + i * ROW;
    const barWidth = Math.max(stage.share ? 2 : 0, x(stage.share ?? 0) - x(0));
    const tick =
      stage.previousShare === null
        ? ''
        : `<line x1="${x(stage.previousShare).toFixed(1)}" x2="${x(stage.previousShare).toFixed(1)}" y1="${y + 6}" y2="${y + ROW - 10}" stroke="#1f2937" stroke-width="2"/>`;
    return [
      `<text x="${LABEL_WIDTH - 10}" y="${y + ROW / 2}" text-anchor="end" font-size="14" fill="#1f2937">${escapeHtml(truncate(stage.label, 22))}</text>`,
      `<rect x="${x(0)}" y="${y + 9}" width="${barWidth.toFixed(1)}" height="${ROW - 22}" rx="3" fill="${colourOf(i, stages.length)}"/>`,
      tick,
      `<text x="${(x(0) + barWidth + 8).toFixed(1)}" y="${y + ROW / 2}" font-size="14" font-weight="600" fill="#1f2937">${formatSharePercent(stage.sharePercent)}</text>`,
    ].join('');
  });
  const axisY = TOP + ROW * stages.length + 4;
  const ticks = x.ticks(4).map(
    (t) =>
      `<line x1="${x(t)}" x2="${x(t)}" y1="${TOP}" y2="${axisY}" stroke="#e5e7eb"/><text x="${x(t)}" y="${axisY + 16}" text-anchor="middle" font-size="12" fill="#4b5563">${Math.round(t * 100)}%</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH * scale}" height="${height * scale}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="Inter">`,
    `<rect width="${CHART_WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...ticks,
    ...rows,
    `</svg>`,
  ].join('');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}\u2026`;
}
