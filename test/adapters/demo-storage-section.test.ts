import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoContext } from '../../src/cli/commands/demo.js';
import { storageSection } from '../../src/cli/demo/storage-section.js';
import { createHierarchy, generateCity } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'civic-grid-demo-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const city = generateCity({ seed: 2020 });
const hierarchy = createHierarchy(city.nodes);

async function run(options: { db?: string; storeFile?: string }): Promise<{ text: string; report: Record<string, unknown> }> {
  let text = '';
  const context: DemoContext = {
    io: { stdout: { write: (chunk: string) => (text += chunk) }, stderr: { write: () => true } },
    seed: 2020,
    lang: 'en',
    json: false,
    city,
    hierarchy,
    timings: { generateMs: 0, hierarchyMs: 0 },
    report: {},
    ...options,
  };
  try {
    await storageSection(context);
  } finally {
    await context.store?.close();
  }
  return { text, report: context.report };
}

describe('demo storage section', () => {
  const nodes = city.nodes.length.toLocaleString('en-US');

  it('stores the city in SQLite on the first run and reuses it on the second', async () => {
    const db = join(dir, 'demo.sqlite');
    const first = await run({ db });
    expect(first.text).toContain(`stored ${nodes} nodes (new)`);
    expect(first.report.storage).toMatchObject({ adapter: 'sqlite', stored: city.nodes.length, reused: 0 });
    const second = await run({ db });
    expect(second.text).toContain(`found ${nodes} nodes already stored, reused`);
    expect(second.report.storage).toMatchObject({ stored: 0, reused: city.nodes.length });
    expect(second.text).toMatch(/scoped query: \d+ grids in /);
  });

  it('defaults to an in-memory store and writes nothing to the working directory', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'civic-grid-demo-default-'));
    const previous = process.cwd();
    process.chdir(empty);
    try {
      const first = await run({});
      expect(first.text).toContain(`stored ${nodes} nodes (new)`);
      expect(first.text).toContain('nothing written');
      expect(readdirSync(empty)).toEqual([]);
      // Nothing persists between runs either.
      expect((await run({})).text).toContain(`stored ${nodes} nodes (new)`);
    } finally {
      process.chdir(previous);
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('--store FILE keeps a JSON snapshot that the next run reuses', async () => {
    const storeFile = join(dir, 'snapshot', 'demo-store.json');
    expect((await run({ storeFile })).text).toContain(`stored ${nodes} nodes (new)`);
    expect(existsSync(storeFile)).toBe(true);
    const second = await run({ storeFile });
    expect(second.text).toContain(`found ${nodes} nodes already stored, reused`);
    expect(second.text).toContain(`memory ↔ ${storeFile}`);
  });
});
