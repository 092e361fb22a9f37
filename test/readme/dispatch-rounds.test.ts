import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readmeBlock, root, typeProblems } from './readme-block.js';

const workDir = join(root, '.tmp', 'readme');

describe('README second dispatch round', () => {
  afterEach(() => vi.restoreAllMocks());

  it('type-checks against the public API', () => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, 'dispatch-rounds.ts');
    writeFileSync(file, readmeBlock('dispatch-rounds'));
    expect(typeProblems(file)).toEqual([]);
  });

  it('runs and prints what its comment says', async () => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, 'dispatch-rounds-run.ts');
    const source = readmeBlock('dispatch-rounds')
      .replace("from 'civic-grid'", `from '${pathToFileURL(join(root, 'src', 'index.ts')).href}'`)
      .replace("from 'civic-grid/adapters/memory'", `from '${pathToFileURL(join(root, 'src', 'adapters', 'memory', 'index.ts')).href}'`);
    writeFileSync(file, source);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await import(pathToFileURL(file).href);
    expect(log.mock.calls).toEqual([[['n3'], []]]);
  });
});
