import { defineConfig } from 'vitest/config';

/** The fault-injection suite: real server processes, kill -9, cut database connections. One file at a time. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
