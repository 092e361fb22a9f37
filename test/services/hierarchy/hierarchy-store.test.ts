import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from 'civic-grid/adapters/memory';
import { createPostgresAdapter } from 'civic-grid/adapters/postgres';
import { createSqliteAdapter } from 'civic-grid/adapters/sqlite';
import { rejection } from 'civic-grid/testing';
import type { StorageAdapter } from '../../../src/adapters/port.js';
import { createStore } from '../../../src/adapters/store.js';
import type { GridPlan } from '../../../src/rules/grids/grid-plan.js';
import { applyGridPlan } from '../../../src/rules/grids/apply-grid-plan.js';
import type { HierarchyNode } from '../../../src/model/hierarchy-node.js';
import { createHierarchy, type Hierarchy } from '../../../src/rules/hierarchy/hierarchy.js';
import { CLAIMING_KINDS } from '../../../src/services/claiming/claiming.js';
import { HIERARCHY_KINDS, loadHierarchy, saveHierarchy } from '../../../src/services/hierarchy/hierarchy-store.js';
import { rescopeMovedBuildings } from '../../../src/services/hierarchy/rescope-moved-buildings.js';
import { openPglite } from '../../adapters/postgres-setup.js';
import { need } from '../claiming/claiming-fixtures.js';
import { smallCityNodes } from '../../support/small-city.js';

const KINDS = { ...HIERARCHY_KINDS, ...CLAIMING_KINDS };

/** The small city plus b10, whose id has b1 as a prefix, in g2. */
function city(): Hierarchy {
  return createHierarchy([...smallCityNodes(), { id: 'b10', level: 'building', name: '10号楼', parentId: 'g2' }]);
}

/** Nodes as a set: a store keeps no sibling order. */
function nodeSet(hierarchy: Hierarchy): unknown[] {
  return hierarchy.nodes().sort((a, b) => (a.id < b.id ? -1 : 1));
}

function planOf(grids: { code: string; buildingIds: string[] }[]): GridPlan {
  return {
    grids: grids.map((grid) => ({ ...grid, households: 0, centroid: { x: 0, y: 0 } })),
    infeasible: [],
    metrics: { outOfBounds: 0, nonContiguous: 0, meanDistanceToCentroid: 0, polsbyPopper: 0, edgeCutRatio: 0 },
    basis: { buildings: [], adjacency: [], adjacencyDerived: false, minHouseholds: 0, maxHouseholds: 1 },
  };
}

async function closeTheLoop(adapter: StorageAdapter): Promise<void> {
  const store = createStore(adapter, { kinds: KINDS, actor: 'c1' });
  const before = city();
  expect(await saveHierarchy(store, before)).toEqual({ inserted: 20, updated: 0, removed: 0, unchanged: 0 });
  expect(nodeSet(await loadHierarchy(store))).toEqual(nodeSet(before));
  // Needs at a building, at a household below it, at the prefix-sharing b10, and at the grid.
  await store.insertMany('need', [
    { value: need('at-b1', 'published', { locationId: 'b1' }), scope: before.pathOf('b1') },
    { value: need('at-h1', 'published', { locationId: 'h1' }), scope: before.pathOf('h1') },
    { value: need('at-h2', 'published', { locationId: 'h2' }), scope: before.pathOf('h2') },
    { value: need('at-b10', 'published', { locationId: 'b10' }), scope: before.pathOf('b10') },
    { value: need('at-g1', 'published', { locationId: 'g1' }), scope: before.pathOf('g1') },
  ]);

  // b1 moves to g2; b2 stays in g1; b10 stays in g2.
  const { hierarchy: after, moves } = applyGridPlan(before, planOf([{ code: '01', buildingIds: ['b2'] }, { code: '02', buildingIds: ['b1', 'b10'] }]));
  expect(moves.map((move) => move.buildingId)).toEqual(['b1']);
  const rescoped = await rescopeMovedBuildings(store, { moves, kinds: ['need', 'claim'], batchSize: 2, actor: 'grid-office' });
  expect(rescoped).toEqual({ updated: 3, batches: 2, byKind: { need: 3, claim: 0 } });
  for (const id of ['at-b1', 'at-h1', 'at-h2', 'at-b10', 'at-g1']) {
    const record = await store.getOrThrow('need', id);
    expect(record.scope, id).toEqual(after.pathOf(record.data.locationId));
  }
  expect((await store.readAudit({ kind: 'need', id: 'at-h1', limit: 5 })).map((entry) => entry.actor)).toEqual(['c1', 'grid-office']);

  // b1 and its two households change scope; b1 changes parent too.
  expect(await saveHierarchy(store, after)).toEqual({ inserted: 0, updated: 3, removed: 0, unchanged: 17 });
  expect(nodeSet(await loadHierarchy(store))).toEqual(nodeSet(after));
  expect(await saveHierarchy(store, after)).toEqual({ inserted: 0, updated: 0, removed: 0, unchanged: 20 });
  await store.close();
}

