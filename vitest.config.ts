import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,shared,migrations,scripts,web}/src/**/*.test.{ts,tsx}', 'web/e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only make the embedded databases fight for them.
    maxWorkers: 2,
  },
});
