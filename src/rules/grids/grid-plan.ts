/** A building as grid allocation sees it: an id, its households and its position in metres (y grows northwards). */
export interface GridBuilding {
  id: string;
  households: number;
  x: number;
  y: number;
  /** The unit whose own compound this building stands in: such buildings form a special grid (专属网格). */
  site?: string;
}

/** What {@link allocateGrids} takes: the buildings, optional adjacency and the household bounds per grid. */
export interface AllocateGridsInput {
  buildings: GridBuilding[];
  /** Which buildings are neighbours; derived by Delaunay triangulation when absent. */
  adjacency?: [string, string][];
  /** Default 300. */
  minHouseholds?: number;
  /** Default 500. */
  maxHouseholds?: number;
  /** 12 digits: grid codes become the community code plus a sequence. */
  communityCode?: string;
  /** When deriving adjacency, longer edges are dropped (a river or a highway cuts them). */
  maxNeighbourDistance?: number;
}

/** One grid: its code, its buildings (sorted by id), households and household-weighted centroid. */
export interface Grid {
  code: string;
  buildingIds: string[];
  households: number;
  centroid: { x: number; y: number };
  /** Set on a special grid (专属网格): the site whose buildings it covers. Household bounds do not apply to it. */
  site?: string;
}

/** A grid that breaks a rule, which buildings it holds and why the rule cannot hold there. */
export interface InfeasibleGroup {
  gridCode: string;
  buildingIds: string[];
  households: number;
  reason: string;
}

/**
 * How good a plan is.
 * - outOfBounds: ordinary grids (not special grids) outside min..max households.
 * - nonContiguous: grids not connected in the adjacency graph.
 * - meanDistanceToCentroid: metres from a household to its grid's household-weighted
 *   centroid, averaged over households (over buildings when there are none).
 * - polsbyPopper: 4πA/P² of the convex hull of each grid's buildings, averaged over
 *   the grids whose hull has an area (three or more buildings not in a line); 1 is a disc.
 * - edgeCutRatio: the share of adjacency edges that join two different grids.
 */
export interface GridMetrics {
  outOfBounds: number;
  nonContiguous: number;
  meanDistanceToCentroid: number;
  polsbyPopper: number;
  edgeCutRatio: number;
}

/**
 * What a plan was computed from, with the adjacency made explicit (derived
 * edges included), so `rebalanceGrids` can continue from a plan, also one
 * read back from JSON.
 */
export interface GridPlanBasis {
  /** Sorted by id. */
  buildings: GridBuilding[];
  adjacency: [string, string][];
  /** True when the adjacency was derived from coordinates: rebalancing then derives it for added buildings too. */
  adjacencyDerived: boolean;
  minHouseholds: number;
  maxHouseholds: number;
  communityCode?: string;
  maxNeighbourDistance?: number;
}

/** The result of {@link allocateGrids}: the grids, any groups that break a rule, metrics and the basis of the plan. */
export interface GridPlan {
  /** In code order. */
  grids: Grid[];
  infeasible: InfeasibleGroup[];
  metrics: GridMetrics;
  basis: GridPlanBasis;
}

/** Fewest households in a grid when the input gives no minimum. */
export const DEFAULT_MIN_HOUSEHOLDS = 300;
/** Most households in a grid when the input gives no maximum. */
export const DEFAULT_MAX_HOUSEHOLDS = 500;
