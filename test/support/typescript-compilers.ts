import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The repository root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

/**
 * The two compilers users have today, TypeScript 5 (`typescript`) and 7 (the
 * `typescript7` alias): they relate generic types differently, so type tests run under both.
 */
export const COMPILERS = [
  { name: 'TypeScript 5', pkg: 'typescript', major: '5' },
  { name: 'TypeScript 7', pkg: 'typescript7', major: '7' },
] as const;

/** Runs one compiler's tsc from the repository root; `output` is everything it printed. */
export function tsc(pkg: string, args: string[]): { ok: boolean; output: string } {
  const bin = join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', 'tsc');
  try {
    return { ok: true, output: execFileSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** Checks the tsconfig `project` with `compiler`, which must be the major version it claims and report nothing. */
export function expectCleanUnder(compiler: (typeof COMPILERS)[number], project: string): void {
  expect(tsc(compiler.pkg, ['--version']).output).toMatch(new RegExp(`^Version ${compiler.major}\\.`));
  const { ok, output } = tsc(compiler.pkg, ['--noEmit', '-p', project]);
  expect(output).toBe('');
  expect(ok).toBe(true);
}
