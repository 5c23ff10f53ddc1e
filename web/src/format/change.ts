// Which way a change in a stage's share points for customers: the forest is good when
// customers move left, so a rise of the first stage is good and a rise of any other is bad.

export type Verdict = 'good' | 'bad' | 'neutral';

/** Good or bad for a change in the share of the stage at `rank` (1 = left-most). */
export function shareChangeVerdict(rank: number, change: number | null, decimals = 1): Verdict {
  if (change === null) return 'neutral';
  const points = Math.round(change * 100 * 10 ** decimals);
  if (points === 0) return 'neutral';
  const rose = points > 0;
  return rank === 1 ? (rose ? 'good' : 'bad') : rose ? 'bad' : 'good';
}

/** Words a screen reader (and a printout) says for a verdict. */
export function verdictWords(verdict: Verdict): string {
  return verdict === 'good' ? 'better for customers' : verdict === 'bad' ? 'worse for customers' : 'no change';
}

/** An arrow for a signed change: ▲ rise, ▼ fall, ● unchanged. */
export function arrow(change: number | null): string {
  if (change === null || Math.abs(change) < 1e-9) return '\u25CF';
  return change > 0 ? '\u25B2' : '\u25BC';
}