describe('storing the hierarchy and re-scoping records after a grid plan', () => {
  it('on the memory adapter', async () => {
    await closeTheLoop(createMemoryAdapter());
  });

  it('on SQLite :memory:', async () => {
    await closeTheLoop(await createSqliteAdapter(':memory:'));
  });

  it('on PostgreSQL (PGlite)', async () => {
    const db = await openPglite();
    try {
      await closeTheLoop(await createPostgresAdapter({ pglite: db }));
    } finally {
      await db.close();
    }
  });

  it('after any plan, every record sits at its node’s new path and the stored hierarchy is the new one', async () => {
    // Buildings whose ids are prefixes of each other or carry path and LIKE metacharacters.
    const buildingIds = ['b', 'b1', 'b10', 'b/1', 'b%', 'b_', '楼'];
    const world = fc.record({
      startGrid: fc.array(fc.constantFrom('g1', 'g2'), { minLength: buildingIds.length, maxLength: buildingIds.length }),
      planGrid: fc.array(fc.constantFrom('01', '02', '07'), { minLength: buildingIds.length, maxLength: buildingIds.length }),
      needAt: fc.array(fc.nat(2 * buildingIds.length + 1), { maxLength: 12 }),
      batchSize: fc.integer({ min: 1, max: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(world, async ({ startGrid, planGrid, needAt, batchSize }) => {
        const nodes: HierarchyNode[] = smallCityNodes().filter((node) => !['b1', 'b2', 'h1', 'h2'].includes(node.id));
        buildingIds.forEach((id, k) => nodes.push({ id, level: 'building', name: `${k}号楼`, parentId: startGrid[k] as string }, { id: `${id}-h`, level: 'household', name: '101室', parentId: id }));
        const before = createHierarchy(nodes);
        // Needs at buildings, at households, at the grids and at a building of another community.
        const places = [...buildingIds, ...buildingIds.map((id) => `${id}-h`), 'g1', 'b3'];
        const store = createStore(createMemoryAdapter(), { kinds: KINDS });
        await saveHierarchy(store, before);
        const needs = needAt.map((place, k) => need(`n${k}`, 'published', { locationId: places[place % places.length] as string }));
        if (needs.length > 0) await store.insertMany('need', needs.map((value) => ({ value, scope: before.pathOf(value.locationId) })));

        const grids = [...new Set(planGrid)].map((code) => ({ code, buildingIds: buildingIds.filter((_, k) => planGrid[k] === code) }));
        const { hierarchy: after, moves, removedGridIds } = applyGridPlan(before, planOf(grids));
        const rescoped = await rescopeMovedBuildings(store, { moves, kinds: ['need'], batchSize });
        const shifted = needs.filter((value) => after.has(value.locationId) && before.pathOf(value.locationId).join('\u0000') !== after.pathOf(value.locationId).join('\u0000'));
        expect(rescoped.updated).toBe(shifted.length);
        for (const value of needs) {
          // A record at a grid the plan removed has no node left: it stays where it was, for the app to place.
          const expected = after.has(value.locationId) ? after.pathOf(value.locationId) : before.pathOf(value.locationId);
          expect((await store.getOrThrow('need', value.id)).scope).toEqual(expected);
        }
        // The app's call for records at removed grids: here, up to the community.
        await rescopeMovedBuildings(store, { moves: removedGridIds.map((id) => ({ fromPath: before.pathOf(id), toPath: before.pathOf('c1') })), kinds: ['need'] });
        for (const value of needs.filter((each) => removedGridIds.includes(each.locationId))) expect((await store.getOrThrow('need', value.id)).scope).toEqual(before.pathOf('c1'));
        await saveHierarchy(store, after);
        expect(nodeSet(await loadHierarchy(store))).toEqual(nodeSet(after));
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('saves additions, removals, renames and dropped codes as such', async () => {
    const store = createStore(createMemoryAdapter(), { kinds: HIERARCHY_KINDS });
    await saveHierarchy(store, city());
    const changed = city().remove('b10').rename('g2', '新网格').add({ id: 'h4', level: 'household', name: '201室', parentId: 'b4' });
    expect(await saveHierarchy(store, changed)).toEqual({ inserted: 1, updated: 1, removed: 1, unchanged: 18 });
    const uncoded = createHierarchy(changed.nodes().map(({ code, ...node }) => (node.id === 'g4' ? node : { ...node, ...(code === undefined ? {} : { code }) })));
    expect(await saveHierarchy(store, uncoded, { actor: 'registrar' })).toEqual({ inserted: 0, updated: 1, removed: 0, unchanged: 19 });
    expect((await loadHierarchy(store)).get('g4')).toEqual({ id: 'g4', level: 'grid', name: '第1网格', parentId: 'c3' });
  });

  it('saves a changed, added or dropped area and English name (regression: only level, name, parent and code were compared)', async () => {
    const store = createStore(createMemoryAdapter(), { kinds: HIERARCHY_KINDS });
    await saveHierarchy(store, city());
    const withNode = (hierarchy: Hierarchy, id: string, change: (node: HierarchyNode) => HierarchyNode) => createHierarchy(hierarchy.nodes().map((node) => (node.id === id ? change(node) : node)));
    const rural = withNode(withNode(city(), 'c3', (node) => ({ ...node, area: 'rural' })), 'g2', (node) => ({ ...node, nameEn: 'Grid 2' }));
    expect(await saveHierarchy(store, rural)).toEqual({ inserted: 0, updated: 2, removed: 0, unchanged: 18 });
    expect(nodeSet(await loadHierarchy(store))).toEqual(nodeSet(rural));
    expect((await loadHierarchy(store)).get('c3')?.area).toBe('rural');
    const urban = withNode(rural, 'c3', (node) => ({ ...node, area: 'urban' }));
    expect(await saveHierarchy(store, urban)).toEqual({ inserted: 0, updated: 1, removed: 0, unchanged: 19 });
    const unrecorded = withNode(withNode(urban, 'c3', ({ area, ...node }) => node), 'g2', ({ nameEn, ...node }) => node);
    expect(await saveHierarchy(store, unrecorded)).toEqual({ inserted: 0, updated: 2, removed: 0, unchanged: 18 });
    expect(nodeSet(await loadHierarchy(store))).toEqual(nodeSet(city()));
  });

  it('refuses bad input and an empty store, writing nothing', async () => {
    const store = createStore(createMemoryAdapter(), { kinds: KINDS });
    expect((await rejection(loadHierarchy(store))).code).toBe('NOT_FOUND');
    expect((await rejection(saveHierarchy(store, {} as Hierarchy))).issues[0]?.path).toEqual(['hierarchy']);
    await store.insert('need', need('n1', 'published', { locationId: 'b1' }), { scope: ['tc', 'wy', 's1', 'c1', 'g1', 'b1'] });
    const bad = await rejection(rescopeMovedBuildings(store, { moves: [{ fromPath: ['tc', 'g1'], toPath: ['tc', 'g1', 'b1'] }, { fromPath: [], toPath: ['x'] }], kinds: ['need'], batchSize: 0 }));
    expect(bad.issues.map((issue) => issue.path)).toEqual([['moves', 1, 'fromPath'], ['batchSize']]);
    const under = await rejection(rescopeMovedBuildings(store, { moves: [{ fromPath: ['tc', 'g1'], toPath: ['tc', 'g1', 'b1'] }], kinds: ['need'] }));
    expect(under.issues.map((issue) => issue.path)).toEqual([['moves', 0, 'toPath']]);
    const move = { fromPath: ['tc', 'wy', 's1', 'c1', 'g1', 'b1'], toPath: ['tc', 'wy', 's1', 'c1', 'g2', 'b1'] };
    expect((await rejection(rescopeMovedBuildings(store, { moves: [move], kinds: ['need', 'nope' as 'need'] }))).issues[0]?.path).toEqual(['kind']);
    expect((await store.getOrThrow('need', 'n1')).version).toBe(1);
  });
});
