import { describe, expect, it } from 'vitest';
import { createHierarchy, type HierarchyNode } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { SMALL_CITY, smallCityNodes } from '../../support/small-city.js';

const city: HierarchyNode = { id: 'tc', level: 'city', name: '铜川市', parentId: null, code: '610200' };
const district: HierarchyNode = { id: 'wy', level: 'district', name: '王益区', parentId: 'tc', code: '610202' };

function issuesOf(nodes: readonly unknown[]) {
  return expectCivicGridError(() => createHierarchy(nodes), 'VALIDATION_FAILED').issues;
}

describe('createHierarchy: valid input', () => {
  it('builds the small city with every level, codes of every length, and free building codes', () => {
    const hierarchy = createHierarchy(SMALL_CITY);
    expect(hierarchy.size).toBe(SMALL_CITY.length);
    expect(hierarchy.root.id).toBe('tc');
    expect(hierarchy.get('g4')?.code).toBe('610203001001001');
    expect(hierarchy.get('b2')?.code).toBe('B-2');
  });

  it('accepts a lone city', () => {
    expect(createHierarchy([city]).size).toBe(1);
  });

  it('accepts children listed before their parents', () => {
    const hierarchy = createHierarchy([...smallCityNodes()].reverse());
    expect(hierarchy.size).toBe(SMALL_CITY.length);
    expect(hierarchy.ancestors('h3').map((node) => node.id)).toEqual(['b3', 'g3', 'c2', 's1', 'wy', 'tc']);
  });

  it('accepts nodes without codes, and a coded child under an uncoded parent', () => {
    const hierarchy = createHierarchy([
      { id: 'tc', level: 'city', name: '铜川市', parentId: null },
      { id: 'wy', level: 'district', name: '王益区', parentId: 'tc', code: '610202' },
      { id: 's1', level: 'street', name: '街道', parentId: 'wy' },
      { id: 'c1', level: 'community', name: '社区', parentId: 's1', code: '999999999999' },
    ]);
    expect(hierarchy.size).toBe(4);
  });

  it('copies its input: later changes to the input objects do not reach the hierarchy', () => {
    const nodes = smallCityNodes();
    const hierarchy = createHierarchy(nodes);
    (nodes[1] as HierarchyNode).name = 'changed';
    nodes.push({ id: 'extra', level: 'building', name: 'x', parentId: 'g2' });
    expect(hierarchy.get('wy')?.name).toBe('王益区');
    expect(hierarchy.has('extra')).toBe(false);
  });
});

describe('createHierarchy: the city → district prefix rule', () => {
  it('lets district 610202 extend city 610200 through the shared first 4 digits', () => {
    expect(createHierarchy([city, district]).get('wy')?.code).toBe('610202');
  });

  it('rejects a district of another prefecture', () => {
    const issues = issuesOf([city, { ...district, code: '610302' }]);
    expect(issues).toEqual([{ path: [1, 'code'], message: expect.stringMatching(/"610302".*does not extend.*"610200"/) }]);
  });

  it('requires a street to extend its whole district code', () => {
    const issues = issuesOf([city, district, { id: 's1', level: 'street', name: '街道', parentId: 'wy', code: '610203001' }]);
    expect(issues).toEqual([{ path: [2, 'code'], message: expect.stringContaining('does not extend code "610202"') }]);
  });

  it('checks community and grid codes against their parents', () => {
    const nodes = smallCityNodes();
    const c1 = nodes.findIndex((node) => node.id === 'c1');
    const g4 = nodes.findIndex((node) => node.id === 'g4');
    nodes[c1] = { ...(nodes[c1] as HierarchyNode), code: '610202002001' };
    nodes[g4] = { ...(nodes[g4] as HierarchyNode), code: '61020200100109' };
    const issues = issuesOf(nodes);
    // g1 and g2 no longer extend c1 either: every violation is listed.
    expect(issues.map((issue) => issue.path)).toEqual([
      [c1, 'code'],
      [8, 'code'],
      [9, 'code'],
      [g4, 'code'],
    ]);
  });
});

