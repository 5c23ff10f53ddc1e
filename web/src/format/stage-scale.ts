// The ladder's visual scale, from content (left, green) to frustrated (right, red). Colour
// is never the only signal: every stage also shows its position and an effort label.

/** Hue of the stage at `rank` of `count`: 145 (green) for the first, 8 (red) for the last. */
export function stageHue(rank: number, count: number): number {
  if (count <= 1) return 145;
  return Math.round(145 - ((rank - 1) / (count - 1)) * 137);
}

/** A fill colour for charts that reads on light and dark backgrounds alike. */
export function stageColour(rank: number, count: number): string {
  return `hsl(${stageHue(rank, count)} 62% 46%)`;
}

/** Words for where a stage sits on the scale: "least effort", "most effort", "effort 2 of 4". */
export function effortLabel(rank: number, count: number): string {
  if (rank === 1) return 'Least effort';
  if (rank === count) return 'Most effort';
  return `More effort`;
}
