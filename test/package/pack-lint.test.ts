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
      // attw packs with npm: without ignore-scripts its prepack would rebuild dist (80 s) while other tests read it.
      const env = { ...process.env, npm_config_ignore_scripts: 'true' };
      output = execFileSync('npm', ['run', '--silent', 'lint:package'], { cwd: root, encoding: 'utf8', stdio: 'pipe', env });
    } catch (error) {
      failed = true;
      output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    }
    expect(failed, output).toBe(false);
    expect(output).toMatch(/All good/);
  }, 180_000);
});
