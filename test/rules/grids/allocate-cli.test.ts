import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAllocate } from '../../../src/cli/commands/allocate.js';
import { runCli } from '../../../src/cli/run-cli.js';
import { gridsSection } from '../../../src/cli/demo/grids-section.js';
import type { DemoContext } from '../../../src/cli/commands/demo.js';
import { generateCity } from '../../../src/generate/generate-city.js';
import { gbkBytes } from '../../support/gbk.js';

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

  it('exits 1 naming the line and column of every problem, 2 for usage errors (regression: buildings.0.households)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'grids-'));
    const file = join(dir, 'bad.csv');
    await writeFile(file, 'id,households,x,y\na,-1,0,0\na,3,zero,0\n');
    const bad = capture();
    expect(await runAllocate([file], bad.io)).toBe(1);
    expect(bad.err().split('\n')).toEqual([
      `INVALID ${file}: 3 problems`,
      '  2.households: line 2, column households: households must not be negative',
      '  3.x: line 3, column x: expected a number, got "zero"',
      '  3.id: line 3, column id: duplicate building id "a" (first at buildings.0)',
      '',
    ]);
    for (const argv of [['allocate'], ['allocate', join(dir, 'missing.csv')], ['allocate', file, '--min', 'lots']]) {
      expect(await runCli(argv, capture().io)).toBe(2);
    }
  });

  it('names a misspelt column (regression: hh was never named)', async () => {
    const result = await allocateCsv('id,hh,x,y\na,30,0,0\n');
    expect(result.code).toBe(1);
    expect(result.err).toContain('line 1: missing column "households"');
    expect(result.err).toContain('line 1: unknown column "hh"');
  });

  it('fails on a CSV without buildings (regression: exit 0 with 0 grids)', async () => {
    for (const text of ['id,households,x,y\n', 'id,households,x,y\n\n']) {
      const result = await allocateCsv(text);
      expect(result.code).toBe(1);
      expect(result.err).toContain('no buildings to allocate');
    }
    const json = await allocateCsv('[]', 'buildings.json');
    expect(json.code).toBe(1);
  });

  it('refuses x,y in degrees, naming the lng,lat columns (regression: mean distance 0.0 m)', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `b${i},40,${(108.93 + i * 0.001).toFixed(4)},${(34.9 + (i % 3) * 0.001).toFixed(4)}`);
    const result = await allocateCsv(['id,households,x,y', ...rows].join('\n'));
    expect(result.code).toBe(1);
    expect(result.err).toContain('name the columns lng,lat (or lon,lat)');
    const json = await allocateCsv(JSON.stringify(rows.map((row) => row.split(',')).map(([id, h, x, y]) => ({ id, households: Number(h), x: Number(x), y: Number(y) }))), 'b.json');
    expect(json.code).toBe(1);
    expect(json.err).toContain('look like longitude and latitude in degrees');
  });

  it('reads lng,lat (or lon,lat) in degrees and projects them to metres around their centroid', async () => {
    // 30 buildings on a 0.0002° grid near Tongchuan (35.07° N): about 18 m east-west and 22 m north-south apart.
    for (const lngColumn of ['lng', 'lon']) {
      const rows = Array.from({ length: 30 }, (_, i) => `b${i},30,${(108.9 + (i % 6) * 0.0002).toFixed(4)},${(35.07 + Math.floor(i / 6) * 0.0002).toFixed(4)}`);
      const result = await allocateCsv([`id,households,${lngColumn},lat`, ...rows].join('\n'));
      expect(result.code).toBe(0);
      const plan = JSON.parse(result.out) as { basis: { buildings: { id: string; x: number; y: number }[] } };
      const byId = new Map(plan.basis.buildings.map((b) => [b.id, b]));
      const [b0, b1, b6] = ['b0', 'b1', 'b6'].map((id) => byId.get(id) as { x: number; y: number });
      expect((b1?.x ?? 0) - (b0?.x ?? 0)).toBeCloseTo(6_371_008.8 * Math.cos((35.0704 * Math.PI) / 180) * ((0.0002 * Math.PI) / 180), 1);
      expect((b6?.y ?? 0) - (b0?.y ?? 0)).toBeCloseTo(6_371_008.8 * ((0.0002 * Math.PI) / 180), 1);
      expect(Math.abs(plan.basis.buildings.reduce((sum, b) => sum + b.x, 0))).toBeLessThan(1e-6);
      expect(result.err).not.toContain('mean distance 0.0 m');
    }
  });

  it('reads a GBK CSV only with --encoding gb18030', async () => {
    const bytes = gbkBytes('id,households,x,y,site\nb1,300,0,0,铜川市\nb2,300,50,0,\n');
    const refused = await allocateCsv(bytes);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('pass --encoding gb18030');
    const read = await allocateCsv(bytes, 'buildings.csv', '--encoding', 'gb18030');
    expect(read.code).toBe(0);
    expect(JSON.parse(read.out).grids.some((grid: { site?: string }) => grid.site === '铜川市')).toBe(true);
  });
});

async function allocateCsv(content: string | Uint8Array, name = 'buildings.csv', ...options: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'grids-'));
  const file = join(dir, name);
  await writeFile(file, content);
  const { io, out, err } = capture();
  const code = await runCli(['allocate', file, ...options], io);
  return { code, out: out(), err: err() };
}

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
