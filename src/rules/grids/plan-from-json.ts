import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { LayeredMap } from '../hierarchy/layered-map.js';
import { edgesFromPairs } from './allocate-grids.js';
import { sequenceOf } from './grid-codes.js';
import { AdjacencyPairSchema, GridBuildingSchema } from './grid-input.js';
import { GridStatsCalculator } from './grid-metrics.js';
import type { GridPlan } from './grid-plan.js';
import { csrFromEdges } from './local-graph.js';
import { NeighbourTable } from './neighbour-table.js';
import { compareIds, publicGrid, type GridSlot, type PlanState } from './plan-state.js';

const GridPlanJsonSchema = z.object({
  grids: z.array(z.object({ code: z.string().regex(/^\d+$/, 'a grid code has digits only'), buildingIds: z.array(z.string()), site: z.string().optional() }).loose()),
  infeasible: z.array(z.object({ gridCode: z.string(), reason: z.string() }).loose()),
  basis: z
    .object({
      buildings: z.array(GridBuildingSchema),
      adjacency: z.array(AdjacencyPairSchema),
      adjacencyDerived: z.boolean(),
      minHouseholds: z.number().int().nonnegative(),
      maxHouseholds: z.number().int().positive(),
      communityCode: z.string().regex(/^\d{12}$/).optional(),
      maxNeighbourDistance: z.number().positive().optional(),
    })
    .loose(),
});

/**
 * Rebuilds the rebalancing state of a plan that did not come from this
 * process (read back from JSON). Throws VALIDATION_FAILED when the plan is
 * malformed or its grids do not cover its buildings exactly once.
 */
export function stateFromPlanJson(plan: GridPlan): PlanState {
  const result = GridPlanJsonSchema.safeParse(plan);
  if (!result.success) throw CivicGridError.validation('grid plan', zodIssuesToIssues(result.error), result.error);
  const { grids, infeasible, basis } = result.data;
  const buildings = [...basis.buildings].sort((a, b) => compareIds(a.id, b.id));
  const ids = buildings.map((b) => b.id);
  const index = new Map(ids.map((id, v) => [id, v]));
  const issues: Issue[] = [];
  if (index.size !== ids.length) issues.push({ path: ['basis', 'buildings'], message: 'duplicate building ids' });
  basis.adjacency.forEach((pair, i) => pair.forEach((id, end) => index.has(id) || issues.push({ path: ['basis', 'adjacency', i, end], message: `unknown building "${id}"` })));
  const gridOf = new Int32Array(ids.length).fill(-1);
  grids.forEach((grid, g) =>
    grid.buildingIds.forEach((id, j) => {
      const v = index.get(id);
      if (v === undefined) issues.push({ path: ['grids', g, 'buildingIds', j], message: `unknown building "${id}"` });
      else if (gridOf[v] !== -1) issues.push({ path: ['grids', g, 'buildingIds', j], message: `building "${id}" is in two grids` });
      else gridOf[v] = g;
    }),
  );
  gridOf.forEach((g, v) => {
    if (g === -1) issues.push({ path: ['basis', 'buildings'], message: `building "${ids[v]}" is in no grid` });
  });
  if (issues.length > 0) throw CivicGridError.validation('grid plan', issues);

  const xs = Float64Array.from(buildings, (b) => b.x);
  const ys = Float64Array.from(buildings, (b) => b.y);
  const w = Float64Array.from(buildings, (b) => b.households);
  const edges = edgesFromPairs(basis.adjacency, index);
  const { offsets, targets } = csrFromEdges(ids.length, edges.a, edges.b);
  const adjacency = NeighbourTable.fromRows(offsets, targets);
  const calculator = new GridStatsCalculator({ xs, ys, w, neighbours: (v) => adjacency.neighbours(v) });
  const reasonOf = new Map(infeasible.map((entry) => [entry.gridCode, entry.reason]));
  const communityCode = basis.communityCode;
  const identity = { ids, communityCode };
  const slots: GridSlot[] = grids.map((grid) => {
    const nodes = grid.buildingIds.map((id) => index.get(id) as number).sort((a, b) => a - b);
    const stats = calculator.compute(nodes);
    const site = buildings[nodes[0] as number]?.site;
    return { sequence: sequenceOf(grid.code, communityCode), nodes, site, reason: reasonOf.get(grid.code) ?? null, stats, grid: publicGrid(identity, grid.code, nodes, stats, site) };
  });
  const width = Math.max(2, ...grids.map((grid) => grid.code.length - (communityCode?.length ?? 0)));
  return {
    ids,
    indexOf: LayeredMap.adopt(index),
    xs,
    ys,
    w,
    alive: new Uint8Array(ids.length).fill(1),
    sites: buildings.map((b) => b.site),
    adjacency,
    edgeCount: edges.a.length,
    gridOf,
    slots,
    width,
    nextSequence: Math.max(0, ...slots.map((slot) => slot.sequence)) + 1,
    bounds: { min: basis.minHouseholds, max: basis.maxHouseholds },
    communityCode,
    maxNeighbourDistance: basis.maxNeighbourDistance,
    adjacencyDerived: basis.adjacencyDerived,
  };
}
