import type { HouseholdBounds } from './bisect.js';
import type { GraphScratch } from './connected-pieces.js';
import type { Parts } from './parts.js';

const MOVE_SEARCH_LIMIT = 600;
const CUT_PASSES = 3;
/** A pair's search stops after this many moves without a new best cut (hill climbing past small losses). */
const PATIENCE = 6;

/**
 * Fiduccia-Mattheyses refinement of the edge cut, one pair of neighbouring
 * grids at a time: boundary buildings move between the two, best cut gain
 * first (a loss is allowed, so the search climbs out of local minima), each
 * building once, and the moves after the best cut seen are undone. A move is
 * made only when both grids stay within bounds and the grid it leaves stays
 * connected, so every state it passes through, and the one it keeps, keeps
 * the rules. Ties go to the move that brings the building nearer a centroid.
 */
export function refineCut(parts: Parts, scratch: GraphScratch, bounds: HouseholdBounds, frozen: (p: number) => boolean): void {
  const { graph, part } = parts;
  const { offsets, targets } = graph;
  const mark = new Int32Array(graph.n);
  const moved: number[] = [];
  const candidates: number[] = [];
  // 1 for a building that may touch another grid: set for every building on a grid's edge, and for a moved building and its neighbours.
  const boundary = new Uint8Array(graph.n);
  // Later passes revisit only pairs with a grid the previous pass changed.
  let changed = new Uint8Array(parts.count).fill(1);
  let round = 0;
  for (let pass = 0; pass < CUT_PASSES; pass++) {
    const pairs = new Set<number>();
    const count = parts.count;
    boundary.fill(0);
    for (let v = 0; v < graph.n; v++) {
      const p = part[v] as number;
      if (p < 0 || frozen(p)) continue;
      for (let e = offsets[v] as number, end = offsets[v + 1] as number; e < end; e++) {
        const q = part[targets[e] as number] as number;
        if (q === p) continue;
        boundary[v] = 1;
        if (q > p && !frozen(q) && (changed[p] === 1 || changed[q] === 1)) pairs.add(p * count + q);
      }
    }
    const next = new Uint8Array(count);
    for (const key of [...pairs].sort((a, b) => a - b)) {
      round += 1;
      const p = Math.floor(key / count);
      const q = key % count;
      if (refinePair(parts, scratch, bounds, p, q, { mark, round, moved, candidates, boundary }) > 0) next[p] = next[q] = 1;
    }
    changed = next;
  }
}

/** Buffers one refineCut shares across its pair searches. */
interface PairBuffers {
  mark: Int32Array;
  round: number;
  moved: number[];
  candidates: number[];
  boundary: Uint8Array;
}

/** One FM search between grids p and q; returns the cut edges it saved. */
function refinePair(parts: Parts, scratch: GraphScratch, bounds: HouseholdBounds, p: number, q: number, buffers: PairBuffers): number {
  const { graph, part, weight, members } = parts;
  const { offsets, targets, w } = graph;
  const { mark, round, moved, candidates, boundary } = buffers;
  // mark[v] === round: v is a candidate; === -round: v is locked (moved, or its move would split its grid).
  const consider = (v: number): void => {
    if (mark[v] === round || mark[v] === -round) return;
    mark[v] = round;
    candidates.push(v);
  };
  candidates.length = 0;
  for (const own of [p, q]) {
    const other = own === p ? q : p;
    for (const v of members[own] as number[]) {
      if (boundary[v] === 0) continue;
      for (let e = offsets[v] as number, end = offsets[v + 1] as number; e < end; e++) {
        if (part[targets[e] as number] === other) {
          consider(v);
          break;
        }
      }
    }
  }
  moved.length = 0;
  let cumulative = 0;
  let best = 0;
  let bestLength = 0;
  while (moved.length - bestLength <= PATIENCE) {
    let chosen = -1;
    let chosenGain = -Infinity;
    let chosenCloser = -Infinity;
    for (const v of candidates) {
      if (mark[v] !== round) continue;
      const own = part[v] as number;
      const other = own === p ? q : p;
      const weightV = w[v] as number;
      if (parts.size(own) <= 1 || (weight[own] as number) - weightV < bounds.min || (weight[other] as number) + weightV > bounds.max) continue;
      let toOwn = 0;
      let toOther = 0;
      for (let e = offsets[v] as number, end = offsets[v + 1] as number; e < end; e++) {
        const r = part[targets[e] as number] as number;
        if (r === own) toOwn += 1;
        else if (r === other) toOther += 1;
      }
      if (toOther === 0) continue;
      const gain = toOther - toOwn;
      if (gain < chosenGain) continue;
      const closer = parts.distanceSquared(v, own) - parts.distanceSquared(v, other);
      if (gain === chosenGain && (closer < chosenCloser || (closer === chosenCloser && v > chosen))) continue;
      chosen = v;
      chosenGain = gain;
      chosenCloser = closer;
    }
    if (chosen < 0) break;
    mark[chosen] = -round;
    if (!scratch.staysConnectedWithout(chosen, part, MOVE_SEARCH_LIMIT)) continue;
    const from = part[chosen] as number;
    parts.move(chosen, from === p ? q : p);
    moved.push(chosen);
    boundary[chosen] = 1;
    for (let e = offsets[chosen] as number, end = offsets[chosen + 1] as number; e < end; e++) {
      const u = targets[e] as number;
      boundary[u] = 1;
      if (part[u] === p || part[u] === q) consider(u);
    }
    cumulative += chosenGain;
    if (cumulative > best) {
      best = cumulative;
      bestLength = moved.length;
    }
  }
  for (let i = moved.length - 1; i >= bestLength; i--) {
    const v = moved[i] as number;
    parts.move(v, part[v] === p ? q : p);
  }
  return best;
}
