import type { LayeredMap } from '../hierarchy/layered-map.js';
import type { HouseholdBounds } from './bisect.js';
import { gridCode } from './grid-codes.js';
import { aggregateMetrics, type GridStats } from './grid-metrics.js';
import type { Grid, GridBuilding, GridPlan, GridPlanBasis, InfeasibleGroup } from './grid-plan.js';
import type { NeighbourTable } from './neighbour-table.js';

/** One grid of a plan as rebalancing keeps it: buildings by index, its flag and its metric contributions. */
export interface GridSlot {
  readonly sequence: number;
  /** Building indices. */
  readonly nodes: readonly number[];
  readonly site: string | undefined;
  /** Why the grid breaks a rule, or null. */
  readonly reason: string | null;
  readonly stats: GridStats;
  readonly grid: Grid;
}

/**
 * Everything `rebalanceGrids` needs to change a plan locally. Buildings keep
 * their index for the life of a plan lineage: removed ones are only marked
 * dead and added ones are appended, so untouched grids never need rewriting.
 */
export interface PlanState {
  readonly ids: readonly string[];
  readonly indexOf: LayeredMap<string, number>;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly w: Float64Array;
  readonly alive: Uint8Array;
  readonly sites: readonly (string | undefined)[];
  readonly adjacency: NeighbourTable;
  readonly edgeCount: number;
  /** The slot of each building, -1 once removed. */
  readonly gridOf: Int32Array;
  /** Grids by slot; null for a grid that no longer exists. */
  readonly slots: readonly (GridSlot | null)[];
  readonly width: number;
  readonly nextSequence: number;
  readonly bounds: HouseholdBounds;
  readonly communityCode: string | undefined;
  readonly maxNeighbourDistance: number | undefined;
  readonly adjacencyDerived: boolean;
}

const states = new WeakMap<GridPlan, PlanState>();

export function registeredState(plan: GridPlan): PlanState | undefined {
  return states.get(plan);
}

/** The public grid for a slot's buildings. */
export function publicGrid(state: Pick<PlanState, 'ids' | 'communityCode'>, code: string, nodes: readonly number[], stats: GridStats, site: string | undefined): Grid {
  const buildingIds = nodes.map((v) => state.ids[v] as string).sort(compareIds);
  const grid: Grid = { code, buildingIds, households: stats.households, centroid: stats.centroid };
  if (site !== undefined) grid.site = site;
  return grid;
}

/** Code-unit order, the canonical order of ids everywhere in grid allocation. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function slotCode(state: Pick<PlanState, 'communityCode' | 'width'>, sequence: number): string {
  return gridCode(state.communityCode, sequence, state.width);
}

/** The public plan for a state; the state is registered so rebalancing it later is local. */
export function planFromState(state: PlanState): GridPlan {
  const live = state.slots.filter((slot): slot is GridSlot => slot !== null).sort((a, b) => a.sequence - b.sequence);
  const infeasible: InfeasibleGroup[] = [];
  for (const slot of live) {
    const reason = slot.reason ?? unreportedBreach(slot, state.bounds);
    if (reason !== null) infeasible.push({ gridCode: slot.grid.code, buildingIds: slot.grid.buildingIds, households: slot.stats.households, reason });
  }
  const metrics = aggregateMetrics(
    live.map((slot) => ({ stats: slot.stats, regular: slot.site === undefined })),
    state.bounds,
    state.edgeCount,
  );
  const plan: GridPlan = { grids: live.map((slot) => slot.grid), infeasible, metrics, basis: lazyBasis(state) };
  states.set(plan, state);
  return plan;
}

/**
 * The last guard on the hard rules: a grid no step flagged that is still not
 * connected, or (an ordinary grid) outside the bounds, is reported all the
 * same, so a broken rule is never silent whatever step let it through.
 */
function unreportedBreach(slot: GridSlot, bounds: HouseholdBounds): string | null {
  if (!slot.stats.connected) return 'the buildings of this grid are not connected in the adjacency graph';
  const households = slot.stats.households;
  if (slot.site === undefined && (households < bounds.min || households > bounds.max)) return `this grid holds ${households} households, outside ${bounds.min}-${bounds.max}`;
  return null;
}

/**
 * The basis, with buildings and adjacency built on first read: a plan of
 * 50,000 buildings then costs nothing extra until it is serialised.
 * The getters are enumerable, so JSON.stringify writes them.
 */
function lazyBasis(state: PlanState): GridPlanBasis {
  const basis = {
    adjacencyDerived: state.adjacencyDerived,
    minHouseholds: state.bounds.min,
    maxHouseholds: state.bounds.max,
    ...(state.communityCode === undefined ? {} : { communityCode: state.communityCode }),
    ...(state.maxNeighbourDistance === undefined ? {} : { maxNeighbourDistance: state.maxNeighbourDistance }),
  } as GridPlanBasis;
  let buildings: GridBuilding[] | undefined;
  let adjacency: [string, string][] | undefined;
  Object.defineProperty(basis, 'buildings', { enumerable: true, get: () => (buildings ??= basisBuildings(state)) });
  Object.defineProperty(basis, 'adjacency', { enumerable: true, get: () => (adjacency ??= basisAdjacency(state)) });
  return basis;
}

function aliveIndices(state: PlanState): number[] {
  const result: number[] = [];
  for (let v = 0; v < state.ids.length; v++) if (state.alive[v] === 1) result.push(v);
  return result.sort((a, b) => compareIds(state.ids[a] as string, state.ids[b] as string));
}

function basisBuildings(state: PlanState): GridBuilding[] {
  return aliveIndices(state).map((v) => {
    const building: GridBuilding = { id: state.ids[v] as string, households: state.w[v] as number, x: state.xs[v] as number, y: state.ys[v] as number };
    const site = state.sites[v];
    if (site !== undefined) building.site = site;
    return building;
  });
}

function basisAdjacency(state: PlanState): [string, string][] {
  const pairs: [string, string][] = [];
  for (const v of aliveIndices(state)) {
    const id = state.ids[v] as string;
    const around = state.adjacency.neighbours(v);
    for (let j = 0; j < around.length; j++) {
      const other = state.ids[around[j] as number] as string;
      if (id < other) pairs.push([id, other]);
    }
  }
  return pairs;
}
