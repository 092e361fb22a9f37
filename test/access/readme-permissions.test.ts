import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readmeBlock, root, typeProblems } from '../readme/readme-block.js';

const workDir = join(root, '.tmp', 'readme');

describe('README permissions and personal data', () => {
  afterEach(() => vi.restoreAllMocks());

  it('type-checks against the public API', () => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, 'permissions.ts');
    writeFileSync(file, readmeBlock('permissions'));
    expect(typeProblems(file)).toEqual([]);
  });

  it('runs and prints what its comments say', async () => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, 'permissions-run.ts');
    const source = readmeBlock('permissions')
      .replace("from 'civic-grid'", `from '${pathToFileURL(join(root, 'src', 'index.ts')).href}'`)
      .replace("from 'civic-grid/adapters/memory'", `from '${pathToFileURL(join(root, 'src', 'adapters', 'memory', 'index.ts')).href}'`);
    writeFileSync(file, source);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await import(pathToFileURL(file).href);
    expect(log.mock.calls).toEqual([[['***']], ['张三 13812341234 needs a home visit'], [[['w-1', 'home visit']]], ['***'], [['phone']]]);
  });
});