describe('createHierarchy: code digit counts per level', () => {
  const cases: [HierarchyNode['level'], string, boolean][] = [
    ['district', '610202', true],
    ['district', '61020', false],
    ['district', '6102021', false],
    ['street', '610202001', true],
    ['street', '61020200', false],
    ['street', '6102020011', false],
    ['community', '610202001001', true],
    ['community', '61020200100', false],
    ['grid', '61020200100101', true],
    ['grid', '610202001001001', true],
    ['grid', '6102020010010', false],
    ['grid', '6102020010010011', false],
    ['street', '61020200a', false],
  ];
  const coded = ['district', 'street', 'community', 'grid'] as const;
  it.each(cases)('%s code %s valid: %s', (level, code, valid) => {
    // Only the digit count is under test: the ancestors carry no codes.
    const chain: HierarchyNode[] = [{ id: 'city', level: 'city', name: 'c', parentId: null }];
    for (const each of coded.slice(0, coded.indexOf(level as (typeof coded)[number]))) {
      chain.push({ id: each, level: each, name: each, parentId: (chain[chain.length - 1] as HierarchyNode).id });
    }
    const node = { id: 'x', level, name: 'x', parentId: (chain[chain.length - 1] as HierarchyNode).id, code };
    if (valid) expect(createHierarchy([...chain, node]).get('x')?.code).toBe(code);
    else expect(issuesOf([...chain, node])).toEqual([{ path: [chain.length, 'code'], message: expect.stringContaining(`a ${level} code`) }]);
  });

  it('takes any non-empty code on buildings and households, but not an empty one', () => {
    const nodes = smallCityNodes();
    nodes.push({ id: 'b9', level: 'building', name: 'x', parentId: 'g2', code: 'any free id 7' });
    expect(createHierarchy(nodes).get('b9')?.code).toBe('any free id 7');
    nodes.push({ id: 'h9', level: 'household', name: 'x', parentId: 'b9', code: '' });
    expect(issuesOf(nodes)).toEqual([{ path: [nodes.length - 1, 'code'], message: 'code must not be empty' }]);
  });
});

