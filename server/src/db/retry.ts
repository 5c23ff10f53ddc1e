/**
 * Runs a transaction again (up to five attempts in all) when PostgreSQL broke a deadlock by
 * aborting it, after a short random pause so the two do not meet again at once: a customer
 * update (new mrr) can meet a rollup pass that writes the same customers and their rollup rows.
 */
export async function withDeadlockRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 5 || (code !== '40P01' && code !== '40001')) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * attempt));
    }
  }
}
