import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readmeBlock, root, typeProblems } from '../../readme/readme-block.js';

const workDir = join(root, '.tmp', 'readme');

describe('README grid events', () => {
  afterEach(() => vi.restoreAllMocks());

  it('type-checks against the public API', () => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, 'grid-events.ts');
    writeFileSync(file, readmeBlock('grid-events'));
    expect(typeProblems(file)).toEqual([]);
  });

  it('runs and prints what its comment says', async () => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, 'grid-events-run.ts');
    writeFileSync(file, readmeBlock('grid-events').replace("from 'civic-grid'", `from '${pathToFileURL(join(root, 'src', 'index.ts')).href}'`));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await import(pathToFileURL(file).href);
    expect(log.mock.calls).toEqual([['2026-02-14T08:00:00.000Z']]);
  });
});
