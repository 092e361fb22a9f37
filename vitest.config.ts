import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests import the public subpaths (civic-grid/testing, civic-grid/adapters/*)
  // exactly as users do; here they resolve to the sources, so tests run without
  // a build. test/package/exports.test.ts checks the built package itself.
  resolve: {
    alias: [{ find: /^civic-grid\/(testing|report|adapters\/memory|adapters\/sqlite|adapters\/postgres)$/, replacement: `${import.meta.dirname}/src/$1/index.ts` }],
  },
  test: {
    setupFiles: ['test/support/fast-check-seed.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The browser test is its own project: it needs Debian's chromium (/usr/bin/chromium)
    // and says it skipped where there is none, so `npm test` runs anywhere; in CI it fails instead.
    projects: [
      // One module graph per worker rather than per file: the files share no mutable state (mocks are restored), and
      // re-importing the sources for each of 120 files took ~170 of the suite's ~400 s on 2 cores.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'], isolate: false } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 } },
    ],
  },
});
