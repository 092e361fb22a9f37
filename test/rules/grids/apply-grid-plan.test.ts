import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateGrids, createHierarchy, type GridPlan, type Hierarchy, type HierarchyNode } from '../../../src/index.js';
import { applyGridPlan } from '../../../src/rules/grids/apply-grid-plan.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { smallCityNodes } from '../../support/small-city.js';

/** A plan with only what applyGridPlan reads filled in. */
function planOf(grids: { code: string; buildingIds: string[] }[], communityCode?: string): GridPlan {
  return {
    grids: grids.map((grid) => ({ ...grid, households: 0, centroid: { x: 0, y: 0 } })),
    infeasible: [],
    metrics: { outOfBounds: 0, nonContiguous: 0, meanDistanceToCentroid: 0, polsbyPopper: 0, edgeCutRatio: 0 },
    basis: { buildings: [], adjacency: [], adjacencyDerived: false, minHouseholds: 0, maxHouseholds: 1, ...(communityCode === undefined ? {} : { communityCode }) },
  };
}

describe('applyGridPlan', () => {
  it('moves buildings, adds grids for new codes and removes the grids the plan leaves out', () => {
    const city = createHierarchy(smallCityNodes());
    const before = city.toJSON();
    const applied = applyGridPlan(city, planOf([{ code: '01', buildingIds: ['b1'] }, { code: '03', buildingIds: ['b2'] }]));
    expect(applied.addedGrids).toEqual([{ id: 'g61020200100103', code: '61020200100103' }]);
    expect(applied.removedGridIds).toEqual(['g2']);
    expect(applied.moves).toEqual([
      { buildingId: 'b2', fromGridId: 'g1', toGridId: 'g61020200100103', fromPath: ['tc', 'wy', 's1', 'c1', 'g1', 'b2'], toPath: ['tc', 'wy', 's1', 'c1', 'g61020200100103', 'b2'] },
    ]);
    const { hierarchy } = applied;
    expect(hierarchy.get('g61020200100103')).toEqual({ id: 'g61020200100103', level: 'grid', name: '第3网格', parentId: 'c1', code: '61020200100103' });
    expect(hierarchy.childIds('c1')).toEqual(['g1', 'g61020200100103']);
    expect(hierarchy.childIds('b1')).toEqual(['h1', 'h2']);
    expect(hierarchy.has('g2')).toBe(false);
    // Pure: the input hierarchy is untouched.
    expect(city.toJSON()).toEqual(before);
  });

  it('takes a plan made with the community code as it is, and a second application changes nothing', () => {
    const city = createHierarchy(smallCityNodes());
    const plan = planOf([{ code: '61020200100102', buildingIds: ['b1', 'b2'] }], '610202001001');
    const once = applyGridPlan(city, plan);
    expect([once.moves.map((move) => move.buildingId), once.addedGrids, once.removedGridIds]).toEqual([['b1', 'b2'], [], ['g1']]);
    const twice = applyGridPlan(once.hierarchy, plan);
    expect([twice.moves, twice.addedGrids, twice.removedGridIds]).toEqual([[], [], []]);
    expect(twice.hierarchy.toJSON()).toEqual(once.hierarchy.toJSON());
  });

  it('lists every problem with the plan and its path', () => {
    const city = createHierarchy(smallCityNodes());
    const error = expectCivicGridError(
      () =>
        applyGridPlan(
          city,
          planOf([
            { code: '01', buildingIds: ['b1', 'b3'] },
            { code: '01', buildingIds: ['b1', 'h1', 'nowhere'] },
          ]),
        ),
      'VALIDATION_FAILED',
    );
    expect(error.issues).toEqual([
      { path: ['grids', 0, 'buildingIds', 1], message: 'building "b3" is not in community "c1"' },
      { path: ['grids', 1, 'buildingIds', 0], message: 'building "b1" is in two grids of the plan' },
      { path: ['grids', 1, 'buildingIds', 1], message: '"h1" is a household, not a building' },
      { path: ['grids', 1, 'buildingIds', 2], message: 'unknown building "nowhere"' },
      { path: ['grids'], message: 'building "b2" of community "c1" is in no grid of the plan' },
      { path: ['grids', 1, 'code'], message: 'grid code "61020200100101" appears twice' },
    ]);
    expect(expectCivicGridError(() => applyGridPlan(city, planOf([{ code: '61020200200101', buildingIds: ['b1', 'b2'] }], '610202001002')), 'VALIDATION_FAILED').issues).toEqual([
      { path: ['basis', 'communityCode'], message: 'the plan is for community code "610202001002", community "c1" has "610202001001"' },
    ]);
    expect(expectCivicGridError(() => applyGridPlan(city, planOf([]), { communityId: 'g1' }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['communityId']);
    const uncoded = createHierarchy(smallCityNodes().map(({ code, ...node }) => (node.level === 'building' ? { ...node, code } : node)) as HierarchyNode[]);
    expect(expectCivicGridError(() => applyGridPlan(uncoded, planOf([{ code: '01', buildingIds: ['b1', 'b2'] }])), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['basis', 'communityCode']);
  });

  it('makes the community hold exactly the plan’s grids; only buildings whose grid changed are moves; nothing else changes', () => {
    // Building ids with path and LIKE metacharacters, some prefixes of others.
    const idOf = (k: number): string => ['b/', 'b%', 'b_', 'bb', '楼'][k % 5] + String(k);
    const world = fc.record({
      households: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 24 }),
      startGrid: fc.array(fc.nat(2), { minLength: 24, maxLength: 24 }),
      maxHouseholds: fc.integer({ min: 60, max: 200 }),
    });
    fc.assert(
      fc.property(world, ({ households, startGrid, maxHouseholds }) => {
        const nodes: HierarchyNode[] = smallCityNodes().filter((node) => !['g1', 'g2', 'b1', 'b2', 'h1', 'h2'].includes(node.id));
        nodes.push({ id: 'g1', level: 'grid', name: '第1网格', parentId: 'c1', code: '61020200100101' }, { id: 'g2', level: 'grid', name: '第2网格', parentId: 'c1', code: '61020200100102' }, { id: 'old', level: 'grid', name: '旧网格', parentId: 'c1' });
        const startIds = ['g1', 'g2', 'old'];
        households.forEach((_, k) => nodes.push({ id: idOf(k), level: 'building', name: `${k}号楼`, parentId: startIds[startGrid[k] as number] as string }, { id: `${idOf(k)}-h`, level: 'household', name: '101室', parentId: idOf(k) }));
        const before = createHierarchy(nodes);
        const plan = allocateGrids({
          buildings: households.map((count, k) => ({ id: idOf(k), households: count, x: (k % 5) * 40, y: Math.floor(k / 5) * 40 })),
          minHouseholds: 0,
          maxHouseholds,
          communityCode: '610202001001',
        });
        const { hierarchy: after, moves, addedGrids, removedGridIds } = applyGridPlan(before, plan);

        expect(after.childIds('c1').map((id) => after.getOrThrow(id).code).sort()).toEqual(plan.grids.map((grid) => grid.code).sort());
        for (const grid of plan.grids) {
          const gridId = after.childIds('c1').find((id) => after.getOrThrow(id).code === grid.code) as string;
          expect([...after.childIds(gridId)].sort()).toEqual([...grid.buildingIds].sort());
        }
        const changed = households.map((_, k) => idOf(k)).filter((id) => before.getOrThrow(id).parentId !== after.getOrThrow(id).parentId);
        expect(moves.map((move) => move.buildingId)).toEqual([...changed].sort());
        for (const move of moves) expect([move.fromPath, move.toPath]).toEqual([before.pathOf(move.buildingId), after.pathOf(move.buildingId)]);
        expect(addedGrids.every((grid) => !before.has(grid.id) && after.has(grid.id))).toBe(true);
        expect(removedGridIds.every((id) => before.has(id) && !after.has(id))).toBe(true);
        expect(removedGridIds).toContain('old');
        // Households follow their building; the rest of the city is as it was.
        households.forEach((_, k) => expect(after.parent(`${idOf(k)}-h`)?.id).toBe(idOf(k)));
        for (const id of ['c2', 'g3', 'b3', 'h3', 'c3', 'g4', 'b4']) expect(after.get(id)).toEqual(before.get(id));
        expect(applyGridPlan(after, plan).moves).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
