import { defineConfig } from 'tsup';

// Library entries ship as ESM (.js/.d.ts) and CJS (.cjs/.d.cts); the CLI is ESM only.
// `./testing` is exported for ESM only (vitest cannot be required), so its CJS file is unused.
// The build script empties dist first: configs build concurrently, so none may clean.
export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'adapters/memory': 'src/adapters/memory/index.ts',
      'adapters/sqlite': 'src/adapters/sqlite/index.ts',
      'adapters/postgres': 'src/adapters/postgres/index.ts',
      testing: 'src/testing/index.ts',
    },
    // Optional peer dependencies: the user installs the ones they use.
    external: ['better-sqlite3', 'pg', '@electric-sql/pglite', 'vitest', 'fast-check'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    // Shared chunks: one CivicGridError class across entries, so instanceof holds between subpaths.
    splitting: true,
    treeshake: true,
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
  },
]);
