import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const workDir = join(root, '.tmp', 'readme');

/** The README's ```ts quick-start block, verbatim. */
function quickStartCode(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const match = /```ts quick-start\n([\s\S]*?)```/.exec(readme);
  if (match?.[1] === undefined) throw new Error('README.md has no ```ts quick-start block');
  return match[1];
}

describe('README quick start', () => {
  afterEach(() => vi.restoreAllMocks());

  it('type-checks against the public API', () => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, 'quick-start.ts');
    writeFileSync(file, quickStartCode());
    const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile).config as { compilerOptions: object };
    const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
    const program = ts.createProgram([file], { ...options, noEmit: true, baseUrl: root, paths: { 'civic-grid': ['src/index.ts'] } });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });

  it('runs and prints what its comments say', async () => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, 'quick-start-run.ts');
    const indexPath = pathToFileURL(join(root, 'src', 'index.ts')).href;
    writeFileSync(file, quickStartCode().replace("from 'civic-grid'", `from '${indexPath}'`));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await import(pathToFileURL(file).href);
    const lines = log.mock.calls;
    // Two problems from the bad batch, then the summary line.
    expect(lines).toHaveLength(3);
    expect(lines[0]?.[0]).toBe('0.parentId');
    expect(lines[1]?.[0]).toBe('1.code');
    expect(lines[2]).toEqual([['第1网格', '金谷社区', '七一路街道', '王益区', '铜川市'], 'g2', 'g1', '110105********002X', 'street']);
  });
});
