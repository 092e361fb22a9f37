import { expect } from 'vitest';
import type { GridPlan } from '../../../src/index.js';

/** Asserts the hard rules on a plan, judged against its own basis: every building exactly once, grids connected, every out-of-bounds grid reported. */
export function expectPlanRules(plan: GridPlan): void {
  const { buildings, adjacency, minHouseholds, maxHouseholds } = plan.basis;
  const gridOf = new Map<string, string>();
  for (const grid of plan.grids) {
    for (const id of grid.buildingIds) {
      expect(gridOf.has(id), `building ${id} in two grids`).toBe(false);
      gridOf.set(id, grid.code);
    }
  }
  expect([...gridOf.keys()].sort()).toEqual(buildings.map((b) => b.id).sort());
  const neighbours = new Map<string, string[]>(buildings.map((b) => [b.id, []]));
  for (const [a, b] of adjacency) {
    neighbours.get(a)!.push(b);
    neighbours.get(b)!.push(a);
  }
  const households = new Map(buildings.map((b) => [b.id, b.households]));
  const reported = new Set(plan.infeasible.map((entry) => entry.gridCode));
  for (const grid of plan.grids) {
    const inside = new Set(grid.buildingIds);
    const reached = new Set([grid.buildingIds[0]!]);
    const stack = [grid.buildingIds[0]!];
    while (stack.length > 0) {
      for (const u of neighbours.get(stack.pop()!)!) {
        if (inside.has(u) && !reached.has(u)) {
          reached.add(u);
          stack.push(u);
        }
      }
    }
    const total = grid.buildingIds.reduce((sum, id) => sum + households.get(id)!, 0);
    expect(grid.households).toBe(total);
    // Ordinary grids are connected by construction; only a site's own buildings may be apart, and then it is reported.
    if (grid.site === undefined) expect(reached.size, `grid ${grid.code} is not connected`).toBe(inside.size);
    else if (reached.size !== inside.size) expect(reported.has(grid.code), `site grid ${grid.code} is not connected and not reported`).toBe(true);
    if (grid.site === undefined && (total < minHouseholds || total > maxHouseholds)) {
      expect(reported.has(grid.code), `grid ${grid.code} holds ${total} and is not reported`).toBe(true);
    }
  }
}
