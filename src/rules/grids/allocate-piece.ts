import { Bisector, type HouseholdBounds } from './bisect.js';
import { GraphScratch } from './connected-pieces.js';
import type { LocalGraph } from './local-graph.js';
import { Parts } from './parts.js';
import { inBounds, refineCompactness, repairParts } from './refine.js';
import { refineCut } from './refine-cut.js';

/** The grids of a local graph: a part per node, numbered 0..partCount-1, and why a part is flagged (null when it is not). */
export interface PieceAllocation {
  part: Int32Array;
  partCount: number;
  reasons: (string | null)[];
}

/**
 * How many grids a piece of `total` households gets: as near the midpoint of
 * the bounds as possible (total / ((min + max) / 2), which matches how cities
 * size grids, about 400 households for 300-500), within the range
 * ceil(total / max)..floor(total / min) that keeps every grid in bounds.
 */
export function gridCountFor(total: number, buildings: number, bounds: HouseholdBounds): { k: number; feasible: boolean } {
  const middle = (bounds.min + bounds.max) / 2;
  const fewest = Math.max(1, Math.ceil(total / bounds.max));
  const most = Math.min(Math.floor(total / bounds.min), buildings);
  if (fewest <= most) return { k: Math.min(most, Math.max(fewest, Math.round(total / middle))), feasible: true };
  // No count works: take the one whose average misses the bounds by less.
  const under = Math.max(1, most);
  const over = Math.min(fewest, buildings);
  const k = total / under - bounds.max <= bounds.min - total / over ? under : over;
  return { k: Math.max(1, Math.min(k, buildings)), feasible: false };
}

/**
 * Partitions the buildings of `graph` (any number of connected pieces) into
 * grids within bounds, and says exactly where and why that cannot hold:
 * an oversize building becomes its own grid, a piece below the minimum
 * becomes one grid, and a piece whose total or granularity defeats the
 * bounds keeps its best split with every out-of-bounds grid flagged.
 */
export function allocatePiece(graph: LocalGraph, bounds: HouseholdBounds, idOf: (v: number) => string): PieceAllocation {
  const scratch = new GraphScratch(graph);
  const part = new Int32Array(graph.n).fill(-1);
  const reasons: (string | null)[] = [];
  const frozen: boolean[] = [];
  const flag = (reason: string | null, fixed: boolean): number => {
    reasons.push(reason);
    frozen.push(fixed);
    return reasons.length - 1;
  };
  const { w } = graph;
  const label = new Int32Array(graph.n);
  const all = new Int32Array(graph.n);
  for (let v = 0; v < graph.n; v++) {
    all[v] = v;
    if ((w[v] as number) > bounds.max) {
      label[v] = 1;
      part[v] = flag(`building "${idOf(v)}" holds ${w[v]} households, more than the maximum ${bounds.max}: it forms its own grid (oversize)`, true);
    }
  }
  const bisector = new Bisector(graph, scratch, bounds);
  const arithmetic: number[] = [];
  for (const piece of scratch.pieces(all, label, 0)) {
    let total = 0;
    for (let i = 0; i < piece.length; i++) total += w[piece[i] as number] as number;
    if (total < bounds.min) {
      const p = flag(`these ${piece.length} connected building${piece.length === 1 ? '' : 's'} hold only ${total} households, fewer than the minimum ${bounds.min}, and touch no other building that could join them: they form one grid (undersized)`, true);
      for (let i = 0; i < piece.length; i++) part[piece[i] as number] = p;
      continue;
    }
    const { k, feasible } = gridCountFor(total, piece.length, bounds);
    const first = reasons.length;
    for (let j = 0; j < k; j++) {
      flag(feasible ? null : `this connected piece holds ${total} households: no number of grids keeps each within ${bounds.min}-${bounds.max} (${k} grid${k === 1 ? '' : 's'} of about ${Math.round(total / k)})`, !feasible);
    }
    if (!feasible) for (let j = 0; j < k; j++) arithmetic.push(first + j);
    bisector.split(piece, k, first);
    for (let i = 0; i < piece.length; i++) part[piece[i] as number] = bisector.part[piece[i] as number] as number;
  }

  const parts = new Parts(graph, part, reasons.length);
  const isFrozen = (p: number): boolean => frozen[p] === true;
  const suspects: number[] = [];
  for (let p = 0; p < parts.count; p++) if (!isFrozen(p) && !inBounds(parts.weight[p] as number, bounds)) suspects.push(p);
  const failed = repairParts(parts, scratch, bisector, bounds, isFrozen, suspects);
  const settled = (p: number): boolean => isFrozen(p) || failed.includes(p);
  refineCompactness(parts, scratch, bounds, settled);
  refineCut(parts, scratch, bounds, settled);
  for (const p of arithmetic) if (inBounds(parts.weight[p] as number, bounds)) reasons[p] = null;
  for (const p of failed) {
    reasons[p] = `no split of this connected piece into grids of ${bounds.min}-${bounds.max} households was found: its buildings are too coarse or its shape too narrow; this grid holds ${parts.weight[p]}`;
  }
  return compact(parts, reasons);
}

/** Renumbers parts 0.. in order of first node, dropping parts left empty by repairs. */
function compact(parts: Parts, reasons: (string | null)[]): PieceAllocation {
  const renumber = new Int32Array(parts.count).fill(-1);
  const kept: (string | null)[] = [];
  const part = parts.part;
  for (let v = 0; v < part.length; v++) {
    const p = part[v] as number;
    if (renumber[p] === -1) {
      renumber[p] = kept.length;
      kept.push(reasons[p] ?? null);
    }
    part[v] = renumber[p] as number;
  }
  return { part, partCount: kept.length, reasons: kept };
}
