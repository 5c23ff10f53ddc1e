import type { SnapshotContent, Table } from './snapshot.ts';

// The plain-text part: the same content as the HTML, for clients (and people) that read text.

function table(t: Table): string[] {
  const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(t.columns), ...t.rows.map(line)];
}

/** The plain-text part of a snapshot email. */
export function snapshotText(content: SnapshotContent, chartMissing: boolean): string {
  const out: string[] = [`${content.title} (${content.segmentLabel})`, '', content.headline];
  if (content.forest) {
    out.push('', 'THE FOREST');
    if (chartMissing) out.push('(The chart could not be drawn for this email; the numbers are below.)');
    out.push(...table(content.forest));
  }
  if (content.change) out.push('', 'CHANGE SINCE THE PREVIOUS PERIOD', ...(content.forest ? content.change.slice(0, 1) : content.change));
  if (content.stages) out.push('', 'NPS AND CHURN BY STAGE', ...table(content.stages));
  if (content.departments) {
    out.push('', 'DEPARTMENTS', ...table(content.departments.table));
    for (const flag of content.departments.flags) out.push(`Local optimum: ${flag}`);
  }
  if (content.comments) {
    out.push('', `WHAT CUSTOMERS AT "${content.comments.stageLabel.toUpperCase()}" SAID`);
    if (content.comments.items.length === 0) out.push('No NPS comments this period.');
    for (const c of content.comments.items) out.push(`"${c.comment}" (score ${c.score})`);
  }
  out.push('', `Open the dashboard for ${content.periodLabel}: ${content.dashboardUrl}`, '', `You get this email because you are on the "${content.subscriptionName}" list in Canopy.`);
  return `${out.join('\n')}\n`;
}
