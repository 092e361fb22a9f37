import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteAdapter } from '../../src/adapters/sqlite/index.js';
import { runCli } from '../../src/cli/run-cli.js';
import { DEMO_KINDS } from '../../src/cli/demo/storage-section.js';
import { createStore, EACH, type PathStep, personalFieldsOf } from '../../src/index.js';
import { queryAll } from '../../src/services/query-all.js';
import { captureIo } from '../support/capture-io.js';

const workDir = mkdtempSync(join(tmpdir(), 'civic-grid-demo-pd-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Every string at a declared personal path (one per array element for EACH steps). */
function stringsAt(data: unknown, path: readonly PathStep[]): string[] {
  if (path.length === 0) return typeof data === 'string' ? [data] : [];
  const [step, ...rest] = path;
  if (step === EACH) return Array.isArray(data) ? data.flatMap((element) => stringsAt(element, rest)) : [];
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !Object.hasOwn(data, step as string)) return [];
  return stringsAt((data as Record<string, unknown>)[step as string], rest);
}

function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return (Array.isArray(value) ? value : [...Object.keys(value), ...Object.values(value)]).flatMap(stringLeaves);
}

/**
 * The CLI is an operator's tool: the demo opens the store it fills and reads it
 * whole (no principal), so what it prints must be figures, never records. Every
 * personal value it stored, in every kind of its store, is looked for in the JSON.
 */
describe('civic-grid demo --json prints no personal data', () => {
  it('no value of a declared personal field of any stored record appears in the output', async () => {
    // SQLite, so the records can be read back after the run without loading them all.
    const file = join(workDir, 'demo.sqlite');
    const io = captureIo();
    expect(await runCli(['demo', '--lang', 'en', '--json', '--db', file], io)).toBe(0);
    const printed = stringLeaves(JSON.parse(io.out()));

    const store = createStore(await createSqliteAdapter(file), { kinds: DEMO_KINDS });
    const personal = new Set<string>();
    for (const kind of Object.keys(store.kinds) as (keyof typeof DEMO_KINDS)[]) {
      const fields = personalFieldsOf(store.kinds[kind]);
      if (fields.length === 0) continue;
      for (const record of await queryAll(store, kind, { scope: [] })) for (const field of fields) for (const value of stringsAt(record.data, field.path)) personal.add(value);
    }
    await store.close();
    // The season's needs carry requesters and descriptions: the check has something to find.
    expect(personal.size).toBeGreaterThan(1_000);
    const long = [...personal].filter((value) => value.length >= 8);
    const leaked = printed.filter((text) => personal.has(text) || long.some((value) => text.includes(value)));
    expect(leaked).toEqual([]);
  }, 300_000);
});
