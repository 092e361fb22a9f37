import { defineConfig, type Options } from 'tsup';

// Library entries ship as ESM (.js/.d.ts) and CJS (.cjs/.d.cts). `./testing` and the CLI
// are ESM only: vitest cannot be required, and the bin is run, not required.
// The build script empties dist first: the two configs build concurrently, so none may clean.
const LIBRARY = {
  index: 'src/index.ts',
  'adapters/memory': 'src/adapters/memory/index.ts',
  'adapters/sqlite': 'src/adapters/sqlite/index.ts',
  'adapters/postgres': 'src/adapters/postgres/index.ts',
  report: 'src/report/index.ts',
};
const TESTING = { testing: 'src/testing/index.ts' };

const shared: Options = {
  // Optional peer dependencies: the user installs the ones they use.
  external: ['better-sqlite3', 'pg', '@electric-sql/pglite', 'vitest', 'fast-check'],
  target: 'node20',
  // Shared chunks: one CivicGridError class across entries, so instanceof holds between
  // subpaths, and the CLI runs the library's own chunks instead of a second copy.
  splitting: true,
  treeshake: true,
  // No source maps: the output is unminified ESM/CJS, readable as it is, and maps with
  // embedded sources were two thirds of the tarball.
  sourcemap: false,
};

// `@internal` members stay out of the declarations users see.
const declarations = { compilerOptions: { stripInternal: true } };

export default defineConfig([
  {
    ...shared,
    entry: { ...LIBRARY, ...TESTING, 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    dts: { ...declarations, entry: { ...LIBRARY, ...TESTING } },
  },
  {
    ...shared,
    entry: LIBRARY,
    format: ['cjs'],
    dts: { ...declarations, entry: LIBRARY },
  },
]);
