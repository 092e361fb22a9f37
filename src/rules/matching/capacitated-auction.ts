/**
 * The one-weight dispatch problem for the ε-scaling auction: needs bid for resources, each
 * resource holds at most `capacity` needs, a need may stay unmatched (value 0). Edges are grouped
 * by need (CSR) like the canonical graph; `weight` holds integers (pair weight + score).
 */
export interface AuctionProblem {
  needCount: number;
  resourceCount: number;
  needStart: Int32Array;
  edgeResource: Int32Array;
  weight: Float64Array;
  capacity: Float64Array;
}

/** Where the auction left off: each need's edge (-1: unmatched) and each resource's integer price. */
export interface AuctionOutcome {
  needEdge: Int32Array;
  resourcePrice: Float64Array;
}

/** How the auction starts: from scratch, or from a previous outcome (then only unmatched needs bid). */
export interface AuctionStart {
  needEdge: Int32Array;
  resourcePrice: Float64Array;
}

/** Each phase divides ε by this; measured on S2 (bench/matching.ts) among 4, 6, 8 and 12. */
const EPSILON_FACTOR = 6;

/**
 * Forward auction (Bertsekas; capacities as identical copies of a resource, each with its own
 * price, as in Bertsekas–Castañon), with ε-scaling. Weights are multiplied by a scale K (n + 1
 * when 2^53 allows, so that ε = 1 at the end is nearly exact); prices are integers in those units.
 * A need bids for the cheapest copy of its best resource, raising its price to
 * weight − second best value + ε; the displaced need bids again. The outcome is ε-optimal, not
 * exact: the caller finishes it exactly (TransportSolver.warmStart repairs what the rounding
 * leaves). Null when the work bound is hit (never seen; it keeps every call finite).
 */
