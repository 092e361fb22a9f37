import { describe, expect, it } from 'vitest';
import { createHierarchy, type Hierarchy, type HierarchyNode } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { SMALL_CITY } from '../../support/small-city.js';

const hierarchy = createHierarchy(SMALL_CITY);
const ids = (nodes: readonly HierarchyNode[]) => nodes.map((node) => node.id);

describe('Hierarchy queries', () => {
  it('get returns the node or undefined; has agrees', () => {
    expect(hierarchy.get('g1')).toEqual(SMALL_CITY[8]);
    expect(hierarchy.get('nope')).toBeUndefined();
    expect(hierarchy.has('g1')).toBe(true);
    expect(hierarchy.has('nope')).toBe(false);
  });

  it('getOrThrow returns the node, or NOT_FOUND naming the id', () => {
    expect(hierarchy.getOrThrow('c3').name).toBe('和平社区');
    const error = expectCivicGridError(() => hierarchy.getOrThrow('ghost'), 'NOT_FOUND');
    expect(error.message).toContain('"ghost"');
    expect(error.issues).toEqual([{ path: ['id'], message: 'unknown node "ghost"' }]);
  });

  it('root, size, levelOf', () => {
    expect(hierarchy.root.id).toBe('tc');
    expect(hierarchy.rootId).toBe('tc');
    expect(hierarchy.size).toBe(19);
    expect(hierarchy.levelOf('tc')).toBe('city');
    expect(hierarchy.levelOf('g4')).toBe('grid');
    expect(hierarchy.levelOf('h3')).toBe('household');
  });

  it('parent is the node one level up, null for the root', () => {
    expect(hierarchy.parent('b1')?.id).toBe('g1');
    expect(hierarchy.parent('wy')?.id).toBe('tc');
    expect(hierarchy.parent('tc')).toBeNull();
  });

  it('children and childIds keep input order; a leaf has none', () => {
    expect(ids(hierarchy.children('g1'))).toEqual(['b1', 'b2']);
    expect(hierarchy.childIds('c1')).toEqual(['g1', 'g2']);
    expect(ids(hierarchy.children('tc'))).toEqual(['wy', 'yt']);
    expect(hierarchy.children('h1')).toEqual([]);
    expect(hierarchy.childIds('g2')).toEqual([]);
  });

  it('ancestors run parent first, root last; the root has none', () => {
    expect(ids(hierarchy.ancestors('h1'))).toEqual(['b1', 'g1', 'c1', 's1', 'wy', 'tc']);
    expect(ids(hierarchy.ancestors('g4'))).toEqual(['c3', 's2', 'yt', 'tc']);
    expect(hierarchy.ancestors('tc')).toEqual([]);
  });

  it('pathOf runs root first and includes the node; depthOf counts hops from the root', () => {
    expect(hierarchy.pathOf('h1')).toEqual(['tc', 'wy', 's1', 'c1', 'g1', 'b1', 'h1']);
    expect(hierarchy.pathOf('tc')).toEqual(['tc']);
    expect(hierarchy.depthOf('tc')).toBe(0);
    expect(hierarchy.depthOf('c2')).toBe(3);
    expect(hierarchy.depthOf('h3')).toBe(6);
  });

  it('descendants are depth first with children in order, excluding the node', () => {
    expect(ids(hierarchy.descendants('c1'))).toEqual(['g1', 'b1', 'h1', 'h2', 'b2', 'g2']);
    expect(ids(hierarchy.descendants('yt'))).toEqual(['s2', 'c3', 'g4', 'b4']);
    expect(hierarchy.descendants('h1')).toEqual([]);
    expect(hierarchy.descendants('tc')).toHaveLength(18);
  });

  it('isWithin holds for the node itself and anything above it', () => {
    expect(hierarchy.isWithin('h1', 'c1')).toBe(true);
    expect(hierarchy.isWithin('h1', 'tc')).toBe(true);
    expect(hierarchy.isWithin('h1', 'h1')).toBe(true);
    expect(hierarchy.isWithin('c1', 'h1')).toBe(false);
    expect(hierarchy.isWithin('g4', 'wy')).toBe(false);
    expect(hierarchy.isWithin('h3', 'c1')).toBe(false);
  });

  it('lowestCommonAncestor', () => {
    expect(hierarchy.lowestCommonAncestor('h1', 'h2').id).toBe('b1');
    expect(hierarchy.lowestCommonAncestor('h1', 'b2').id).toBe('g1');
    expect(hierarchy.lowestCommonAncestor('h1', 'h3').id).toBe('s1');
    expect(hierarchy.lowestCommonAncestor('b4', 'h1').id).toBe('tc');
    expect(hierarchy.lowestCommonAncestor('h1', 'c1').id).toBe('c1');
    expect(hierarchy.lowestCommonAncestor('g3', 'g3').id).toBe('g3');
  });

  it('distance counts tree hops through the lowest common ancestor', () => {
    expect(hierarchy.distance('h1', 'h1')).toBe(0);
    expect(hierarchy.distance('h1', 'b1')).toBe(1);
    expect(hierarchy.distance('h1', 'h2')).toBe(2);
    expect(hierarchy.distance('g1', 'g2')).toBe(2);
    expect(hierarchy.distance('g1', 'g3')).toBe(4);
    expect(hierarchy.distance('h1', 'b4')).toBe(11);
    expect(hierarchy.distance('b4', 'h1')).toBe(11);
  });

  it('nodes lists parents before children; atLevel filters by level', () => {
    const all = hierarchy.nodes();
    expect(all).toHaveLength(19);
    const seen = new Set<string>();
    for (const node of all) {
      if (node.parentId !== null) expect(seen.has(node.parentId)).toBe(true);
      seen.add(node.id);
    }
    expect(ids(hierarchy.atLevel('grid'))).toEqual(['g1', 'g2', 'g3', 'g4']);
    expect(ids(hierarchy.atLevel('district'))).toEqual(['wy', 'yt']);
    expect(ids(hierarchy.atLevel('city'))).toEqual(['tc']);
  });

  it('returns frozen nodes and child lists', () => {
    for (const node of hierarchy.nodes()) expect(Object.isFrozen(node)).toBe(true);
    expect(Object.isFrozen(hierarchy.childIds('g1'))).toBe(true);
    expect(() => {
      (hierarchy.getOrThrow('g1') as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    expect(hierarchy.get('g1')?.name).toBe('第1网格');
  });
});

describe('Hierarchy queries: unknown ids', () => {
  const queries: [string, (h: Hierarchy) => unknown][] = [
    ['getOrThrow', (h) => h.getOrThrow('ghost')],
    ['levelOf', (h) => h.levelOf('ghost')],
    ['parent', (h) => h.parent('ghost')],
    ['children', (h) => h.children('ghost')],
    ['childIds', (h) => h.childIds('ghost')],
    ['ancestors', (h) => h.ancestors('ghost')],
    ['pathOf', (h) => h.pathOf('ghost')],
    ['depthOf', (h) => h.depthOf('ghost')],
    ['descendants', (h) => h.descendants('ghost')],
    ['isWithin (node)', (h) => h.isWithin('ghost', 'tc')],
    ['isWithin (ancestor)', (h) => h.isWithin('h1', 'ghost')],
    ['lowestCommonAncestor', (h) => h.lowestCommonAncestor('h1', 'ghost')],
    ['distance', (h) => h.distance('ghost', 'h1')],
  ];
  it.each(queries)('%s throws NOT_FOUND naming the id', (_name, query) => {
    const error = expectCivicGridError(() => query(hierarchy), 'NOT_FOUND');
    expect(error.message).toContain('"ghost"');
    expect(error.issues).toEqual([{ path: ['id'], message: 'unknown node "ghost"' }]);
  });
});
