import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the packed tarball', () => {
  it('passes publint --strict and are-the-types-wrong', () => {
    let output = '';
    let failed = false;
    try {
      output = execFileSync('npm', ['run', '--silent', 'lint:package'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      failed = true;
      output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    }
    expect(failed, output).toBe(false);
    expect(output).toMatch(/All good/);
  }, 180_000);
});
