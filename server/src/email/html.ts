import { escapeHtml as e } from './escape.ts';
import type { SnapshotContent, Table } from './snapshot.ts';

// The HTML part: table layout with inline CSS (Outlook ignores most of CSS and all of
// flexbox), at most 600 px wide, and readable in dark mode (colour-scheme meta and a
// prefers-color-scheme block for the clients that honour it; clients that invert colours
// get dark text on light panels turned around, which stays legible). The chart is an
// <img> referenced by cid with alt text; the same numbers follow in a table, so the email
// reads with images blocked. Every string from data is escaped.

/** What the HTML shows in place of the chart. */
export type ChartSlot = { kind: 'image'; src: string; width: number; height: number; alt: string } | { kind: 'missing' };

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const TEXT = 'color:#1f2937;';
const MUTED = 'color:#4b5563;';
const CELL = `${FONT}${TEXT}font-size:14px;line-height:20px;padding:6px 8px;border-bottom:1px solid #e5e7eb;`;

/** Names are left-aligned (the first column, and the figure's name in the departments table); numbers right. */
function leftAligned(t: Table, column: number): boolean {
  return column === 0 || (t.columns[0] === 'Department' && column === 1);
}

function table(t: Table, caption: string): string {
  const head = t.columns
    .map((c, i) => `<th scope="col" align="${leftAligned(t, i) ? 'left' : 'right'}" style="${CELL}font-weight:600;border-bottom:2px solid #d1d5db;">${e(c)}</th>`)
    .join('');
  const body = t.rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => `<td align="${leftAligned(t, i) ? 'left' : 'right'}" style="${CELL}">${e(cell)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table role="table" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;" summary="${e(caption)}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function heading(text: string): string {
  return `<h2 style="${FONT}${TEXT}font-size:17px;line-height:24px;margin:24px 0 8px 0;font-weight:600;">${e(text)}</h2>`;
}

function paragraph(text: string, style = ''): string {
  return `<p style="${FONT}${TEXT}font-size:14px;line-height:21px;margin:0 0 8px 0;${style}">${e(text)}</p>`;
}

function chart(slot: ChartSlot): string {
  if (slot.kind === 'missing') {
    return `<p class="canopy-note" style="${FONT}font-size:14px;line-height:21px;margin:8px 0;padding:10px 12px;background:#fff7ed;border-left:4px solid #c2631d;color:#7c2d12;">The chart could not be drawn for this email; the same numbers are in the table below.</p>`;
  }
  return `<img src="${e(slot.src)}" width="${slot.width}" height="${slot.height}" alt="${e(slot.alt)}" style="display:block;width:100%;max-width:${slot.width}px;height:auto;border:0;margin:8px 0;${FONT}font-size:14px;${TEXT}">`;
}

/** The HTML part of a snapshot email. */
export function snapshotHtml(content: SnapshotContent, slot: ChartSlot | null): string {
  const parts: string[] = [];
  parts.push(`<p class="canopy-muted" style="${FONT}${MUTED}font-size:13px;line-height:18px;margin:0 0 4px 0;">${e(content.title)} \u00b7 ${e(content.segmentLabel)}</p>`);
  parts.push(`<h1 style="${FONT}${TEXT}font-size:20px;line-height:28px;margin:0 0 12px 0;font-weight:600;">${e(content.headline)}</h1>`);
  if (content.forest) {
    parts.push(heading('The forest'));
    if (slot) parts.push(chart(slot));
    parts.push(table(content.forest, 'Share of customers at each stage'));
  }
  if (content.change) {
    parts.push(heading(content.forest ? 'Change since the previous period' : 'Change'));
    parts.push(paragraph(content.change[0]!));
    if (!content.forest) for (const line of content.change.slice(1)) parts.push(paragraph(line));
  }
  if (content.stages) {
    parts.push(heading('NPS and churn by stage'));
    parts.push(table(content.stages, 'NPS and churn by stage'));
  }
  if (content.departments) {
    parts.push(heading('Departments'));
    parts.push(table(content.departments.table, 'Department figures'));
    for (const flag of content.departments.flags) {
      parts.push(
        `<p class="canopy-flag" style="${FONT}font-size:14px;line-height:21px;margin:8px 0;padding:10px 12px;background:#fef3c7;border-left:4px solid #9a7b16;color:#713f12;"><strong>Local optimum:</strong> ${e(flag)}</p>`,
      );
    }
  }
  if (content.comments) {
    parts.push(heading(`What customers at \u201c${content.comments.stageLabel}\u201d said`));
    if (content.comments.items.length === 0) parts.push(paragraph('No NPS comments this period.', MUTED));
    for (const c of content.comments.items) {
      parts.push(
        `<blockquote style="${FONT}${TEXT}font-size:14px;line-height:21px;margin:8px 0;padding:8px 12px;border-left:4px solid #d1d5db;background:#f9fafb;">\u201c${e(c.comment)}\u201d <span class="canopy-muted" style="${MUTED}">\u2014 score ${c.score}</span></blockquote>`,
      );
    }
  }
  parts.push(
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:24px 0 8px 0;"><tr><td style="background:#2f7d4f;border-radius:6px;"><a href="${e(content.dashboardUrl)}" style="${FONT}display:inline-block;padding:10px 18px;color:#ffffff;font-size:15px;font-weight:600;text-decoration:none;">Open the dashboard for ${e(content.periodLabel)}</a></td></tr></table>`,
  );
  parts.push(paragraph(`You get this email because you are on the \u201c${content.subscriptionName}\u201d list in Canopy.`, `${MUTED}font-size:12px;`));

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${e(content.subject)}</title>
<style>
@media (prefers-color-scheme: dark) {
  .canopy-bg { background:#111827 !important; }
  .canopy-card { background:#1f2937 !important; }
  .canopy-card h1, .canopy-card h2, .canopy-card p, .canopy-card td, .canopy-card th, .canopy-card blockquote { color:#f3f4f6 !important; }
  .canopy-card blockquote { background:#374151 !important; }
  .canopy-card td, .canopy-card th { border-color:#4b5563 !important; }
  .canopy-card p.canopy-flag, .canopy-card p.canopy-note { background:#3b2a0a !important; color:#fde68a !important; }
  .canopy-card .canopy-muted { color:#9ca3af !important; }
}
</style>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;" class="canopy-bg">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="canopy-bg" style="background:#f3f4f6;">
<tr><td align="center" style="padding:16px 8px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="canopy-card" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;">
<tr><td style="padding:20px;">
${parts.join('\n')}
</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`;
}
