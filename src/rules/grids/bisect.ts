import type { GraphScratch } from './connected-pieces.js';
import type { LocalGraph } from './local-graph.js';
import { MinHeap } from './min-heap.js';

export interface HouseholdBounds {
  readonly min: number;
  readonly max: number;
}

/** How far the connectivity check of a move may search before refusing it. */
const MOVE_SEARCH_LIMIT = 300;

/**
 * Recursive bisection of a connected region into k connected parts.
 *
 * Each step cuts the region across its principal axis at the household
 * weight the two halves need (k1 and k2 grids), keeps the heaviest connected
 * piece of each side and hands stray pieces to the other side (so both halves
 * stay connected), then moves boundary buildings one at a time, never
 * disconnecting the side they leave, until each half can still hold its
 * grids within bounds. Parts are connected by construction.
 */
export class Bisector {
  private readonly label: Int32Array;
  private readonly key: Float64Array;
  private readonly heap = new MinHeap();
  private tag = 0;

  /**
   * Output: the part of each node a split wrote. The bisector's own array:
   * a repair reads it next to the current parts (refine.ts adoptSplit), so
   * sharing the array of a `Parts` would overwrite the parts it compares with.
   */
  readonly part: Int32Array;

  constructor(
    private readonly graph: LocalGraph,
    private readonly scratch: GraphScratch,
    private readonly bounds: HouseholdBounds,
  ) {
    this.part = new Int32Array(graph.n).fill(-1);
    this.label = new Int32Array(graph.n).fill(-1);
    this.key = new Float64Array(graph.n);
  }

  /**
   * Writes parts firstPart..firstPart+k-1 for the connected `nodes` (which it
   * reorders). True when every part it made holds min..max households; on
   * false the parts are still connected and balanced as well as it could.
   */
  split(nodes: Int32Array, k: number, firstPart: number): boolean {
    const { w } = this.graph;
    let total = 0;
    for (let i = 0; i < nodes.length; i++) total += w[nodes[i] as number] as number;
    if (k <= 1 || nodes.length <= 1) {
      for (let i = 0; i < nodes.length; i++) this.part[nodes[i] as number] = firstPart;
      return k === 1 && total >= this.bounds.min && total <= this.bounds.max;
    }
    const k1 = k >> 1;
    const k2 = k - k1;
    const target = (total * k1) / k;
    let lo = Math.max(k1 * this.bounds.min, total - k2 * this.bounds.max);
    let hi = Math.min(k1 * this.bounds.max, total - k2 * this.bounds.min);
    const feasible = lo <= hi && nodes.length >= k;
    if (!feasible) lo = hi = target;

    const axes = principalAxes(this.graph, nodes);
    let balanced = false;
    for (const [dx, dy] of axes) {
      balanced = this.cut(nodes, dx, dy, target, lo, hi, k1, k2);
      if (balanced) break;
    }
    if (!balanced && axes.length > 1) {
      const [dx, dy] = axes[0] as [number, number];
      this.cut(nodes, dx, dy, target, lo, hi, k1, k2);
    }
    const sideA = 2 * this.tag;
    let countA = 0;
    for (let i = 0; i < nodes.length; i++) {
      const v = nodes[i] as number;
      if (this.label[v] === sideA) {
        nodes[i] = nodes[countA] as number;
        nodes[countA++] = v;
      }
    }
    // A side with fewer buildings than grids gets fewer grids (they stay empty).
    const kA = Math.max(1, k - (nodes.length - countA), Math.min(k1, countA));
    const okA = this.split(nodes.subarray(0, countA), kA, firstPart);
    const okB = this.split(nodes.subarray(countA), Math.min(k - kA, nodes.length - countA), firstPart + kA);
    return balanced && feasible && kA === k1 && okA && okB;
  }

  /** One cut across axis (dx, dy); true when side A ends within [lo, hi] with enough buildings on each side. */
  private cut(nodes: Int32Array, dx: number, dy: number, target: number, lo: number, hi: number, k1: number, k2: number): boolean {
    const { xs, ys } = this.graph;
    const key = this.key;
    for (let i = 0; i < nodes.length; i++) {
      const v = nodes[i] as number;
      key[v] = (xs[v] as number) * dx + (ys[v] as number) * dy;
    }
    const cutAt = selectByWeight(nodes, key, this.graph.w, target);
    this.tag += 1;
    const sideA = 2 * this.tag;
    const sideB = sideA + 1;
    for (let i = 0; i < nodes.length; i++) this.label[nodes[i] as number] = i < cutAt ? sideA : sideB;
    if (cutAt === 0) this.label[nodes[0] as number] = sideA;
    if (cutAt >= nodes.length) this.label[nodes[nodes.length - 1] as number] = sideB;
    this.keepHeaviestPiece(nodes, sideA, sideB);
    this.keepHeaviestPiece(nodes, sideB, sideA);
    return this.balance(nodes, sideA, sideB, target, lo, hi, k1, k2);
  }

  /** Hands every piece of `side` but the heaviest to `other`; the region is connected, so `other` gains only pieces it touches. */
  private keepHeaviestPiece(nodes: Int32Array, side: number, other: number): void {
    const pieces = this.scratch.pieces(nodes, this.label, side);
    if (pieces.length <= 1) return;
    const { w } = this.graph;
    let heaviest = 0;
    let heaviestWeight = -1;
    pieces.forEach((piece, index) => {
      let weight = 0;
      for (let i = 0; i < piece.length; i++) weight += w[piece[i] as number] as number;
      // Ties go to the larger piece: zero-household buildings still need a home.
      const score = weight + piece.length * 1e-9;
      if (score > heaviestWeight) {
        heaviestWeight = score;
        heaviest = index;
      }
    });
    pieces.forEach((piece, index) => {
      if (index === heaviest) return;
      for (let i = 0; i < piece.length; i++) this.label[piece[i] as number] = other;
    });
  }

