import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateGrids, rebalanceGrids, type GridBuilding, type GridChange, type GridPlan } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { expectPlanRules } from './plan-rules.js';

/** A 12 × 12 block of buildings 30 m apart, 20-40 households each. */
function block(seed: number): GridBuilding[] {
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: 144 }, (_, i) => ({ id: `b${String(i).padStart(3, '0')}`, households: 20 + Math.floor(next() * 21), x: (i % 12) * 30 + next() * 10, y: Math.floor(i / 12) * 30 + next() * 10 }));
}

/** Asserts that every grid not in `touched` is unchanged: same code, same buildings. */
function expectUntouchedKept(before: GridPlan, after: GridPlan, touched: string[]): void {
  const afterByCode = new Map(after.grids.map((g) => [g.code, g]));
  for (const grid of before.grids) {
    if (touched.includes(grid.code)) continue;
    expect(afterByCode.get(grid.code)?.buildingIds, `grid ${grid.code}`).toEqual(grid.buildingIds);
  }
}

const changeArbitrary = (plan: GridPlan): fc.Arbitrary<GridChange> => {
  const ids = plan.basis.buildings.map((b) => b.id);
  return fc
    .record({
      add: fc.array(fc.record({ x: fc.integer({ min: -30, max: 380 }), y: fc.integer({ min: -30, max: 380 }), households: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 80 }) }, { weight: 1, arbitrary: fc.integer({ min: 400, max: 700 }) }) }), { maxLength: 6 }),
      remove: fc.subarray(ids, { maxLength: 6 }),
      households: fc.array(fc.record({ id: fc.constantFrom(...ids), households: fc.integer({ min: 0, max: 120 }) }), { maxLength: 4 }),
    })
    .map(({ add, remove, households }) => ({
      add: add.map((b, i) => ({ id: `new${i}`, ...b })),
      remove,
      households: [...new Map(households.filter((h) => !remove.includes(h.id)).map((h) => [h.id, h])).values()],
    }));
};

describe('rebalanceGrids', () => {
  const plan = allocateGrids({ buildings: block(1), communityCode: '610202001001' });

  it('adds a building to one grid and leaves every other grid alone', () => {
    const target = plan.grids.find((g) => g.households <= 470)!;
    const result = rebalanceGrids(plan, { add: [{ id: 'new', households: 10, x: target.centroid.x + 1, y: target.centroid.y }] });
    expectPlanRules(result.plan);
    expect(result.touchedGrids.length).toBeLessThanOrEqual(3);
    expect(result.moves).toContainEqual({ buildingId: 'new', from: null, to: expect.any(String) });
    expectUntouchedKept(plan, result.plan, result.touchedGrids);
  });

  it('repairs a grid pushed over the maximum by moving few buildings', () => {
    const grid = plan.grids[0]!;
    const result = rebalanceGrids(plan, { households: [{ id: grid.buildingIds[0]!, households: 40 + 500 - grid.households + 60 }] });
    expectPlanRules(result.plan);
    expect(result.plan.metrics.outOfBounds).toBe(0);
    expect(result.touchedGrids.length).toBeLessThanOrEqual(3);
    expectUntouchedKept(plan, result.plan, result.touchedGrids);
  });

  it('splits off an oversize building into its own flagged grid and removes emptied grids', () => {
    const grid = plan.grids[1]!;
    const result = rebalanceGrids(plan, { households: [{ id: grid.buildingIds[0]!, households: 900 }] });
    expectPlanRules(result.plan);
    expect(result.plan.infeasible).toContainEqual(expect.objectContaining({ buildingIds: [grid.buildingIds[0]], reason: expect.stringContaining('oversize') }));
    const emptied = rebalanceGrids(plan, { remove: plan.grids[2]!.buildingIds });
    expectPlanRules(emptied.plan);
    expect(emptied.touchedGrids).toContain(plan.grids[2]!.code);
    expectUntouchedKept(plan, emptied.plan, emptied.touchedGrids);
  });

  it('continues from a plan read back from JSON exactly as from the original', () => {
    const change: GridChange = { add: [{ id: 'z', households: 30, x: 100, y: 100 }], remove: ['b005'] };
    const fromJson = rebalanceGrids(JSON.parse(JSON.stringify(plan)) as GridPlan, change);
    const direct = rebalanceGrids(plan, change);
    expect(fromJson.plan.grids).toEqual(direct.plan.grids);
    expect(fromJson.moves).toEqual(direct.moves);
  });

  it('reports a grid that breaks a hard rule even when the plan it was given did not', () => {
    // A hand-edited plan: two grids swap a building each, so both are split in two, and nothing is listed as infeasible.
    const edited = JSON.parse(JSON.stringify(plan)) as GridPlan;
    const [first, second] = edited.grids;
    const fromFirst = first!.buildingIds.shift()!;
    const fromSecond = second!.buildingIds.pop()!;
    first!.buildingIds.push(fromSecond);
    second!.buildingIds.push(fromFirst);
    edited.infeasible = [];
    const result = rebalanceGrids(edited, {});
    expect(result.plan.metrics.nonContiguous).toBeGreaterThan(0);
    const reported = new Map(result.plan.infeasible.map((entry) => [entry.gridCode, entry.reason]));
    expect(reported.get(first!.code)).toContain('not connected');
    expect(reported.get(second!.code)).toContain('not connected');
    expect(result.plan.infeasible).toHaveLength(result.plan.metrics.nonContiguous);
  });

  it('keeps every rule and leaves untouched grids alone under random changes', () => {
    fc.assert(
      fc.property(changeArbitrary(plan), (change) => {
        const result = rebalanceGrids(plan, change);
        expectPlanRules(result.plan);
        expectUntouchedKept(plan, result.plan, result.touchedGrids);
        const moved = new Set(result.moves.map((m) => m.buildingId));
        const codeAfter = new Map(result.plan.grids.flatMap((g) => g.buildingIds.map((id) => [id, g.code] as const)));
        for (const grid of plan.grids) for (const id of grid.buildingIds) if (!moved.has(id) && codeAfter.has(id)) expect(codeAfter.get(id)).toBe(grid.code);
        const again = rebalanceGrids(result.plan, { add: [{ id: 'again', households: 25, x: 150, y: 150 }] });
        expectPlanRules(again.plan);
      }),
      { numRuns: 40, seed: 3 },
    );
  });

  it('lists every problem with a bad change', () => {
    const error = expectCivicGridError(() =>
      rebalanceGrids(plan, {
        add: [{ id: 'b000', households: 1, x: 0, y: 0 }, { id: 'n', households: -2, x: 0, y: 0 }],
        remove: ['missing'],
        households: [{ id: 'gone', households: 3 }],
        adjacency: [['n', 'nowhere']],
      }),
      'VALIDATION_FAILED',
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        ['add', 0, 'id'],
        ['add', 1, 'households'],
        ['remove', 0],
        ['households', 0, 'id'],
        ['adjacency', 0, 1],
      ]),
    );
    expect(error.issues).toHaveLength(5);
  });

  it('rejects a malformed plan', () => {
    const broken = JSON.parse(JSON.stringify(plan)) as GridPlan;
    broken.grids[0]!.buildingIds.push(broken.grids[1]!.buildingIds[0]!);
    const error = expectCivicGridError(() => rebalanceGrids(broken, {}), 'VALIDATION_FAILED');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues[0]!.message).toContain('two grids');
  });
});
