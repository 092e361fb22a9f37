import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAllocate } from '../../../src/cli/commands/allocate.js';
import { gridsSection } from '../../../src/cli/demo/grids-section.js';
import type { DemoContext } from '../../../src/cli/commands/demo.js';
import { generateCity } from '../../../src/generate/generate-city.js';

function capture(): { io: { stdout: { write(t: string): void }; stderr: { write(t: string): void } }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: { write: (t) => (out += t) }, stderr: { write: (t) => (err += t) } }, out: () => out, err: () => err };
}

const csv = ['id,households,x,y,site', ...Array.from({ length: 30 }, (_, i) => `b${i},${i === 7 ? 0 : 30},${(i % 6) * 20},${Math.floor(i / 6) * 20},${i === 7 ? 'school' : ''}`)].join('\n');

describe('civic-grid allocate', () => {
  it('reads CSV and writes the plan as JSON to stdout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'grids-'));
    const file = join(dir, 'buildings.csv');
    await writeFile(file, csv);
    const { io, out, err } = capture();
    expect(await runAllocate([file, '--community-code', '610202001001'], io)).toBe(0);
    const plan = JSON.parse(out()) as { grids: { code: string; site?: string }[]; basis: { buildings: unknown[] } };
    expect(plan.basis.buildings).toHaveLength(30);
    expect(plan.grids.every((g) => g.code.startsWith('610202001001'))).toBe(true);
    expect(plan.grids.filter((g) => g.site === 'school')).toHaveLength(1);
    expect(err()).toContain('grids for 30 buildings');
  });

  it('reads JSON and writes --out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'grids-'));
    const file = join(dir, 'buildings.json');
    const out = join(dir, 'plan.json');
    await writeFile(file, JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ id: `b${i}`, households: 40, x: i * 15, y: 0 }))));
    const { io } = capture();
    expect(await runAllocate([file, '--out', out, '--min', '200', '--max', '400'], io)).toBe(0);
    const plan = JSON.parse(await readFile(out, 'utf8')) as { grids: { households: number }[] };
    expect(plan.grids.map((g) => g.households).reduce((a, b) => a + b, 0)).toBe(800);
  });

  it('exits 1 with every problem for invalid buildings, 2 for usage errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'grids-'));
    const file = join(dir, 'bad.csv');
    await writeFile(file, 'id,households,x,y\na,-1,0,0\na,3,zero,0\n');
    const bad = capture();
    expect(await runAllocate([file], bad.io)).toBe(1);
    expect(bad.err()).toContain('buildings.0.households');
    expect(bad.err()).toContain('buildings.1.x');
    expect(bad.err()).toContain('duplicate building id "a"');
    expect(await runAllocate([], capture().io)).toBe(2);
    expect(await runAllocate([join(dir, 'missing.csv')], capture().io)).toBe(2);
    expect(await runAllocate([file, '--min', 'lots'], capture().io)).toBe(2);
  });
});

describe('demo grids section', () => {
  it('allocates every community of the generated city within bounds and reports it', () => {
    const city = generateCity({ seed: 7, scale: 'tongchuan' });
    const { io, out } = capture();
    const context = { io, seed: 7, lang: 'en', json: false, city, report: {} } as unknown as DemoContext;
    void gridsSection(context);
    expect(out()).toContain('Grid allocation');
    const report = context.report.grids as { communities: number; grids: number; nonContiguous: number };
    expect(report.communities).toBe(72);
    expect(report.nonContiguous).toBe(0);
    expect(report.grids).toBeGreaterThan(1000);
  });
});
