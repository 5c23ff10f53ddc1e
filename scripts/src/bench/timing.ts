/** Runs `fn` once to warm up, then `runs` times (each after `before`, untimed); returns each run's milliseconds. */
export async function timeRuns(runs: number, fn: () => Promise<unknown>, before?: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

/** The p-th percentile (0..1) of the values, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
