import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readmeBlock, root, typeProblems } from '../../readme/readme-block.js';

const workDir = join(root, '.tmp', 'readme');

describe('README working-time calendar', () => {
  afterEach(() => vi.restoreAllMocks());

  it('type-checks against the public API', () => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, 'working-time-calendar.ts');
    writeFileSync(file, readmeBlock('working-time-calendar'));
    expect(typeProblems(file)).toEqual([]);
  });

  it('runs and prints what its comments say', async () => {
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, 'working-time-calendar-run.ts');
    writeFileSync(file, readmeBlock('working-time-calendar').replace("from 'civic-grid'", `from '${pathToFileURL(join(root, 'src', 'index.ts')).href}'`));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await import(pathToFileURL(file).href);
    expect(log.mock.calls).toEqual([['2026-10-09T02:00:00.000Z'], [22.5]]);
  });
});
