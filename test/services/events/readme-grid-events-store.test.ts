import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readmeBlock, root, typeProblems } from '../../readme/readme-block.js';

const workDir = join(root, '.tmp', 'readme');

describe('README grid events on a store', () => {
  afterEach(() => vi.restoreAllMocks());

  it('type-checks against the public API', () => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, 'grid-events-store.ts');
    writeFileSync(file, readmeBlock('grid-events-store'));
    expect(typeProblems(file)).toEqual([]);
  });

  it('runs and prints what its comment says', async () => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, 'grid-events-store-run.ts');
    writeFileSync(file, readmeBlock('grid-events-store').replace("from 'civic-grid';", `from '${pathToFileURL(join(root, 'src', 'index.ts')).href}';`));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await import(pathToFileURL(file).href);
    expect(log.mock.calls).toEqual([[[{ type: 'escalated', fromLevel: 0, toLevel: 1, to: 'community' }], 0]]);
  });
});
