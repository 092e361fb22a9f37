import { LayeredMap } from '../hierarchy/layered-map.js';
import { delaunayEdges, type EdgeList } from './adjacency.js';
import { allocatePiece } from './allocate-piece.js';
import type { HouseholdBounds } from './bisect.js';
import { readingOrder, sequenceWidth, gridCode } from './grid-codes.js';
import { parseAllocateGridsInput } from './grid-input.js';
import { GridStatsCalculator } from './grid-metrics.js';
import type { AllocateGridsInput, GridBuilding, GridPlan } from './grid-plan.js';
import { csrFromEdges, inducedGraph, type LocalGraph } from './local-graph.js';
import { NeighbourTable } from './neighbour-table.js';
import { compareIds, planFromState, publicGrid, type GridSlot, type PlanState } from './plan-state.js';

/**
 * Partitions a community's buildings into grids (网格): every building in
 * exactly one grid, every grid connected in the adjacency graph and holding
 * min..max households wherever its connected piece allows. Where a piece
 * cannot allow it, `infeasible` names the grid, its buildings and the reason.
 * Buildings with a `site` form one special grid per site.
 *
 * Deterministic whatever the order of the arrays: buildings are taken in id
 * order. Throws VALIDATION_FAILED listing every problem with the input.
 */
export function allocateGrids(input: AllocateGridsInput): GridPlan {
  const valid = parseAllocateGridsInput(input);
  const buildings = [...valid.buildings].sort((a, b) => compareIds(a.id, b.id));
  const n = buildings.length;
  // Plain loops: TypedArray.from with a mapping function is several times slower on 50,000 buildings.
  const ids = new Array<string>(n);
  const sites = new Array<string | undefined>(n);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const w = new Float64Array(n);
  const index = new Map<string, number>();
  for (let v = 0; v < n; v++) {
    const b = buildings[v] as GridBuilding;
    ids[v] = b.id;
    sites[v] = b.site;
    xs[v] = b.x;
    ys[v] = b.y;
    w[v] = b.households;
    index.set(b.id, v);
  }
  const bounds: HouseholdBounds = { min: valid.minHouseholds, max: valid.maxHouseholds };

  const edges = valid.adjacency === undefined ? delaunayEdges(xs, ys, valid.maxNeighbourDistance) : edgesFromPairs(valid.adjacency, index);
  const { offsets, targets } = csrFromEdges(n, edges.a, edges.b);
  const adjacency = NeighbourTable.fromRows(offsets, targets);
  const source = { xs, ys, w, neighbours: (v: number) => targets.subarray(offsets[v] as number, offsets[v + 1] as number) };

  const groups: { nodes: number[]; site: string | undefined; reason: string | null }[] = [];
  const residential: number[] = [];
  const siteNodes = new Map<string, number[]>();
  for (let v = 0; v < n; v++) {
    const site = sites[v];
    if (site === undefined) residential.push(v);
    else {
      const list = siteNodes.get(site);
      if (list === undefined) siteNodes.set(site, [v]);
      else list.push(v);
    }
  }
  const localIndex = new Int32Array(n).fill(-1);
  residential.forEach((v, i) => (localIndex[v] = i));
  // Without special grids the residential graph is the whole graph: no copy needed.
  const graph: LocalGraph =
    residential.length === n ? { n, offsets, targets, xs, ys, w, globalOf: Int32Array.from(residential) } : inducedGraph(source, residential, (v) => localIndex[v] as number);
  const allocation = allocatePiece(graph, bounds, (local) => ids[graph.globalOf[local] as number] as string);
  const byPart: number[][] = Array.from({ length: allocation.partCount }, () => []);
  for (let local = 0; local < graph.n; local++) byPart[allocation.part[local] as number]!.push(graph.globalOf[local] as number);
  byPart.forEach((nodes, p) => groups.push({ nodes, site: undefined, reason: allocation.reasons[p] ?? null }));
  for (const site of [...siteNodes.keys()].sort(compareIds)) groups.push({ nodes: siteNodes.get(site) as number[], site, reason: null });

  const calculator = new GridStatsCalculator(source);
  const stats = groups.map((group) => calculator.compute(group.nodes));
  groups.forEach((group, g) => {
    if (group.site !== undefined && !stats[g]!.connected) {
      group.reason = `the buildings of site "${group.site}" are not connected in the adjacency graph; they still form one special grid`;
    }
  });
  const order = readingOrder(
    stats.map((s) => s.centroid),
    (a, b) => (groups[a]!.nodes[0] as number) - (groups[b]!.nodes[0] as number),
  );
  const width = sequenceWidth(groups.length);
  const identity = { ids, communityCode: valid.communityCode };
  const slots: GridSlot[] = new Array<GridSlot>(groups.length);
  const gridOf = new Int32Array(n);
  order.forEach((g, position) => {
    const group = groups[g]!;
    const sequence = position + 1;
    const code = gridCode(valid.communityCode, sequence, width);
    const gridStats = stats[g]!;
    slots[position] = { sequence, nodes: group.nodes, site: group.site, reason: group.reason, stats: gridStats, grid: publicGrid(identity, code, group.nodes, gridStats, group.site) };
    for (const v of group.nodes) gridOf[v] = position;
  });

  const state: PlanState = {
    ids,
    indexOf: LayeredMap.adopt(index),
    xs,
    ys,
    w,
    alive: new Uint8Array(n).fill(1),
    sites,
    adjacency,
    edgeCount: edges.a.length,
    gridOf,
    slots,
    width,
    nextSequence: groups.length + 1,
    bounds,
    communityCode: valid.communityCode,
    maxNeighbourDistance: valid.maxNeighbourDistance,
    adjacencyDerived: valid.adjacency === undefined,
  };
  return planFromState(state);
}

/** Given adjacency as index edges: self-pairs carry no information and repeated pairs count once. */
export function edgesFromPairs(pairs: readonly (readonly [string, string])[], index: ReadonlyMap<string, number>): EdgeList {
  const seen = new Set<number>();
  const a: number[] = [];
  const b: number[] = [];
  const n = index.size;
  for (const [first, second] of pairs) {
    const u = index.get(first) as number;
    const v = index.get(second) as number;
    if (u === v) continue;
    const low = Math.min(u, v);
    const high = Math.max(u, v);
    const key = low * n + high;
    if (seen.has(key)) continue;
    seen.add(key);
    a.push(low);
    b.push(high);
  }
  return { a: Int32Array.from(a), b: Int32Array.from(b) };
}
