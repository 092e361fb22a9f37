/**
 * Maximum-cardinality b-matching and its Dulmage–Mendelsohn split.
 *
 * `inFreeReach` marks the needs and resources reachable by alternating paths from a need left
 * unmatched by a maximum matching (the same set for every maximum matching). Every such resource
 * is full in every maximum matching; every other need is matched in every maximum matching;
 * and no maximum matching uses an edge from an outside need to an inside resource.
 */
export interface CardinalitySplit {
  matchedCount: number;
  needInFreeReach: Uint8Array;
  resourceInFreeReach: Uint8Array;
}

/**
 * Augmenting paths by breadth-first search from the free needs, first in rounds that share their
 * visited marks (cheap, may miss paths), then one clean search per free need. A clean search that
 * fails leaves a "Hungarian tree" that no later augmenting path can touch (Edmonds), so its nodes
 * are retired for good: the failing searches cost O(edges) in total, and their union is exactly the free reach.
 */
export function maximumCardinalitySplit(
  needCount: number,
  resourceCount: number,
  needStart: Int32Array,
  edgeResource: Int32Array,
  capacity: Float64Array,
  initialNeedEdge?: Int32Array,
): CardinalitySplit {
  const edgeNeed = new Int32Array(edgeResource.length);
  for (let i = 0; i < needCount; i++) edgeNeed.fill(i, needStart[i] as number, needStart[i + 1] as number);
  const needEdge = new Int32Array(needCount).fill(-1);
  const load = new Int32Array(resourceCount);
  const slotStart = new Int32Array(resourceCount + 1);
  const degree = new Int32Array(resourceCount);
  for (const r of edgeResource) degree[r] = (degree[r] as number) + 1;
  for (let r = 0; r < resourceCount; r++) slotStart[r + 1] = (slotStart[r] as number) + Math.min(capacity[r] as number, degree[r] as number);
  const slots = new Int32Array(slotStart[resourceCount] as number);
  const assign = (e: number, r: number): void => {
    slots[(slotStart[r] as number) + (load[r] as number)] = e;
    load[r] = (load[r] as number) + 1;
  };
  const replace = (r: number, from: number, to: number): void => {
    const end = (slotStart[r] as number) + (load[r] as number);
    for (let s = slotStart[r] as number; s < end; s++) if (slots[s] === from) slots[s] = to;
  };

  let matchedCount = 0;
  // Keep the initial pairs that still fit, then fill greedily.
  if (initialNeedEdge !== undefined) {
    for (let i = 0; i < needCount; i++) {
      const e = initialNeedEdge[i] as number;
      if (e < 0) continue;
      const r = edgeResource[e] as number;
      if ((load[r] as number) < (capacity[r] as number)) {
        needEdge[i] = e;
        assign(e, r);
        matchedCount++;
      }
    }
  }
  for (let i = 0; i < needCount; i++) {
    if (needEdge[i] !== -1) continue;
    for (let e = needStart[i] as number; e < (needStart[i + 1] as number); e++) {
      const r = edgeResource[e] as number;
      if ((load[r] as number) < (capacity[r] as number)) {
        needEdge[i] = e;
        assign(e, r);
        matchedCount++;
        break;
      }
    }
  }

  const needInFreeReach = new Uint8Array(needCount);
  const resourceInFreeReach = new Uint8Array(resourceCount);
  const needSeen = new Int32Array(needCount);
  const resourceSeen = new Int32Array(resourceCount);
  const resourceVia = new Int32Array(resourceCount);
  const queue = new Int32Array(needCount);
  const visitedResources = new Int32Array(resourceCount);
  let epoch = 0;

  /**
   * Breadth-first search for an augmenting path from `root`, skipping nodes stamped `epoch`;
   * flips it when found. On failure with a fresh epoch, the nodes seen form a Hungarian tree.
   */
  const search = (root: number): boolean => {
    let head = 0;
    let tail = 0;
    visitedCount = 0;
    queue[tail++] = root;
    needSeen[root] = epoch;
    let found = -1;
    search: while (head < tail) {
      const i = queue[head++] as number;
      for (let e = needStart[i] as number; e < (needStart[i + 1] as number); e++) {
        const r = edgeResource[e] as number;
        if (resourceSeen[r] === epoch || resourceInFreeReach[r] === 1) continue;
        resourceSeen[r] = epoch;
        resourceVia[r] = e;
        visitedResources[visitedCount++] = r;
        if ((load[r] as number) < (capacity[r] as number)) {
          found = r;
          break search;
        }
        const end = (slotStart[r] as number) + (load[r] as number);
        for (let s = slotStart[r] as number; s < end; s++) {
          const j = edgeNeed[slots[s] as number] as number;
          if (needSeen[j] === epoch) continue;
          needSeen[j] = epoch;
          queue[tail++] = j;
        }
      }
    }
    queued = tail;
    if (found === -1) return false;
    // Flip the path: each need on it moves to the resource after it.
    let e = resourceVia[found] as number;
    assign(e, found);
    for (;;) {
      const i = edgeNeed[e] as number;
      const previous = needEdge[i] as number;
      needEdge[i] = e;
      if (i === root) break;
      const previousResource = edgeResource[previous] as number;
      const next = resourceVia[previousResource] as number;
      replace(previousResource, previous, next);
      e = next;
    }
    matchedCount++;
    return true;
  };
  let visitedCount = 0;
  let queued = 0;

  // Rounds sharing one stamp (each round costs O(edges) at most) while they still find many paths
  // (late rounds find a handful each at full cost; the clean searches finish those faster)...
  const worthwhileRound = Math.max(1, Math.ceil(needCount / 400));
  for (let found = Infinity; found >= worthwhileRound; ) {
    found = 0;
    epoch++;
    for (let root = 0; root < needCount; root++) if (needEdge[root] === -1 && needSeen[root] !== epoch && search(root)) found++;
  }
  // ...then one clean search per free need: it finds a path, or fails and its tree is retired into the free reach.
  for (let root = 0; root < needCount; root++) {
    if (needEdge[root] !== -1 || needInFreeReach[root] === 1) continue;
    epoch++;
    if (search(root)) continue;
    for (let k = 0; k < queued; k++) needInFreeReach[queue[k] as number] = 1;
    for (let k = 0; k < visitedCount; k++) resourceInFreeReach[visitedResources[k] as number] = 1;
  }
  return { matchedCount, needInFreeReach, resourceInFreeReach };
}