  /** Moves boundary buildings across the cut until side A weighs within [lo, hi], aiming halfway to the target. */
  private balance(nodes: Int32Array, sideA: number, sideB: number, target: number, lo: number, hi: number, k1: number, k2: number): boolean {
    const { w, offsets, targets } = this.graph;
    const label = this.label;
    const key = this.key;
    let weightA = 0;
    let countA = 0;
    for (let i = 0; i < nodes.length; i++) {
      const v = nodes[i] as number;
      if (label[v] === sideA) {
        weightA += w[v] as number;
        countA += 1;
      }
    }
    let countB = nodes.length - countA;
    const comfortLo = target - (target - lo) / 2;
    const comfortHi = target + (hi - target) / 2;
    const settled = (): boolean => weightA >= comfortLo && weightA <= comfortHi && countA >= k1 && countB >= k2;
    if (settled()) return true;
    const intoA = weightA < comfortLo || countA < k1;
    const from = intoA ? sideB : sideA;
    const to = intoA ? sideA : sideB;
    const sign = intoA ? 1 : -1;
    const heap = this.heap;
    heap.clear();
    for (let i = 0; i < nodes.length; i++) {
      const v = nodes[i] as number;
      if (label[v] !== from) continue;
      for (let e = offsets[v] as number, end = offsets[v + 1] as number; e < end; e++) {
        if (label[targets[e] as number] === to) {
          heap.push(v, sign * (key[v] as number));
          break;
        }
      }
    }
    while (heap.size > 0) {
      const v = heap.pop();
      if (label[v] !== from) continue;
      const weight = w[v] as number;
      const next = weightA + sign * weight;
      if (intoA ? next > hi : next < lo) continue;
      if ((intoA ? countB : countA) <= (intoA ? k2 : k1)) break;
      if (!this.scratch.staysConnectedWithout(v, label, MOVE_SEARCH_LIMIT)) continue;
      label[v] = to;
      weightA = next;
      countA += sign;
      countB -= sign;
      if (intoA ? weightA >= comfortLo && countA >= k1 : weightA <= comfortHi && countB >= k2) return settled() || (weightA >= lo && weightA <= hi);
      for (let e = offsets[v] as number, end = offsets[v + 1] as number; e < end; e++) {
        const u = targets[e] as number;
        if (label[u] === from) heap.push(u, sign * (key[u] as number));
      }
    }
    return weightA >= lo && weightA <= hi && countA >= k1 && countB >= k2;
  }
}

/** The major then the minor principal axis of the region's coordinates. */
function principalAxes(graph: LocalGraph, nodes: Int32Array): [number, number][] {
  const { xs, ys } = graph;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < nodes.length; i++) {
    mx += xs[nodes[i] as number] as number;
    my += ys[nodes[i] as number] as number;
  }
  mx /= nodes.length;
  my /= nodes.length;
  let cxx = 0;
  let cxy = 0;
  let cyy = 0;
  for (let i = 0; i < nodes.length; i++) {
    const dx = (xs[nodes[i] as number] as number) - mx;
    const dy = (ys[nodes[i] as number] as number) - my;
    cxx += dx * dx;
    cxy += dx * dy;
    cyy += dy * dy;
  }
  const angle = 0.5 * Math.atan2(2 * cxy, cxx - cyy);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return [
    [cos, sin],
    [-sin, cos],
  ];
}

/**
 * Reorders `nodes` so the lowest-key prefix [0, cut) weighs as close to
 * `target` as one building allows, and returns cut. Weighted quickselect:
 * linear time, where sorting every level would cost n log n.
 */
export function selectByWeight(nodes: Int32Array, key: Float64Array, w: Float64Array, target: number): number {
  let lo = 0;
  let hi = nodes.length;
  let before = 0;
  const swap = (i: number, j: number): void => {
    const t = nodes[i] as number;
    nodes[i] = nodes[j] as number;
    nodes[j] = t;
  };
  const walk = (from: number, to: number, acc: number): number => {
    for (let i = from; i < to; i++) {
      const weight = w[nodes[i] as number] as number;
      if (acc + weight > target) return target - acc <= acc + weight - target ? i : i + 1;
      acc += weight;
    }
    return to;
  };
  while (hi - lo > 1) {
    const a = key[nodes[lo] as number] as number;
    const b = key[nodes[(lo + hi) >> 1] as number] as number;
    const c = key[nodes[hi - 1] as number] as number;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let lt = lo;
    let i = lo;
    let gt = hi;
    let weightLess = 0;
    let weightEqual = 0;
    while (i < gt) {
      const v = nodes[i] as number;
      const k = key[v] as number;
      if (k < pivot) {
        weightLess += w[v] as number;
        swap(lt++, i++);
      } else if (k > pivot) {
        swap(i, --gt);
      } else {
        weightEqual += w[v] as number;
        i++;
      }
    }
    if (before + weightLess >= target) {
      if (lt === lo) return lo;
      hi = lt;
    } else if (before + weightLess + weightEqual >= target) {
      return walk(lt, gt, before + weightLess);
    } else {
      before += weightLess + weightEqual;
      lo = gt;
    }
  }
  return walk(lo, hi, before);
}
