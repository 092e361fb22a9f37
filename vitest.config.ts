import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests import the public subpaths (civic-grid/testing, civic-grid/adapters/*)
  // exactly as users do; here they resolve to the sources, so tests run without
  // a build. test/package/exports.test.ts checks the built package itself.
  resolve: {
    alias: [{ find: /^civic-grid\/(testing|adapters\/memory|adapters\/sqlite|adapters\/postgres)$/, replacement: `${import.meta.dirname}/src/$1/index.ts` }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/fast-check-seed.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
