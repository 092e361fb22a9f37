import { describe, expect, it } from 'vitest';
import { createHierarchy, type Hierarchy, type HierarchyNode } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { expectHierarchyInvariants } from '../../support/hierarchy-arbitraries.js';
import { SMALL_CITY } from '../../support/small-city.js';

const ids = (nodes: readonly HierarchyNode[]) => nodes.map((node) => node.id);

/** Runs a failing update and checks the hierarchy it was called on is untouched. */
function expectRefused(hierarchy: Hierarchy, update: (h: Hierarchy) => unknown, code: 'VALIDATION_FAILED' | 'NOT_FOUND' | 'CONFLICT') {
  const before = hierarchy.toJSON();
  const error = expectCivicGridError(() => update(hierarchy), code);
  expect(hierarchy.toJSON()).toEqual(before);
  return error;
}

describe('Hierarchy.add', () => {
  const hierarchy = createHierarchy(SMALL_CITY);

  it('adds one node and leaves the old hierarchy untouched', () => {
    const before = hierarchy.toJSON();
    const next = hierarchy.add({ id: 'b5', level: 'building', name: '5号楼', parentId: 'g2' });
    expect(next).not.toBe(hierarchy);
    expect(next.size).toBe(20);
    expect(next.parent('b5')?.id).toBe('g2');
    expect(next.childIds('g2')).toEqual(['b5']);
    expect(Object.isFrozen(next.get('b5'))).toBe(true);
    expect(hierarchy.has('b5')).toBe(false);
    expect(hierarchy.childIds('g2')).toEqual([]);
    expect(hierarchy.toJSON()).toEqual(before);
    expectHierarchyInvariants(next);
  });

  it('appends to the existing children in order', () => {
    const next = hierarchy.add({ id: 'b9', level: 'building', name: '9号楼', parentId: 'g1' });
    expect(next.childIds('g1')).toEqual(['b1', 'b2', 'b9']);
  });

  it('adds a batch whose children come before their parents, with codes checked against new parents', () => {
    const next = hierarchy.add([
      { id: 'h8', level: 'household', name: '801室', parentId: 'b8' },
      { id: 'b8', level: 'building', name: '8号楼', parentId: 'g5' },
      { id: 'g5', level: 'grid', name: '第2网格', parentId: 'c3', code: '610203001001002' },
    ]);
    expect(next.size).toBe(22);
    expect(next.pathOf('h8')).toEqual(['tc', 'yt', 's2', 'c3', 'g5', 'b8', 'h8']);
    expectHierarchyInvariants(next);
    expect(hierarchy.size).toBe(19);
  });

  it('accepts an empty batch', () => {
    expect(hierarchy.add([]).toJSON()).toEqual(hierarchy.toJSON());
  });

  it('lists every problem in a batch with its index, and adds nothing', () => {
    const error = expectRefused(
      hierarchy,
      (h) =>
        h.add([
          { id: 'ok', level: 'building', name: 'fine', parentId: 'g2' },
          { id: 'b1', level: 'building', name: 'taken', parentId: 'g2' },
          { id: 'r2', level: 'city', name: 'second root', parentId: null },
          { id: 'bx', level: 'building', name: 'orphan', parentId: 'ghost' },
          { id: 'bw', level: 'building', name: 'wrong level', parentId: 'c1' },
          { id: 'gx', level: 'grid', name: 'bad code', parentId: 'c1', code: '61020200100209' },
        ]),
      'VALIDATION_FAILED',
    );
    expect(error.issues).toEqual([
      { path: [1, 'id'], message: 'duplicate id "b1": already in the hierarchy' },
      { path: [2, 'parentId'], message: 'second root "r2": the hierarchy already has root "tc"' },
      { path: [3, 'parentId'], message: 'orphan: building "bx" names unknown parent "ghost"' },
      { path: [4, 'parentId'], message: 'building "bw" must sit under a grid, but parent "c1" is a community' },
      { path: [5, 'code'], message: expect.stringMatching(/code "61020200100209".*does not extend code "610202001001"/) },
    ]);
  });

  it('reports each id repeated within one batch, naming it and its index (regression: was one anonymous count)', () => {
    const error = expectRefused(
      hierarchy,
      (h) =>
        h.add([
          { id: 'dup', level: 'building', name: 'a', parentId: 'g2' },
          { id: 'dup', level: 'building', name: 'b', parentId: 'g2' },
          { id: 'twice', level: 'building', name: 'c', parentId: 'g3' },
          { id: 'twice', level: 'building', name: 'd', parentId: 'g3' },
        ]),
      'VALIDATION_FAILED',
    );
    expect(error.issues).toEqual([
      { path: [1, 'id'], message: 'duplicate id "dup" (first at index 0)' },
      { path: [3, 'id'], message: 'duplicate id "twice" (first at index 2)' },
    ]);
  });

  it('refuses a division code already in the hierarchy or repeated in the batch (regression: duplicates were added)', () => {
    const issues = expectRefused(
      hierarchy,
      (h) =>
        h.add([
          { id: 'g5', level: 'grid', name: 'x', parentId: 'c1', code: '61020200100101' },
          { id: 'g6', level: 'grid', name: 'y', parentId: 'c1', code: '61020200100109' },
          { id: 'g7', level: 'grid', name: 'z', parentId: 'c1', code: '61020200100109' },
        ]),
      'VALIDATION_FAILED',
    ).issues;
    expect(issues).toEqual([
      { path: [0, 'code'], message: 'duplicate code "61020200100101": grid "g5" has the code of grid "g1" (already in the hierarchy)' },
      { path: [2, 'code'], message: 'duplicate code "61020200100109": grid "g7" has the code of grid "g6" (first at index 1)' },
    ]);
  });

  it('frees the code of a removed node for a new one, and keeps codes through moves and renames', () => {
    const next = hierarchy.remove('g2', { cascade: true }).add({ id: 'g5', level: 'grid', name: 'new', parentId: 'c1', code: '61020200100102' });
    expect(next.get('g5')?.code).toBe('61020200100102');
    const moved = hierarchy.move('b1', 'g2').rename('g1', 'renamed');
    expectRefused(moved, (h) => h.add({ id: 'g5', level: 'grid', name: 'x', parentId: 'c1', code: '61020200100101' }), 'VALIDATION_FAILED');
  });

  it('validates each node against the schema, listing every bad field', () => {
    const error = expectRefused(
      hierarchy,
      (h) => h.add([{ id: 'b7', level: 'building', name: '', parentId: 'g2' }, { id: 'g7', level: 'grid', name: 'x', parentId: 'c1', code: '123' }] as HierarchyNode[]),
      'VALIDATION_FAILED',
    );
    expect(error.issues).toEqual([
      { path: [0, 'name'], message: 'name must not be empty' },
      { path: [1, 'code'], message: expect.stringContaining('a grid code has 14 or 15 digits') },
    ]);
  });
});

