import type { HouseholdBounds } from './bisect.js';
import type { GridMetrics } from './grid-plan.js';

/** What one grid contributes to the plan's metrics. */
export interface GridStats {
  households: number;
  centroid: { x: number; y: number };
  /** Σ households × distance to the centroid, and Σ distance, for the mean distance. */
  weightedDistance: number;
  plainDistance: number;
  buildings: number;
  polsbyPopper: number | null;
  internalEdges: number;
  connected: boolean;
}

export interface BuildingGeometry {
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
  readonly w: ArrayLike<number>;
  neighbours(v: number): ArrayLike<number>;
}

/** Computes GridStats for one grid at a time, reusing a mark array over all buildings. */
export class GridStatsCalculator {
  private mark: Int32Array;
  private round = 0;

  constructor(private readonly geometry: BuildingGeometry) {
    this.mark = new Int32Array(geometry.xs.length);
  }

  compute(nodes: ArrayLike<number>): GridStats {
    const { xs, ys, w } = this.geometry;
    if (this.mark.length < xs.length) this.mark = new Int32Array(xs.length);
    let households = 0;
    let sx = 0;
    let sy = 0;
    let px = 0;
    let py = 0;
    for (let i = 0; i < nodes.length; i++) {
      const v = nodes[i] as number;
      const weight = w[v] as number;
      households += weight;
      sx += weight * (xs[v] as number);
      sy += weight * (ys[v] as number);
      px += xs[v] as number;
      py += ys[v] as number;
    }
    const centroid = households > 0 ? { x: sx / households, y: sy / households } : { x: px / nodes.length, y: py / nodes.length };
    let weightedDistance = 0;
    let plainDistance = 0;
    for (let i = 0; i < nodes.length; i++) {
      const v = nodes[i] as number;
      const distance = Math.hypot((xs[v] as number) - centroid.x, (ys[v] as number) - centroid.y);
      weightedDistance += (w[v] as number) * distance;
      plainDistance += distance;
    }
    const { internalEdges, connected } = this.connectivity(nodes);
    return { households, centroid, weightedDistance, plainDistance, buildings: nodes.length, polsbyPopper: hullPolsbyPopper(nodes, xs, ys), internalEdges, connected };
  }

  private connectivity(nodes: ArrayLike<number>): { internalEdges: number; connected: boolean } {
    this.round += 2;
    const member = this.round;
    const reached = member + 1;
    const mark = this.mark;
    for (let i = 0; i < nodes.length; i++) mark[nodes[i] as number] = member;
    let internalEnds = 0;
    for (let i = 0; i < nodes.length; i++) {
      const around = this.geometry.neighbours(nodes[i] as number);
      for (let j = 0; j < around.length; j++) if (mark[around[j] as number] === member) internalEnds += 1;
    }
    if (nodes.length === 0) return { internalEdges: 0, connected: true };
    const stack = [nodes[0] as number];
    mark[nodes[0] as number] = reached;
    let count = 1;
    while (stack.length > 0) {
      const around = this.geometry.neighbours(stack.pop() as number);
      for (let j = 0; j < around.length; j++) {
        const u = around[j] as number;
        if (mark[u] !== member) continue;
        mark[u] = reached;
        count += 1;
        stack.push(u);
      }
    }
    return { internalEdges: internalEnds / 2, connected: count === nodes.length };
  }
}

/** 4πA/P² of the convex hull of the buildings, or null when the hull has no area. */
export function hullPolsbyPopper(nodes: ArrayLike<number>, xs: ArrayLike<number>, ys: ArrayLike<number>): number | null {
  const m = nodes.length;
  if (m < 3) return null;
  const order = Array.from(nodes).sort((a, b) => (xs[a] as number) - (xs[b] as number) || (ys[a] as number) - (ys[b] as number));
  const cross = (o: number, a: number, b: number): number =>
    ((xs[a] as number) - (xs[o] as number)) * ((ys[b] as number) - (ys[o] as number)) - ((ys[a] as number) - (ys[o] as number)) * ((xs[b] as number) - (xs[o] as number));
  // Andrew's monotone chain: lower hull left to right, then upper hull back.
  const hull = new Int32Array(2 * m);
  let size = 0;
  for (let i = 0; i < m; i++) {
    while (size >= 2 && cross(hull[size - 2] as number, hull[size - 1] as number, order[i] as number) <= 0) size--;
    hull[size++] = order[i] as number;
  }
  for (let i = m - 2, lower = size + 1; i >= 0; i--) {
    while (size >= lower && cross(hull[size - 2] as number, hull[size - 1] as number, order[i] as number) <= 0) size--;
    hull[size++] = order[i] as number;
  }
  size -= 1;
  if (size < 3) return null;
  let area = 0;
  let perimeter = 0;
  for (let i = 0; i < size; i++) {
    const a = hull[i] as number;
    const b = hull[(i + 1) % size] as number;
    area += (xs[a] as number) * (ys[b] as number) - (xs[b] as number) * (ys[a] as number);
    perimeter += Math.hypot((xs[b] as number) - (xs[a] as number), (ys[b] as number) - (ys[a] as number));
  }
  area = Math.abs(area) / 2;
  if (area <= 0 || perimeter <= 0) return null;
  return (4 * Math.PI * area) / (perimeter * perimeter);
}

/** The plan's metrics from its grids' stats; `regular` says whether household bounds apply to a grid. */
export function aggregateMetrics(grids: Iterable<{ stats: GridStats; regular: boolean }>, bounds: HouseholdBounds, edgeCount: number): GridMetrics {
  let outOfBounds = 0;
  let nonContiguous = 0;
  let households = 0;
  let weightedDistance = 0;
  let plainDistance = 0;
  let buildings = 0;
  let ppSum = 0;
  let ppCount = 0;
  let internalEdges = 0;
  for (const { stats, regular } of grids) {
    if (regular && (stats.households < bounds.min || stats.households > bounds.max)) outOfBounds += 1;
    if (!stats.connected) nonContiguous += 1;
    households += stats.households;
    weightedDistance += stats.weightedDistance;
    plainDistance += stats.plainDistance;
    buildings += stats.buildings;
    internalEdges += stats.internalEdges;
    if (stats.polsbyPopper !== null) {
      ppSum += stats.polsbyPopper;
      ppCount += 1;
    }
  }
  return {
    outOfBounds,
    nonContiguous,
    meanDistanceToCentroid: households > 0 ? weightedDistance / households : buildings > 0 ? plainDistance / buildings : 0,
    polsbyPopper: ppCount > 0 ? ppSum / ppCount : 0,
    edgeCutRatio: edgeCount > 0 ? (edgeCount - internalEdges) / edgeCount : 0,
  };
}
