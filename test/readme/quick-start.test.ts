import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readmeBlock, root, typeProblems } from './readme-block.js';

const workDir = join(root, '.tmp', 'readme');
const quickStartCode = (): string => readmeBlock('quick-start');

describe('README quick start', () => {
  afterEach(() => vi.restoreAllMocks());

  it('type-checks against the public API', () => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, 'quick-start.ts');
    writeFileSync(file, quickStartCode());
    expect(typeProblems(file)).toEqual([]);
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
