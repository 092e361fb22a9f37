import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/typescript-compilers.js';

/**
 * The packed size budget, in bytes: 1.25 times the 642,075 the build packs with
 * the second wave (micro-wishes, in-service members, party building, KPIs in SQL,
 * the city report and the JSON Schemas; 409,399 before them, 257,137 before the
 * first wave). It was 907,258 with embedded source maps and a second copy of the
 * library in the CLI.
 */
const PACKED_BUDGET = 802_000;

interface PackResult {
  size: number;
  files: { path: string; size: number }[];
}
const pack = (): PackResult => (JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as PackResult[])[0] as PackResult;

describe('the tarball', () => {
  const packed = pack();
  const paths = packed.files.map((file) => file.path);

  it(`packs within its size budget (${PACKED_BUDGET} bytes)`, () => {
    expect(packed.size).toBeGreaterThan(0);
    expect(packed.size).toBeLessThanOrEqual(PACKED_BUDGET);
  });

  it('ships the changelog, readme and licence', () => {
    expect(paths).toEqual(expect.arrayContaining(['CHANGELOG.md', 'README.md', 'LICENSE', 'package.json']));
  });

  it('ships no source maps and no file nothing can reach (testing and the CLI are ESM only)', () => {
    expect(paths.filter((path) => path.endsWith('.map'))).toEqual([]);
    expect(paths.filter((path) => /^dist\/(testing|cli\/main)\.(cjs|d\.cts)$/.test(path))).toEqual([]);
  });

  it('holds one copy of the library in ESM: the CLI and the entries share its chunks', () => {
    const esm = paths.filter((path) => path.endsWith('.js'));
    expect(esm).toContain('dist/cli/main.js');
    expect(esm.filter((path) => /(class CivicGridError|CivicGridError = class)\b/.test(readFileSync(join(root, path), 'utf8')))).toHaveLength(1);
  });
});
