import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { createHierarchy, hierarchyToCsv } from '../../src/index.js';
import { captureIo } from '../support/capture-io.js';
import { gbkBytes } from '../support/gbk.js';
import { SMALL_CITY } from '../support/small-city.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'civic-grid-validate-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function validate(name: string, content: string | Uint8Array, ...options: string[]) {
  const file = join(dir, name);
  await writeFile(file, content);
  const io = captureIo();
  const code = await runCli(['validate', file, ...options], io);
  return { code, file, out: io.out(), err: io.err() };
}

const SUMMARY = '19 nodes (1 city, 2 district, 2 street, 3 community, 4 grid, 4 building, 3 household)';
const badNodes = [...SMALL_CITY, { id: 'bx', level: 'building', name: '', parentId: 'g1' }, { id: 'gx', level: 'grid', name: 'x', parentId: 'c1', code: '123' }];

describe('civic-grid validate', () => {
  it('accepts toJSON output, a bare array and { nodes }, with a one-line OK and exit 0', async () => {
    const hierarchy = createHierarchy(SMALL_CITY);
    for (const [name, json] of [
      ['full.json', hierarchy.toJSON()],
      ['array.json', SMALL_CITY],
      ['nodes.json', { nodes: SMALL_CITY }],
    ] as const) {
      const result = await validate(name, JSON.stringify(json));
      expect(result.code).toBe(0);
      expect(result.out).toBe(`OK ${result.file}: ${SUMMARY}\n`);
      expect(result.err).toBe('');
    }
  });

  it('accepts a CSV file', async () => {
    const result = await validate('city.CSV', hierarchyToCsv(createHierarchy(SMALL_CITY)));
    expect(result.code).toBe(0);
    expect(result.out).toBe(`OK ${result.file}: ${SUMMARY}\n`);
  });

  it('lists every problem in a bad JSON file and exits 1', async () => {
    const result = await validate('bad.json', JSON.stringify(badNodes));
    expect(result.code).toBe(1);
    expect(result.out.split('\n')).toEqual([
      `INVALID ${result.file}: 2 problems`,
      '  19.name: name must not be empty',
      '  20.code: a grid code has 14 or 15 digits, got 3 ("123")',
      '',
    ]);
  });

  it('lists hierarchy violations once the nodes are well formed', async () => {
    const nodes = [...SMALL_CITY, { id: 'bx', level: 'building', name: 'x', parentId: 'ghost' }, { id: 'g1', level: 'grid', name: 'x', parentId: 'c2' }];
    const result = await validate('orphan.json', JSON.stringify({ nodes }));
    expect(result.code).toBe(1);
    expect(result.out).toBe(`INVALID ${result.file}: 2 problems\n  20.id: duplicate id "g1" (first at index 8)\n  19.parentId: orphan: building "bx" names unknown parent "ghost"\n`);
  });

  it('lists every bad row of a CSV file with its line, and the orphan among the good rows', async () => {
    const csv = `${hierarchyToCsv(createHierarchy(SMALL_CITY))}bx,building,x,ghost,\ngx,grid,,c1,123\n`;
    const result = await validate('bad.csv', csv);
    expect(result.code).toBe(1);
    expect(result.out.split('\n')).toEqual([
      `INVALID ${result.file}: 3 problems`,
      '  22.name: line 22, column name: name must not be empty',
      '  22.code: line 22, column code: a grid code has 14 or 15 digits, got 3 ("123")',
      '  21.parentId: line 21, column parentId: orphan: building "bx" names unknown parent "ghost"',
      '',
    ]);
  });

  it('reports schema and structural problems in one run (regression: they took two runs)', async () => {
    const nodes = [
      ...SMALL_CITY,
      { id: 'v1', level: 'village', name: '村', parentId: 's1' },
      { id: 'g1', level: 'grid', name: 'x', parentId: 'c2' },
      { id: 'bx', level: 'building', name: 'x', parentId: 'ghost' },
      { id: 'g9', level: 'grid', name: 'x', parentId: 'c1', code: '61020200100101' },
    ];
    const result = await validate('both.json', JSON.stringify(nodes));
    expect(result.code).toBe(1);
    expect(result.out.split('\n')).toEqual([
      `INVALID ${result.file}: 4 problems`,
      expect.stringMatching(/^ {2}19\.level: /),
      '  20.id: duplicate id "g1" (first at index 8)',
      '  22.code: duplicate code "61020200100101": grid "g9" has the code of grid "g1" (first at index 8)',
      '  21.parentId: orphan: building "bx" names unknown parent "ghost"',
      '',
    ]);
  });

  it('reports text that is not JSON, and JSON of the wrong shape, with exit 1', async () => {
    const notJson = await validate('broken.json', '{ "nodes": [');
    expect(notJson.code).toBe(1);
    expect(notJson.out).toMatch(/^INVALID .*: 1 problem\n {2}not JSON: /);
    const wrongShape = await validate('number.json', '42');
    expect(wrongShape.code).toBe(1);
    expect(wrongShape.out).toContain('expected an array of nodes');
    const wrongFormat = await validate('format.json', JSON.stringify({ format: 'x', version: 1, nodes: [] }));
    expect(wrongFormat.code).toBe(1);
    expect(wrongFormat.out).toContain('  format: ');
  });

  it('refuses a GBK file as UTF-8 with exit 1 naming --encoding, and reads it with --encoding gb18030 (regression: garbled names passed)', async () => {
    const bytes = gbkBytes('id,level,name,parentId,code\ntc,city,铜川市,,610200\nwy,district,王益区,tc,610202\n');
    const refused = await validate('gbk.csv', bytes);
    expect(refused.code).toBe(1);
    expect(refused.out).toBe(`INVALID ${refused.file}: 1 problem\n  2: line 2 is not valid UTF-8; if the file is GBK or GB18030 (as Excel in China saves it), pass --encoding gb18030\n`);
    const read = await validate('gbk.csv', bytes, '--encoding', 'gb18030');
    expect(read.code).toBe(0);
    expect(read.out).toBe(`OK ${read.file}: 2 nodes (1 city, 1 district)\n`);
    const json = await validate('gbk.json', gbkBytes('[{"id":"tc","level":"city","name":"铜川市","parentId":null}]'));
    expect(json.code).toBe(1);
    expect(json.out).toContain('--encoding gb18030');
  });

  it('reads a BOM in JSON as it does in CSV (regression: JSON with a BOM was "not JSON")', async () => {
    const bom = await validate('bom.json', `\uFEFF${JSON.stringify(SMALL_CITY)}`);
    expect(bom.code).toBe(0);
    expect(bom.out).toBe(`OK ${bom.file}: ${SUMMARY}\n`);
    const csv = await validate('bom.csv', `\uFEFF${hierarchyToCsv(createHierarchy(SMALL_CITY))}`);
    expect(csv.out).toBe(`OK ${csv.file}: ${SUMMARY}\n`);
  });

  it('exits 2 for an unknown --encoding', async () => {
    const result = await validate('city.json', JSON.stringify(SMALL_CITY), '--encoding', 'latin1');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^civic-grid validate: --encoding takes utf-8 or gb18030, got "latin1"\n\nusage: civic-grid validate FILE/);
  });

  it('exits 2 for a missing file, no file, or two files', async () => {
    const missing = captureIo();
    expect(await runCli(['validate', join(dir, 'nope.json')], missing)).toBe(2);
    expect(missing.err()).toContain('cannot read');
    expect(missing.out()).toBe('');
    const none = captureIo();
    expect(await runCli(['validate'], none)).toBe(2);
    expect(none.err()).toContain('usage: civic-grid validate FILE');
    const two = captureIo();
    expect(await runCli(['validate', 'a.json', 'b.json'], two)).toBe(2);
    expect(two.err()).toContain('usage: civic-grid validate FILE');
  });
});