describe('createHierarchy: invariant violations', () => {
  it('requires a root: an empty list has none', () => {
    expect(issuesOf([])).toEqual([{ path: [], message: expect.stringContaining('no root') }]);
  });

  it('reports a list where every node names a parent', () => {
    const issues = issuesOf([{ ...city, parentId: 'wy' }, district]);
    expect(issues.map((issue) => issue.message)).toEqual([expect.stringContaining('city "tc" must sit under a nothing'), expect.stringContaining('no root'), expect.stringContaining('cycle')]);
  });

  it('allows exactly one root and names the first', () => {
    const issues = issuesOf([city, district, { ...city, id: 'bj', code: '110000' }, { ...city, id: 'sh', code: '310000' }]);
    expect(issues).toEqual([
      { path: [2, 'parentId'], message: expect.stringMatching(/second root "bj".*first is "tc"/) },
      { path: [3, 'parentId'], message: expect.stringMatching(/second root "sh".*first is "tc"/) },
    ]);
  });

  it('requires the parent at the level directly above: no skipping, no sitting too high', () => {
    const nodes = smallCityNodes();
    nodes.push({ id: 'sx', level: 'street', name: 'x', parentId: 'tc' });
    nodes.push({ id: 'gx', level: 'grid', name: 'x', parentId: 's1' });
    nodes.push({ id: 'hx', level: 'household', name: 'x', parentId: 'g1' });
    nodes.push({ id: 'dx', level: 'district', name: 'x', parentId: 'wy' });
    const issues = issuesOf(nodes);
    const n = SMALL_CITY.length;
    expect(issues).toEqual([
      { path: [n, 'parentId'], message: 'street "sx" must sit under a district, but parent "tc" is a city' },
      { path: [n + 1, 'parentId'], message: 'grid "gx" must sit under a community, but parent "s1" is a street' },
      { path: [n + 2, 'parentId'], message: 'household "hx" must sit under a building, but parent "g1" is a grid' },
      { path: [n + 3, 'parentId'], message: 'district "dx" must sit under a city, but parent "wy" is a district' },
    ]);
  });

  it('reports every duplicate id with the index of the first', () => {
    const nodes = smallCityNodes();
    nodes.push({ id: 'g1', level: 'grid', name: 'again', parentId: 'c2' }, { id: 'h1', level: 'household', name: 'again', parentId: 'b3' });
    const issues = issuesOf(nodes);
    expect(issues).toEqual([
      { path: [SMALL_CITY.length, 'id'], message: 'duplicate id "g1" (first at index 8)' },
      { path: [SMALL_CITY.length + 1, 'id'], message: 'duplicate id "h1" (first at index 16)' },
    ]);
  });

  it('reports every duplicate division code, naming both nodes (regression: two grids coded alike passed)', () => {
    const nodes = smallCityNodes();
    const n = SMALL_CITY.length;
    nodes.push(
      { id: 'g5', level: 'grid', name: '第1网格 again', parentId: 'c1', code: '61020200100101' },
      { id: 'c4', level: 'community', name: '金谷社区 again', parentId: 's1', code: '610202001001' },
      { id: 'g6', level: 'grid', name: '第1网格 third', parentId: 'c1', code: '61020200100101' },
    );
    expect(issuesOf(nodes)).toEqual([
      { path: [n, 'code'], message: 'duplicate code "61020200100101": grid "g5" has the code of grid "g1" (first at index 8)' },
      { path: [n + 1, 'code'], message: 'duplicate code "610202001001": community "c4" has the code of community "c1" (first at index 5)' },
      { path: [n + 2, 'code'], message: 'duplicate code "61020200100101": grid "g6" has the code of grid "g1" (first at index 8)' },
    ]);
  });

  it('lets free building and household codes repeat', () => {
    const nodes = smallCityNodes();
    nodes.push({ id: 'b5', level: 'building', name: '2号楼', parentId: 'g3', code: 'B-2' });
    expect(createHierarchy(nodes).get('b5')?.code).toBe('B-2');
  });

  it('reports every orphan, naming the unknown parent', () => {
    const nodes = smallCityNodes();
    nodes.push({ id: 'bx', level: 'building', name: 'x', parentId: 'g-missing' }, { id: 'hx', level: 'household', name: 'x', parentId: 'b-missing' });
    expect(issuesOf(nodes)).toEqual([
      { path: [SMALL_CITY.length, 'parentId'], message: 'orphan: building "bx" names unknown parent "g-missing"' },
      { path: [SMALL_CITY.length + 1, 'parentId'], message: 'orphan: household "hx" names unknown parent "b-missing"' },
    ]);
  });

  it('reports a cycle, and a node that is its own parent', () => {
    const issues = issuesOf([
      city,
      { id: 'a', level: 'district', name: 'A', parentId: 'b' },
      { id: 'b', level: 'district', name: 'B', parentId: 'a' },
      { id: 'self', level: 'district', name: 'S', parentId: 'self' },
    ]);
    const cycles = issues.filter((issue) => issue.message.startsWith('cycle'));
    expect(cycles).toEqual([
      { path: [1, 'parentId'], message: 'cycle: "a" → "b" → "a"' },
      { path: [3, 'parentId'], message: 'cycle: "self" → "self"' },
    ]);
    // Each looping node is also at the wrong level for its parent.
    expect(issues.filter((issue) => !issue.message.startsWith('cycle')).map((issue) => issue.path)).toEqual([
      [1, 'parentId'],
      [2, 'parentId'],
      [3, 'parentId'],
    ]);
  });
});

