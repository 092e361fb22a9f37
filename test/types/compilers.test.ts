import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Compiles the type tests beside this file (test/types/tsconfig.json) with
// TypeScript 5 and TypeScript 7, the two compilers users have today: they
// relate generic types differently, so each must reject what the tests expect.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const COMPILERS = [
  { name: 'TypeScript 5', pkg: 'typescript', major: '5' },
  { name: 'TypeScript 7', pkg: 'typescript7', major: '7' },
];

function tsc(pkg: string, args: string[]): { ok: boolean; output: string } {
  const bin = join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', 'tsc');
  try {
    return { ok: true, output: execFileSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('the type tests (test/types/*.ts)', () => {
  for (const { name, pkg, major } of COMPILERS) {
    it(`pass under ${name}`, () => {
      expect(tsc(pkg, ['--version']).output).toMatch(new RegExp(`^Version ${major}\\.`));
      const { ok, output } = tsc(pkg, ['--noEmit', '-p', 'test/types/tsconfig.json']);
      expect(output).toBe('');
      expect(ok).toBe(true);
    }, 300_000);
  }
});
