import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CivicGridError, createHierarchy, fromJSON, type HierarchyNode, hierarchyToCsv, parseHierarchyCsv } from '../../../src/index.js';
import {
  expectHierarchyInvariants,
  HierarchyModel,
  updateSequenceArbitrary,
  validHierarchyNodesArbitrary,
} from '../../support/hierarchy-arbitraries.js';

const RUNS = { numRuns: 100 };

describe('Hierarchy properties', () => {
  it('any valid hierarchy is accepted, in any order, and keeps every invariant', () => {
    fc.assert(
      fc.property(
        validHierarchyNodesArbitrary().chain((nodes) => fc.tuple(fc.constant(nodes), fc.shuffledSubarray(nodes, { minLength: nodes.length }))),
        ([nodes, shuffled]) => {
          const hierarchy = createHierarchy(nodes);
          // toJSON lists depth first, children in input order.
          expect(hierarchy.toJSON().nodes).toEqual(new HierarchyModel(nodes).nodes());
          expectHierarchyInvariants(hierarchy);
          const fromShuffled = createHierarchy(shuffled);
          const byId = (a: HierarchyNode, b: HierarchyNode) => a.id.localeCompare(b.id);
          expect(fromShuffled.nodes().sort(byId)).toEqual([...nodes].sort(byId));
        },
      ),
      RUNS,
    );
  });

  it('any sequence of valid updates keeps every invariant, matches a plain model, and leaves each earlier version untouched', () => {
    fc.assert(
      fc.property(validHierarchyNodesArbitrary({ maxNodes: 25 }), updateSequenceArbitrary(), (nodes, ops) => {
        const model = new HierarchyModel(nodes);
        let hierarchy = createHierarchy(nodes);
        const versions = [{ hierarchy, json: hierarchy.toJSON() }];
        for (const op of ops) {
          hierarchy = model.apply(hierarchy, op);
          expect(hierarchy.toJSON().nodes).toEqual(model.nodes());
          expectHierarchyInvariants(hierarchy);
          versions.push({ hierarchy, json: hierarchy.toJSON() });
        }
        for (const version of versions) expect(version.hierarchy.toJSON()).toEqual(version.json);
      }),
      RUNS,
    );
  });

  it('fromJSON(toJSON(h)) equals h, after any updates', () => {
    fc.assert(
      fc.property(validHierarchyNodesArbitrary({ maxNodes: 25 }), updateSequenceArbitrary({ maxLength: 10 }), (nodes, ops) => {
        const model = new HierarchyModel(nodes);
        const hierarchy = ops.reduce((current, op) => model.apply(current, op), createHierarchy(nodes));
        const json = hierarchy.toJSON();
        expect(fromJSON(json).toJSON()).toEqual(json);
        expect(fromJSON(JSON.parse(JSON.stringify(json))).toJSON()).toEqual(json);
      }),
      RUNS,
    );
  });

  it('hierarchyToCsv then parseHierarchyCsv gives back the same hierarchy, whatever the names', () => {
    fc.assert(
      fc.property(validHierarchyNodesArbitrary(), (nodes) => {
        const hierarchy = createHierarchy(nodes);
        expect(parseHierarchyCsv(hierarchyToCsv(hierarchy)).toJSON()).toEqual(hierarchy.toJSON());
      }),
      RUNS,
    );
  });

  it('move never orphans a household: every household keeps its building, and the moved subtree moves whole', () => {
    fc.assert(
      fc.property(validHierarchyNodesArbitrary({ maxNodes: 40 }), fc.nat(), fc.nat(), (nodes, pick, targetPick) => {
        const hierarchy = createHierarchy(nodes);
        const movable = hierarchy.nodes().filter((node) => node.parentId !== null);
        const node = movable[pick % Math.max(1, movable.length)];
        if (node === undefined) return;
        const sameLevelAsParent = hierarchy.atLevel(hierarchy.levelOf(node.parentId as string));
        const target = sameLevelAsParent[targetPick % sameLevelAsParent.length] as HierarchyNode;
        let moved;
        try {
          moved = hierarchy.move(node.id, target.id);
        } catch (error) {
          // Only a code that does not extend the new parent's may refuse the move.
          expect(error).toBeInstanceOf(CivicGridError);
          expect((error as CivicGridError).issues).toEqual([{ path: ['newParentId'], message: expect.stringContaining('does not extend') }]);
          return;
        }
        expect(moved.size).toBe(hierarchy.size);
        expect(moved.descendants(node.id)).toEqual(hierarchy.descendants(node.id));
        for (const household of moved.atLevel('household')) {
          expect(moved.parent(household.id)?.level).toBe('building');
          expect(moved.ancestors(household.id).at(-1)?.id).toBe(moved.rootId);
        }
        expectHierarchyInvariants(moved);
      }),
      RUNS,
    );
  });

  it('ancestors and descendants agree: b is below a exactly when a is above b', () => {
    fc.assert(
      fc.property(validHierarchyNodesArbitrary({ maxNodes: 30 }), (nodes) => {
        const hierarchy = createHierarchy(nodes);
        const all = hierarchy.nodes();
        const descendantIds = new Map(all.map((a) => [a.id, new Set(hierarchy.descendants(a.id).map((node) => node.id))]));
        for (const b of all) {
          const ancestorIds = new Set(hierarchy.ancestors(b.id).map((node) => node.id));
          expect(hierarchy.pathOf(b.id)).toEqual([...hierarchy.ancestors(b.id)].reverse().map((node) => node.id).concat(b.id));
          for (const a of all) {
            expect(descendantIds.get(a.id)?.has(b.id)).toBe(ancestorIds.has(a.id));
            expect(hierarchy.isWithin(b.id, a.id)).toBe(a.id === b.id || ancestorIds.has(a.id));
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('distance is a metric over tree hops through the lowest common ancestor', () => {
    fc.assert(
      fc.property(validHierarchyNodesArbitrary({ maxNodes: 30 }), fc.nat(), fc.nat(), (nodes, i, j) => {
        const hierarchy = createHierarchy(nodes);
        const all = hierarchy.nodes();
        const a = (all[i % all.length] as HierarchyNode).id;
        const b = (all[j % all.length] as HierarchyNode).id;
        const common = hierarchy.lowestCommonAncestor(a, b).id;
        expect(hierarchy.isWithin(a, common) && hierarchy.isWithin(b, common)).toBe(true);
        expect(hierarchy.distance(a, b)).toBe(hierarchy.distance(b, a));
        expect(hierarchy.distance(a, b)).toBe(hierarchy.distance(a, common) + hierarchy.distance(common, b));
        expect(hierarchy.distance(a, b) === 0).toBe(a === b);
      }),
      RUNS,
    );
  });
});
