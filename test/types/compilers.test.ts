import { describe, it } from 'vitest';
import { COMPILERS, expectCleanUnder } from '../support/typescript-compilers.js';

// The type tests beside this file: each expect-error directive must meet its error.
describe('the type tests (test/types/*.ts)', () => {
  for (const compiler of COMPILERS) {
    it(`pass under ${compiler.name}`, () => expectCleanUnder(compiler, 'test/types/tsconfig.json'), 300_000);
  }
});
