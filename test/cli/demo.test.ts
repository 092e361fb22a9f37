import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo } from '../support/capture-io.js';

// The demo keeps its default store under the working directory: run it in a temp dir, not the repo.
const workDir = mkdtempSync(join(tmpdir(), 'civic-grid-demo-'));
const repoDir = process.cwd();
beforeAll(() => process.chdir(workDir));
afterAll(() => {
  process.chdir(repoDir);
  rmSync(workDir, { recursive: true, force: true });
});

describe('civic-grid demo', () => {
  it('--lang en --json prints a JSON report with the hierarchy counts of Tongchuan', async () => {
    const io = captureIo();
    expect(await runCli(['demo', '--lang', 'en', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out());
    expect(report.hierarchy).toMatchObject({
      seed: 2020,
      counts: { city: 1, district: 4, street: 18, community: 72, grid: 1206, household: 0 },
      units: 716,
    });
    expect(report.hierarchy.counts.building).toBeGreaterThan(1206);
    expect(report.hierarchy.counts.households).toBeGreaterThan(1206 * 300);
    expect(report.hierarchy.sampleBranch.map((node: { level: string }) => node.level)).toEqual(['city', 'district', 'street', 'community', 'grid', 'building']);
    expect(report.hierarchy.sampleBranch[1].code).toBe('610202');
  });

  it('prints one line and exits 1 when the store cannot be opened (regression: a stack trace)', async () => {
    const pgUrl = process.env.CIVIC_GRID_PG_URL;
    const stores = [
      ['--db', join(workDir, 'no', 'such', 'dir', 'x.sqlite')],
      ['--pg', 'postgres://postgres:postgres@127.0.0.1:1/nothing'],
      ...(pgUrl === undefined ? [] : [['--pg', pgUrl.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:wrong-password@')]]),
    ];
    for (const store of stores) {
      const io = captureIo();
      expect(await runCli(['demo', '--lang', 'en', ...store], io)).toBe(1);
      expect(io.err()).toMatch(/^civic-grid demo: [^\n]*adapter[^\n]*\n$/);
      expect(io.err()).not.toContain('wrong-password');
    }
  }, 60_000);

  it('exits 2 for a bad --seed or --lang, before building anything', async () => {
    const seed = captureIo();
    expect(await runCli(['demo', '--seed', 'abc'], seed)).toBe(2);
    expect(seed.err()).toContain('--seed takes an integer, got "abc"');
    const empty = captureIo();
    expect(await runCli(['demo', '--seed', ''], empty)).toBe(2);
    expect(empty.err()).toContain('--seed takes an integer, got ""');
    const lang = captureIo();
    expect(await runCli(['demo', '--lang', 'fr'], lang)).toBe(2);
    expect(lang.err()).toContain('--lang takes zh, en or both, got "fr"');
    expect(seed.out() + lang.out()).toBe('');
  });
});