export function capacitatedAuction(problem: AuctionProblem, start?: AuctionStart): AuctionOutcome | null {
  const { needCount, resourceCount, needStart, edgeResource, weight, capacity } = problem;
  const edgeCount = edgeResource.length;
  let maxWeight = 0;
  for (let e = 0; e < edgeCount; e++) if ((weight[e] as number) > maxWeight) maxWeight = weight[e] as number;
  // Prices stay below maxWeight·K + ε0, ε0 <= maxWeight·K: keep them exact integers.
  const scale = Math.max(1, Math.min(needCount + 1, Math.floor(Number.MAX_SAFE_INTEGER / (4 * (maxWeight + 1)))));

  // Copies: resource r owns slots copyStart[r] .. copyStart[r + 1] - 1, a binary min-heap on price.
  const degree = new Int32Array(resourceCount);
  for (let e = 0; e < edgeCount; e++) (degree[edgeResource[e] as number] as number)++;
  const copyStart = new Int32Array(resourceCount + 1);
  for (let r = 0; r < resourceCount; r++) copyStart[r + 1] = (copyStart[r] as number) + Math.min(degree[r] as number, capacity[r] as number);
  const copyCount = copyStart[resourceCount] as number;
  const copyPrice = new Float64Array(copyCount);
  const copyHolder = new Int32Array(copyCount).fill(-1);
  const needEdge = new Int32Array(needCount).fill(-1);
  const queue = new Int32Array(needCount + 1);

  const siftDown = (base: number, size: number, at: number): void => {
    const price = copyPrice[base + at] as number;
    const holder = copyHolder[base + at] as number;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && (copyPrice[base + child + 1] as number) < (copyPrice[base + child] as number)) child++;
      if ((copyPrice[base + child] as number) >= price) break;
      copyPrice[base + at] = copyPrice[base + child] as number;
      copyHolder[base + at] = copyHolder[base + child] as number;
      at = child;
    }
    copyPrice[base + at] = price;
    copyHolder[base + at] = holder;
  };

  let epsilon: number;
  if (start === undefined) {
    epsilon = Math.max(1, Math.floor((maxWeight * scale) / EPSILON_FACTOR));
  } else {
    for (let r = 0; r < resourceCount; r++) copyPrice.fill((start.resourcePrice[r] as number) * scale, copyStart[r] as number, copyStart[r + 1] as number);
    epsilon = 1;
  }
  // A bid raises a price by at least ε; bound the bids so that every call ends.
  const bidLimit = 64 * (edgeCount + needCount) + 1_000_000;
  let bids = 0;
  let head = 0;
  let tail = 0;
  const enqueue = (i: number): void => {
    queue[tail] = i;
    tail = tail === needCount ? 0 : tail + 1;
  };
  for (let i = 0; i < needCount; i++) {
    const e = start === undefined ? -1 : (start.needEdge[i] as number);
    if (e >= 0 && placeOnFreeCopy(i, e)) continue;
    if ((needStart[i + 1] as number) > (needStart[i] as number)) enqueue(i);
  }
  for (;;) {
    while (head !== tail) {
      if (++bids > bidLimit) return null;
      const i = queue[head] as number;
      head = head === needCount ? 0 : head + 1;
      // Best and second best value over the objects: copies and the drop (value 0, never full).
      let best = 0;
      let bestEdge = -1;
      let second = 0;
      for (let e = needStart[i] as number; e < (needStart[i + 1] as number); e++) {
        const r = edgeResource[e] as number;
        const base = copyStart[r] as number;
        if (base === copyStart[r + 1]) continue;
        const value = (weight[e] as number) * scale - (copyPrice[base] as number);
        if (value > best) {
          second = best;
          best = value;
          bestEdge = e;
        } else if (value > second) second = value;
      }
      if (bestEdge < 0) continue; // stays unmatched: prices only rise, so within this phase it never wants back
      const r = edgeResource[bestEdge] as number;
      const base = copyStart[r] as number;
      const size = (copyStart[r + 1] as number) - base;
      // The resource's second cheapest copy is an object too.
      if (size > 1) {
        const nextPrice = size > 2 ? Math.min(copyPrice[base + 1] as number, copyPrice[base + 2] as number) : (copyPrice[base + 1] as number);
        const value = (weight[bestEdge] as number) * scale - nextPrice;
        if (value > second) second = value;
      }
      const displaced = copyHolder[base] as number;
      copyPrice[base] = (weight[bestEdge] as number) * scale - second + epsilon;
      copyHolder[base] = i;
      needEdge[i] = bestEdge;
      siftDown(base, size, 0);
      if (displaced >= 0) {
        needEdge[displaced] = -1;
        enqueue(displaced);
      }
    }
    if (epsilon === 1) break;
    epsilon = Math.max(1, Math.floor(epsilon / EPSILON_FACTOR));
    // Pairs stay across phases: a need whose pair is no longer within the new ε of its best value
    // keeps it at a lower price, the one at which it is exactly its best (a release would leave the
    // copy priced above every bid, a reset to 0 would start the price war over); every unmatched
    // need looks again (it stayed out only within the coarser ε).
    for (let i = 0; i < needCount; i++) {
      if (needEdge[i] !== -1) lowerToBest(i, epsilon);
      else if ((needStart[i + 1] as number) > (needStart[i] as number)) enqueue(i);
    }
  }
  // A resource's price: its cheapest copy that holds a need (0 when none does), in weight units.
  const resourcePrice = new Float64Array(resourceCount);
  for (let r = 0; r < resourceCount; r++) {
    let lowest = Infinity;
    for (let k = copyStart[r] as number; k < (copyStart[r + 1] as number); k++) if (copyHolder[k] !== -1 && (copyPrice[k] as number) < lowest) lowest = copyPrice[k] as number;
    resourcePrice[r] = lowest === Infinity ? 0 : Math.floor(lowest / scale);
  }
  return { needEdge, resourcePrice };

  /** If need i's pair is worth less than its best alternative − ε, lowers its copy's price to match that alternative. */
  function lowerToBest(i: number, epsilon: number): void {
    const held = needEdge[i] as number;
    const r = edgeResource[held] as number;
    const copy = copyOf(i, r);
    const own = (weight[held] as number) * scale - (copyPrice[copy] as number);
    let alternative = 0;
    for (let e = needStart[i] as number; e < (needStart[i + 1] as number); e++) {
      const base = copyStart[edgeResource[e] as number] as number;
      if (e !== held && base !== copyStart[(edgeResource[e] as number) + 1]) alternative = Math.max(alternative, (weight[e] as number) * scale - (copyPrice[base] as number));
    }
    if (own >= alternative - epsilon) return;
    // Prices stay >= 0 (a free copy's dual is 0): a pair worth less than an alternative at any price goes.
    copyPrice[copy] = Math.max(0, (weight[held] as number) * scale - alternative);
    if (copyPrice[copy] === 0) {
      copyHolder[copy] = -1;
      needEdge[i] = -1;
      enqueue(i);
    }
    const base = copyStart[r] as number;
    const size = (copyStart[r + 1] as number) - base;
    for (let at = (size >> 1) - 1; at >= 0; at--) siftDown(base, size, at);
  }

  function copyOf(i: number, r: number): number {
    for (let k = copyStart[r] as number; k < (copyStart[r + 1] as number); k++) if (copyHolder[k] === i) return k;
    throw new Error(`internal: need ${i} holds no copy of resource ${r}`);
  }

  /** Seats need i on a free copy of its previous resource, if one is left. */
  function placeOnFreeCopy(i: number, e: number): boolean {
    const r = edgeResource[e] as number;
    for (let k = copyStart[r] as number; k < (copyStart[r + 1] as number); k++) {
      if (copyHolder[k] === -1) {
        copyHolder[k] = i;
        needEdge[i] = e;
        return true;
      }
    }
    return false;
  }
}