describe('Hierarchy.move', () => {
  const hierarchy = createHierarchy(SMALL_CITY);

  it('moves a building to another grid of the same community; its households go with it', () => {
    const before = hierarchy.toJSON();
    const next = hierarchy.move('b1', 'g2');
    expect(next.parent('b1')?.id).toBe('g2');
    expect(next.childIds('g1')).toEqual(['b2']);
    expect(next.childIds('g2')).toEqual(['b1']);
    expect(next.pathOf('h1')).toEqual(['tc', 'wy', 's1', 'c1', 'g2', 'b1', 'h1']);
    expect(Object.isFrozen(next.get('b1'))).toBe(true);
    expect(hierarchy.toJSON()).toEqual(before);
    expect(hierarchy.parent('b1')?.id).toBe('g1');
    expectHierarchyInvariants(next);
  });

  it('moves a building to a grid of another community and district', () => {
    const next = hierarchy.move('b1', 'g4');
    expect(ids(next.ancestors('h2'))).toEqual(['b1', 'g4', 'c3', 's2', 'yt', 'tc']);
    expect(ids(next.descendants('c1'))).toEqual(['g1', 'b2', 'g2']);
    expect(next.size).toBe(hierarchy.size);
    expectHierarchyInvariants(next);
  });

  it('returns the same hierarchy when the parent does not change', () => {
    expect(hierarchy.move('b1', 'g1')).toBe(hierarchy);
  });

  it('re-checks codes: a coded grid cannot move to a community its code does not extend', () => {
    const error = expectRefused(hierarchy, (h) => h.move('g1', 'c2'), 'VALIDATION_FAILED');
    expect(error.issues).toEqual([{ path: ['newParentId'], message: 'code "61020200100101" of grid "g1" does not extend code "610202001002" of its parent "c2"' }]);
  });

  it('moves a grid whose code extends the new community, or one without a code', () => {
    // An uncoded community may hold a grid coded for another community.
    const uncodedC1 = SMALL_CITY.map((node) => (node.id === 'c1' ? { id: 'c1', level: 'community' as const, name: node.name, parentId: 's1' } : node));
    const withGrids = createHierarchy(uncodedC1).add([
      { id: 'gc', level: 'grid', name: 'coded', parentId: 'c1', code: '61020200100299' },
      { id: 'gu', level: 'grid', name: 'uncoded', parentId: 'c1' },
    ]);
    expect(withGrids.move('gc', 'c2').parent('gc')?.id).toBe('c2');
    expect(withGrids.move('gu', 'c3').parent('gu')?.id).toBe('c3');
  });

  it('refuses a parent at the wrong level, and the root', () => {
    expect(expectRefused(hierarchy, (h) => h.move('b1', 'c2'), 'VALIDATION_FAILED').issues).toEqual([
      { path: ['newParentId'], message: 'building "b1" must sit under a grid, but parent "c2" is a community' },
    ]);
    expect(expectRefused(hierarchy, (h) => h.move('b1', 'h3'), 'VALIDATION_FAILED').issues).toEqual([
      { path: ['newParentId'], message: 'building "b1" must sit under a grid, but parent "h3" is a household' },
    ]);
    expect(expectRefused(hierarchy, (h) => h.move('tc', 'wy'), 'VALIDATION_FAILED').issues).toEqual([{ path: ['id'], message: 'cannot move the root "tc"' }]);
  });

  it('throws NOT_FOUND for an unknown node or parent', () => {
    expect(expectRefused(hierarchy, (h) => h.move('ghost', 'g2'), 'NOT_FOUND').message).toContain('"ghost"');
    expect(expectRefused(hierarchy, (h) => h.move('b1', 'ghost'), 'NOT_FOUND').message).toContain('"ghost"');
  });

  it('rejects non-string or empty ids, listing both', () => {
    const error = expectRefused(hierarchy, (h) => h.move('' as string, 7 as unknown as string), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([[0], [1]]);
  });
});

describe('Hierarchy.remove', () => {
  const hierarchy = createHierarchy(SMALL_CITY);

  it('removes a leaf', () => {
    const next = hierarchy.remove('h3');
    expect(next.has('h3')).toBe(false);
    expect(next.childIds('b3')).toEqual([]);
    expect(next.size).toBe(18);
    expect(hierarchy.has('h3')).toBe(true);
    expectHierarchyInvariants(next);
  });

  it('refuses a node with children unless cascading: CONFLICT, nothing removed', () => {
    const error = expectRefused(hierarchy, (h) => h.remove('b1'), 'CONFLICT');
    expect(error.message).toContain('"b1"');
    expect(error.message).toContain('cascade');
    expect(error.issues).toEqual([{ path: ['id'], message: '"b1" has children' }]);
    expect(expectRefused(hierarchy, (h) => h.remove('b1', { cascade: false }), 'CONFLICT').code).toBe('CONFLICT');
  });

  it('cascades to the whole subtree', () => {
    const before = hierarchy.toJSON();
    const next = hierarchy.remove('c1', { cascade: true });
    for (const id of ['c1', 'g1', 'g2', 'b1', 'b2', 'h1', 'h2']) expect(next.has(id)).toBe(false);
    expect(next.size).toBe(12);
    expect(next.childIds('s1')).toEqual(['c2']);
    expect(ids(next.descendants('wy'))).toEqual(['s1', 'c2', 'g3', 'b3', 'h3']);
    expect(hierarchy.toJSON()).toEqual(before);
    expectHierarchyInvariants(next);
  });

  it('lets a removed id be added again', () => {
    const next = hierarchy.remove('b1', { cascade: true }).add({ id: 'b1', level: 'building', name: 'rebuilt', parentId: 'g4' });
    expect(next.parent('b1')?.id).toBe('g4');
    expect(next.children('b1')).toEqual([]);
    expectHierarchyInvariants(next);
  });

  it('refuses the root, an unknown id and bad options', () => {
    expect(expectRefused(hierarchy, (h) => h.remove('tc', { cascade: true }), 'VALIDATION_FAILED').issues).toEqual([{ path: ['id'], message: 'cannot remove the root "tc"' }]);
    expect(expectRefused(hierarchy, (h) => h.remove('ghost'), 'NOT_FOUND').message).toContain('"ghost"');
    expect(expectRefused(hierarchy, (h) => h.remove(''), 'VALIDATION_FAILED').issues).toEqual([{ path: [], message: 'id must not be empty' }]);
    const error = expectRefused(hierarchy, (h) => h.remove('h1', { cascade: 'yes', force: true } as unknown as { cascade: boolean }), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([['cascade'], []]);
  });
});

describe('Hierarchy.rename', () => {
  const hierarchy = createHierarchy(SMALL_CITY);

  it('changes the name only, and leaves the old hierarchy untouched', () => {
    const next = hierarchy.rename('c1', '金谷新社区');
    expect(next.get('c1')).toEqual({ ...SMALL_CITY[5], name: '金谷新社区' });
    expect(Object.isFrozen(next.get('c1'))).toBe(true);
    expect(hierarchy.get('c1')?.name).toBe('金谷社区');
    expect(ids(next.children('c1'))).toEqual(['g1', 'g2']);
    expectHierarchyInvariants(next);
  });

  it('refuses an empty or non-string name and an unknown id', () => {
    expect(expectRefused(hierarchy, (h) => h.rename('c1', ''), 'VALIDATION_FAILED').issues).toEqual([{ path: [], message: 'name must not be empty' }]);
    expect(expectRefused(hierarchy, (h) => h.rename('c1', 5 as unknown as string), 'VALIDATION_FAILED').issues).toEqual([
      { path: [], message: expect.stringContaining('expected string') },
    ]);
    expect(expectRefused(hierarchy, (h) => h.rename('ghost', 'x'), 'NOT_FOUND').message).toContain('"ghost"');
  });
});

describe('Hierarchy updates: structural sharing over many versions', () => {
  it('keeps every earlier version intact through a long chain of updates', () => {
    let current = createHierarchy(SMALL_CITY);
    const versions: { hierarchy: Hierarchy; json: ReturnType<Hierarchy['toJSON']> }[] = [];
    for (let i = 0; i < 60; i++) {
      versions.push({ hierarchy: current, json: current.toJSON() });
      current = current.add({ id: `x${i}`, level: 'building', name: `${i}`, parentId: i % 2 === 0 ? 'g2' : 'g3' });
      if (i % 3 === 0) current = current.move(`x${i}`, 'g4');
      if (i % 5 === 0) current = current.remove(`x${i}`);
      if (i % 7 === 0) current = current.rename('g2', `g2 v${i}`);
    }
    for (const { hierarchy, json } of versions) expect(hierarchy.toJSON()).toEqual(json);
    expectHierarchyInvariants(current);
    expect(current.size).toBe(19 + 60 - 12);
  });
});