describe('createHierarchy: bad input', () => {
  it('lists every schema problem with its path, and builds nothing', () => {
    const issues = issuesOf([city, 42, { id: '', level: 'town', name: '', parentId: 5, extra: true }, { id: 'x', level: 'grid', name: 'x', parentId: 'tc', code: 61020200100101 }]);
    expect(issues).toEqual([
      { path: [1], message: expect.stringContaining('expected object') },
      { path: [2, 'id'], message: 'id must not be empty' },
      { path: [2, 'level'], message: expect.stringContaining('expected one of') },
      { path: [2, 'name'], message: 'name must not be empty' },
      { path: [2, 'parentId'], message: expect.stringContaining('expected string') },
      { path: [2], message: expect.stringContaining('"extra"') },
      { path: [3, 'code'], message: expect.stringContaining('expected string') },
    ]);
  });

  it('reports schema and structural problems together (regression: duplicates and orphans hid behind a schema issue)', () => {
    const nodes: unknown[] = smallCityNodes();
    const n = SMALL_CITY.length;
    nodes.push(
      { id: 'v1', level: 'village', name: '村', parentId: 's1' },
      { id: 'g1', level: 'grid', name: 'again', parentId: 'c2' },
      { id: 'bx', level: 'building', name: 'x', parentId: 'ghost' },
      { id: 'cx', level: 'community', name: '', parentId: 's1', code: '610202001009' },
      // Its parent failed the schema: unchecked, not an orphan.
      { id: 'gx', level: 'grid', name: 'x', parentId: 'cx' },
    );
    expect(issuesOf(nodes)).toEqual([
      { path: [n, 'level'], message: expect.stringContaining('expected one of') },
      { path: [n + 3, 'name'], message: 'name must not be empty' },
      { path: [n + 1, 'id'], message: 'duplicate id "g1" (first at index 8)' },
      { path: [n + 2, 'parentId'], message: 'orphan: building "bx" names unknown parent "ghost"' },
    ]);
  });

  it('does not call a list rootless when the row that fails the schema may be its root', () => {
    expect(issuesOf([{ id: 'tc', level: 'metropolis', name: 'x', parentId: null }, { ...district }])).toEqual([
      { path: [0, 'level'], message: expect.stringContaining('expected one of') },
    ]);
    // A row without an id may be the root, but cannot be the parent a child names.
    expect(issuesOf([42, { ...district }])).toEqual([
      { path: [0], message: expect.stringContaining('expected object') },
      { path: [1, 'parentId'], message: 'orphan: district "wy" names unknown parent "tc"' },
    ]);
    expect(issuesOf([{ id: 'x', level: 'metropolis', name: 'x', parentId: 'y' }, { ...district, parentId: 'x' }])).toEqual([
      { path: [0, 'level'], message: expect.stringContaining('expected one of') },
      { path: [], message: expect.stringContaining('no root') },
    ]);
  });

  it('rejects ids with surrounding white space instead of silently trimming them', () => {
    expect(issuesOf([{ id: ' tc ', level: 'city', name: 'x', parentId: null }])).toEqual([{ path: [0, 'id'], message: 'id must not start or end with white space' }]);
  });

  it('reports a missing field', () => {
    expect(issuesOf([{ id: 'tc', level: 'city', parentId: null }])).toEqual([{ path: [0, 'name'], message: expect.stringContaining('expected string') }]);
  });

  it('rejects a non-array', () => {
    const error = expectCivicGridError(() => createHierarchy('not a list' as unknown as unknown[]), 'VALIDATION_FAILED');
    expect(error.issues).toEqual([{ path: [], message: expect.stringContaining('expected array') }]);
  });

  it('summarises the problems in the message, naming the offending ids', () => {
    const nodes = smallCityNodes();
    nodes.push({ id: 'bx', level: 'building', name: 'x', parentId: 'nope' });
    const error = expectCivicGridError(() => createHierarchy(nodes), 'VALIDATION_FAILED');
    expect(error.message).toBe(`hierarchy: 1 problem: ${SMALL_CITY.length}.parentId: orphan: building "bx" names unknown parent "nope"`);
  });
});
