import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPILERS, expectCleanUnder, root } from '../support/typescript-compilers.js';

// The built declarations, as users compile against them (npm test builds dist first).
const dist = join(root, 'dist');
const declarationFiles = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => /\.d\.c?ts$/.test(file));
const read = (file: string) => readFileSync(join(dist, file), 'utf8');

describe('the built declarations', () => {
  it('exist for every entry, ESM and CJS', () => {
    expect(declarationFiles).toEqual(expect.arrayContaining(['index.d.ts', 'index.d.cts', join('adapters', 'sqlite.d.ts'), join('adapters', 'sqlite.d.cts'), 'testing.d.ts']));
  });

  it('import no optional peer dependency, so users without its types still compile (no TS7016)', () => {
    for (const file of declarationFiles) expect(read(file), file).not.toMatch(/(from|import\()\s*['"](better-sqlite3|pg|@electric-sql\/pglite)['"]/);
  });

  it('leave out members tagged internal', () => {
    for (const file of declarationFiles) expect(read(file), file).not.toMatch(/@internal|fromValidNodes/);
  });

  it('cite standards and documents users have, not a file of this repository', () => {
    for (const file of declarationFiles) expect(read(file), file).not.toMatch(/RULES\.md/);
  });

  for (const compiler of COMPILERS) {
    it(`compile a user's code under ${compiler.name} (test/package/consumer)`, () => expectCleanUnder(compiler, 'test/package/consumer/tsconfig.json'), 300_000);
  }
});
