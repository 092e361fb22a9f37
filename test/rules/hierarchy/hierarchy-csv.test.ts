import { describe, expect, it } from 'vitest';
import { createHierarchy, HIERARCHY_CSV_COLUMNS, hierarchyToCsv, parseHierarchyCsv } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { gbkBytes } from '../../support/gbk.js';
import { SMALL_CITY } from '../../support/small-city.js';

const HEADER = 'id,level,name,parentId,code';
const csvOf = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;
const issuesOf = (text: string) => expectCivicGridError(() => parseHierarchyCsv(text), 'VALIDATION_FAILED').issues;

describe('parseHierarchyCsv', () => {
  it('reads one node per row: empty parentId is the root, empty code is none', () => {
    const hierarchy = parseHierarchyCsv(csvOf('tc,city,铜川市,,610200', 'wy,district,王益区,tc,610202', 's1,street,七一路街道,wy,'));
    expect(hierarchy.toJSON().nodes).toEqual([
      { id: 'tc', level: 'city', name: '铜川市', parentId: null, code: '610200' },
      { id: 'wy', level: 'district', name: '王益区', parentId: 'tc', code: '610202' },
      { id: 's1', level: 'street', name: '七一路街道', parentId: 'wy' },
    ]);
    for (const node of hierarchy.nodes()) expect(Object.isFrozen(node)).toBe(true);
  });

  it('handles quoted fields with commas, quotes and line breaks, CRLF, a BOM, blank lines and no code column', () => {
    const text = '\uFEFFid,level,name,parentId\r\ntc,city,"铜川市, ""一盘棋""",\r\n\r\nwy,district,"王益\r\n区",tc\r\n';
    const hierarchy = parseHierarchyCsv(text);
    expect(hierarchy.root.name).toBe('铜川市, "一盘棋"');
    expect(hierarchy.get('wy')?.name).toBe('王益\r\n区');
    expect(hierarchy.get('wy')?.code).toBeUndefined();
  });

  it('reads and writes the area (城乡属性) column, and refuses an unknown area at its line', () => {
    const text = 'id,level,name,parentId,code,area\ntc,city,铜川市,,610200,\nyj,district,宜君县,tc,610222,\ns1,street,街道,yj,,\nc1,community,社区,s1,,rural\nc2,community,社区,s1,,urban\n';
    const hierarchy = parseHierarchyCsv(text);
    expect(hierarchy.get('c1')?.area).toBe('rural');
    expect(hierarchy.get('s1')?.area).toBeUndefined();
    expect(hierarchyToCsv(hierarchy)).toBe(text);
    expect(parseHierarchyCsv(hierarchyToCsv(hierarchy)).toJSON()).toEqual(hierarchy.toJSON());
    expect(hierarchyToCsv(parseHierarchyCsv(csvOf('tc,city,铜川市,,610200'))).split('\n')[0]).toBe(HEADER);
    expect(issuesOf(text.replace('rural', 'suburban'))[0]?.path).toEqual([5, 'area']);
  });

  it('reports every bad row with its line number and column, and builds nothing', () => {
    const issues = issuesOf(csvOf('tc,city,铜川市,,610200', 'wy,district,,tc,6102', 's1,town,街道,wy,610202001', 'c1,community,社区,s1,61020200100x'));
    expect(issues).toEqual([
      { path: [3, 'name'], message: 'line 3, column name: name must not be empty' },
      { path: [3, 'code'], message: expect.stringMatching(/^line 3, column code: a district code has 6 digits/) },
      { path: [4, 'level'], message: expect.stringMatching(/^line 4, column level: /) },
      { path: [5, 'code'], message: expect.stringMatching(/^line 5, column code: a community code has digits only/) },
    ]);
  });

  it('reports hierarchy violations at the line of the offending row', () => {
    const issues = issuesOf(csvOf('tc,city,铜川市,,610200', 'wy,district,王益区,tc,610202', 'g1,grid,网格,wy,', 'b1,building,楼,ghost,', 'wy,district,again,tc,', 's1,street,街道,wy,610203001'));
    expect(issues).toEqual([
      { path: [6, 'id'], message: 'line 6, column id: duplicate id "wy" (first at index 1)' },
      { path: [4, 'parentId'], message: 'line 4, column parentId: grid "g1" must sit under a community, but parent "wy" is a district' },
      { path: [5, 'parentId'], message: 'line 5, column parentId: orphan: building "b1" names unknown parent "ghost"' },
      { path: [7, 'code'], message: expect.stringMatching(/^line 7, column code: code "610203001" of street "s1" does not extend/) },
    ]);
  });

  it('reports bad rows and hierarchy violations in one pass (regression: violations showed only once every row parsed)', () => {
    const issues = issuesOf(csvOf('tc,city,铜川市,,610200', 'wy,district,王益区,tc,610202', 'v1,village,村,wy,', 'b1,building,楼,ghost,', 'wy,district,again,tc,', 's1,street,,wy,610202001', 'c1,community,社区,s1,'));
    expect(issues).toEqual([
      { path: [4, 'level'], message: expect.stringMatching(/^line 4, column level: /) },
      { path: [7, 'name'], message: 'line 7, column name: name must not be empty' },
      { path: [6, 'id'], message: 'line 6, column id: duplicate id "wy" (first at index 1)' },
      { path: [5, 'parentId'], message: 'line 5, column parentId: orphan: building "b1" names unknown parent "ghost"' },
    ]);
  });

  it('counts lines inside quoted fields and blank lines', () => {
    const issues = issuesOf(`${HEADER}\ntc,city,"two\nlines",,610200\n\nwy,district,,tc,610202\n`);
    expect(issues).toEqual([{ path: [5, 'name'], message: 'line 5, column name: name must not be empty' }]);
  });

  it('reports missing and unknown columns on line 1', () => {
    const issues = issuesOf('id,level,label,parent,code\ntc,city,x,,\n');
    expect(issues).toEqual([
      { path: [1, 'name'], message: 'line 1: missing column "name"' },
      { path: [1, 'parentId'], message: 'line 1: missing column "parentId"' },
      { path: [1, 'label'], message: 'line 1: unknown column "label"' },
      { path: [1, 'parent'], message: 'line 1: unknown column "parent"' },
    ]);
  });

  it('reports a repeated column (regression: the last one silently won)', () => {
    expect(issuesOf('id,level,name,parentId,code,code\ntc,city,x,,610200,999\n')).toEqual([{ path: [1, 'code'], message: 'line 1: duplicate column "code"' }]);
  });

  it('reads the header of a file without rows, which then lacks a root', () => {
    expect(issuesOf(`${HEADER}\n`)).toEqual([{ path: [], message: expect.stringContaining('no root') }]);
    expect(issuesOf('')).toEqual(['id', 'level', 'name', 'parentId'].map((column) => ({ path: [1, column], message: `line 1: missing column "${column}"` })));
  });

  it('reports malformed CSV at its line: an unclosed quote, a short row', () => {
    expect(issuesOf(csvOf('tc,city,铜川市,,610200', 'wy,district,"王益区,tc,610202'))).toEqual([{ path: [3], message: expect.stringMatching(/^line 3: .*quote/i) }]);
    expect(issuesOf(csvOf('tc,city,铜川市,,610200', 'wy,district,王益区'))).toEqual([{ path: [3], message: expect.stringMatching(/^line 3: .*record length/i) }]);
  });

  it('rejects a non-string', () => {
    expect(expectCivicGridError(() => parseHierarchyCsv(42 as unknown as string), 'VALIDATION_FAILED').issues).toEqual([
      { path: [], message: expect.stringContaining('expected string') },
    ]);
  });

  it('decodes bytes strictly: GBK is refused as UTF-8, naming the encoding option, and read with encoding gb18030', () => {
    const bytes = gbkBytes(csvOf('tc,city,铜川市,,610200', 'wy,district,王益区,tc,610202'));
    expect(expectCivicGridError(() => parseHierarchyCsv(bytes), 'VALIDATION_FAILED').issues).toEqual([
      { path: [2], message: "line 2 is not valid UTF-8; if the file is GBK or GB18030 (as Excel in China saves it), pass { encoding: 'gb18030' }" },
    ]);
    expect(parseHierarchyCsv(bytes, { encoding: 'gb18030' }).get('wy')?.name).toBe('王益区');
    expect(parseHierarchyCsv(new TextEncoder().encode(`\uFEFF${csvOf('tc,city,铜川市,,')}`)).root.name).toBe('铜川市');
    expect(expectCivicGridError(() => parseHierarchyCsv(bytes, { encoding: 'gbk' as 'gb18030' }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['encoding']);
  });
});

describe('hierarchyToCsv', () => {
  it('writes the header and one row per node, parents first, and reads back identically', () => {
    const hierarchy = createHierarchy(SMALL_CITY);
    const csv = hierarchyToCsv(hierarchy);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines[1]).toBe('tc,city,铜川市,,610200');
    expect(lines).toHaveLength(20);
    expect(parseHierarchyCsv(csv).toJSON()).toEqual(hierarchy.toJSON());
  });

  it('quotes fields that need it', () => {
    const hierarchy = createHierarchy([{ id: 'a,b', level: 'city', name: 'say "hi"\nthere', parentId: null }]);
    const csv = hierarchyToCsv(hierarchy);
    expect(csv).toBe(`${HEADER}\n"a,b",city,"say ""hi""\nthere",,\n`);
    expect(parseHierarchyCsv(csv).toJSON()).toEqual(hierarchy.toJSON());
  });
});
