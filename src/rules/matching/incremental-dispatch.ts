import { DijkstraLabels, fillPath } from './dijkstra-labels.js';
import { PackedAdjacency } from './packed-adjacency.js';

/**
 * The state a dispatch session keeps between solves: a graph that takes edge insertions and
 * removals in O(1) (per-need and per-resource packed edge lists, freed edge ids reused), the pairs, and
 * the duals as potentials of the min-cost flow in which each need is a row of demand 1 that may
 * drop (stay unmatched) and each pair weighs `pairWeight + score`. A dual pair (cardinality a,
 * score b) is the number a·pairWeight + b; pairWeight 0 is 'max-score'.
 *
 * Invariants between changes (what makes the pairs optimal, the same as TransportSolver's):
 *  - every edge has reduced cost needPotential - weight - resourcePotential >= 0, and 0 when matched;
 *  - a resource with room has potential 0, a loaded one <= 0 (its dual is -potential);
 *  - a need has potential >= 0, and 0 when it is dropped (unmatched).
 * A change breaks them only at the nodes it touches: `markNeed` / `markResource` record those,
 * and `repair` restores the invariants from there alone (no pass over the whole graph), so a
 * re-solve costs the neighbourhoods the repairs explore, not the graph.
 */
export class IncrementalDispatch {
  needCount = 0;
  resourceCount = 0;
  /** Each need's edges (other end: the resource) and each resource's (other end: the need). */
  readonly needEdges = new PackedAdjacency();
  readonly resourceEdges = new PackedAdjacency();
  /** The matched edge ids of each resource. */
  private readonly resourceMatched: number[][] = [];

  edgeNeed = new Int32Array(16);
  edgeResource = new Int32Array(16);
  edgeScore = new Float64Array(16);
  /** Position of each edge in its need's list, its resource's list and its resource's matched list (-1). */
  private edgeNeedSlot = new Int32Array(16);
  private edgeResourceSlot = new Int32Array(16);
  private edgeMatchedSlot = new Int32Array(16);
  private edgeTop = 0;
  private readonly freeEdges: number[] = [];

  /** Matched edge of each need, or -1. */
  needMatch = new Int32Array(16);
  needDropped = new Uint8Array(16);
  needPotential = new Float64Array(16);
  capacity = new Float64Array(16);
  resourcePotential = new Float64Array(16);

  // Search scratch, epoch-stamped (never cleared), grown with the graph.
  private epoch = 0;
  private needLabels = new DijkstraLabels(16);
  private resourceLabels = new DijkstraLabels(16);
  private readonly settledNeeds: number[] = [];
  private readonly settledResources: number[] = [];
  private readonly pending: number[] = [];
  /** Nodes settled by the searches of the current `repair`: the work its budget bounds. */
  private work = 0;

  // What the current change touched.
  private needMarked = new Uint8Array(16);
  private resourceMarked = new Uint8Array(16);
  private readonly markedNeeds: number[] = [];
  private readonly markedResources: number[] = [];

  constructor(public pairWeight: number) {}

  /** Appends `count` needs without edges (dropped, potential 0). */
  addNeeds(count: number): void {
    const needCount = this.needCount + count;
    if (needCount > this.needMatch.length) {
      const size = Math.max(needCount, 2 * this.needMatch.length);
      this.needMatch = grown(this.needMatch, size, -1);
      this.needDropped = grown(this.needDropped, size, 0);
      this.needPotential = grown(this.needPotential, size, 0);
      this.needMarked = grown(this.needMarked, size, 0);
      this.needLabels = new DijkstraLabels(size);
    }
    this.needEdges.addNodes(count);
    for (let i = this.needCount; i < needCount; i++) {
      this.needMatch[i] = -1;
      this.needDropped[i] = 1;
      this.needPotential[i] = 0;
    }
    this.needCount = needCount;
  }

  /** Appends one resource without edges (potential 0). */
  addResource(capacity: number): void {
    const r = this.resourceCount++;
    if (r >= this.capacity.length) {
      const size = 2 * this.capacity.length;
      this.capacity = grown(this.capacity, size, 0);
      this.resourcePotential = grown(this.resourcePotential, size, 0);
      this.resourceMarked = grown(this.resourceMarked, size, 0);
      this.resourceLabels = new DijkstraLabels(size);
    }
    this.resourceEdges.addNodes(1);
    this.resourceMatched.push([]);
    this.capacity[r] = capacity;
    this.resourcePotential[r] = 0;
  }

  /** Makes room for `count` more edges at once (growing one doubling at a time copies much more). */
  reserveEdges(count: number): void {
    const size = this.edgeTop + count - this.freeEdges.length;
    if (size <= this.edgeNeed.length) return;
    this.edgeNeed = grown(this.edgeNeed, size, 0);
    this.edgeResource = grown(this.edgeResource, size, 0);
    this.edgeScore = grown(this.edgeScore, size, 0);
    this.edgeNeedSlot = grown(this.edgeNeedSlot, size, 0);
    this.edgeResourceSlot = grown(this.edgeResourceSlot, size, 0);
    this.edgeMatchedSlot = grown(this.edgeMatchedSlot, size, 0);
  }

  /**
   * Adds unmatched edges in bulk, each list laid out once with room for its new edges (the order
   * and ids are those of `addEdge` one at a time).
   */
  addEdges(edgeNeed: ArrayLike<number>, edgeResource: ArrayLike<number>, edgeScore: ArrayLike<number>): void {
    this.reserveEdges(edgeNeed.length);
    const needDegree = new Int32Array(this.needCount);
    const resourceDegree = new Int32Array(this.resourceCount);
    for (let k = 0; k < edgeNeed.length; k++) {
      (needDegree[edgeNeed[k] as number] as number)++;
      (resourceDegree[edgeResource[k] as number] as number)++;
    }
    this.needEdges.reserve(needDegree);
    this.resourceEdges.reserve(resourceDegree);
    for (let k = 0; k < edgeNeed.length; k++) this.addEdge(edgeNeed[k] as number, edgeResource[k] as number, edgeScore[k] as number);
  }

  /** Adds an unmatched edge; the caller marks its need, whose potential may now be too low. */
  addEdge(need: number, resource: number, score: number): number {
    let e = this.freeEdges.pop();
    if (e === undefined) {
      if (this.edgeTop === this.edgeNeed.length) this.reserveEdges(this.edgeTop);
      e = this.edgeTop++;
    }
    this.edgeNeed[e] = need;
    this.edgeResource[e] = resource;
    this.edgeScore[e] = score;
    this.edgeNeedSlot[e] = this.needEdges.push(need, resource, score, e);
    this.edgeResourceSlot[e] = this.resourceEdges.push(resource, need, score, e);
    this.edgeMatchedSlot[e] = -1;
    return e;
  }

  /** The edge from `need` to `resource`, or -1. */
  findEdge(need: number, resource: number): number {
    const { start, count, other, edge } = this.needEdges;
    const end = (start[need] as number) + (count[need] as number);
    for (let at = start[need] as number; at < end; at++) if (other[at] === resource) return edge[at] as number;
    return -1;
  }

  /** Removes an edge; a pair on it is undone and both its ends are marked. */
  removeEdge(e: number): void {
    if (this.edgeMatchedSlot[e] !== -1) this.unmatchMarked(e);
    const movedToNeedSlot = this.needEdges.removeAt(this.edgeNeed[e] as number, this.edgeNeedSlot[e] as number);
    if (movedToNeedSlot >= 0) this.edgeNeedSlot[movedToNeedSlot] = this.edgeNeedSlot[e] as number;
    const movedToResourceSlot = this.resourceEdges.removeAt(this.edgeResource[e] as number, this.edgeResourceSlot[e] as number);
    if (movedToResourceSlot >= 0) this.edgeResourceSlot[movedToResourceSlot] = this.edgeResourceSlot[e] as number;
    this.freeEdges.push(e);
  }

  /** Removes every edge of `side`'s `node` (needEdges or resourceEdges), last first. */
  removeEdgesOf(side: PackedAdjacency, node: number): void {
    while ((side.count[node] as number) > 0) this.removeEdge(side.edge[(side.start[node] as number) + (side.count[node] as number) - 1] as number);
  }

  /** New capacity: pairs above it are undone (their needs are marked), and the resource is marked. */
  setCapacity(resource: number, capacity: number): void {
    const matched = this.resourceMatched[resource] as number[];
    while (matched.length > capacity) this.unmatchMarked(matched[matched.length - 1] as number);
    this.capacity[resource] = capacity;
    this.markResource(resource);
  }

  /**
   * Re-expresses every potential for a new pair weight: each decodes into its (cardinality, score)
   * pair under the old weight and encodes under the new one, which keeps every reduced cost's sign.
   * False (nothing changed) when some potential does not decode exactly.
   */
  changePairWeight(pairWeight: number): boolean {
    const needs = this.needPotential.subarray(0, this.needCount).map((value) => reweighed(value, this.pairWeight, pairWeight));
    const resources = this.resourcePotential.subarray(0, this.resourceCount).map((value) => reweighed(value, this.pairWeight, pairWeight));
    if (needs.some(Number.isNaN) || resources.some(Number.isNaN)) return false;
    this.needPotential.set(needs);
    this.resourcePotential.set(resources);
    this.pairWeight = pairWeight;
    return true;
  }

  /** How many needs and resources the changes since the last repair touched. */
  get disturbed(): number {
    return this.markedNeeds.length + this.markedResources.length;
  }

  markNeed(need: number): void {
    if (this.needMarked[need] === 1) return;
    this.needMarked[need] = 1;
    this.markedNeeds.push(need);
  }

  private markResource(resource: number): void {
    if (this.resourceMarked[resource] === 1) return;
    this.resourceMarked[resource] = 1;
    this.markedResources.push(resource);
  }

  /**
   * Replaces the pairs and potentials with a solved state that satisfies the invariants: an edge
   * per need (or -1) and the potentials. Marks are dropped (the state answers every change so far).
   */
  takeSolution(needEdge: ArrayLike<number>, needPotential: ArrayLike<number>, resourcePotential: ArrayLike<number>): void {
    for (const i of this.markedNeeds) this.needMarked[i] = 0;
    for (const r of this.markedResources) this.resourceMarked[r] = 0;
    this.markedNeeds.length = 0;
    this.markedResources.length = 0;
    for (const matched of this.resourceMatched) {
      for (const e of matched) this.edgeMatchedSlot[e] = -1;
      matched.length = 0;
    }
    for (let i = 0; i < this.needCount; i++) {
      this.needMatch[i] = -1;
      const e = needEdge[i] as number;
      this.needPotential[i] = needPotential[i] as number;
      this.needDropped[i] = e < 0 ? 1 : 0;
      if (e >= 0) this.match(e);
    }
    for (let r = 0; r < this.resourceCount; r++) this.resourcePotential[r] = resourcePotential[r] as number;
  }

  /**
   * Restores the invariants after a change, from the marked nodes only: each marked need takes
   * the lowest feasible potential (a matched one whose new edge outbids its pair is unmatched
   * first); a need left unmatched at potential 0 is optimal as it is (complementary slackness: no
   * search), the others wait. Each waiting need gets one shortest augmenting path (`augmentFrom`),
   * which ends at a resource with room or at a need that drops, whichever is cheaper. A resource
   * that got room with a negative potential (a "hole": its pair left, its dual did not) counts as
   * already owed that unit (its arc to the sink saturated, so every reduced cost stays >= 0): the
   * waiting needs end there at their plain distance, and most holes are taken that way. The holes
   * left are then filled or brought up to potential 0 (`fillResource`). Filling them first, the
   * order before, measured 6x slower on S2 +1% (each hole moved away, then each new need searched
   * its way to where it went).
   * Waiting needs taken by potential (either way) or in reverse settled no fewer nodes there
   * (0.96-1.24M against 0.97M).
   *
   * The searches stop once they have settled more than `budget` nodes in all (counted between
   * searches, so no search is left half done): false then, and the pairs and potentials are
   * inconsistent until `takeSolution` replaces them.
   */
  repair(budget: number): boolean {
    this.work = 0;
    const waiting: number[] = [];
    this.markedNeeds.sort((a, b) => a - b);
    for (const i of this.markedNeeds) {
      this.needMarked[i] = 0;
      if (this.settleNeed(i)) waiting.push(i);
    }
    this.markedNeeds.length = 0;
    for (const i of waiting) {
      while (this.needMatch[i] === -1 && this.needDropped[i] === 0) {
        this.augmentFrom(i);
        if (this.work > budget) return false;
      }
    }
    this.markedResources.sort((a, b) => a - b);
    for (const r of this.markedResources) {
      this.resourceMarked[r] = 0;
      while ((this.resourceMatched[r] as number[]).length < (this.capacity[r] as number) && (this.resourcePotential[r] as number) < 0) {
        this.fillResource(r);
        if (this.work > budget) return false;
      }
    }
    this.markedResources.length = 0;
    return true;
  }

  /** Lowest feasible potential for a marked need; true when it must wait for an augmenting path. */
  private settleNeed(i: number): boolean {
    let best = 0;
    const { start, count, other, score } = this.needEdges;
    const end = (start[i] as number) + (count[i] as number);
    for (let at = start[i] as number; at < end; at++) {
      const value = this.pairWeight + (score[at] as number) + (this.resourcePotential[other[at] as number] as number);
      if (value > best) best = value;
    }
    const matched = this.needMatch[i] as number;
    if (matched >= 0) {
      // Its pair is tight, so best >= its potential; equal means every edge is still feasible.
      if (best <= (this.needPotential[i] as number)) return false;
      this.unmatch(matched);
      this.markResource(this.edgeResource[matched] as number);
    }
    this.needPotential[i] = best;
    this.needDropped[i] = best === 0 ? 1 : 0;
    return best !== 0;
  }

  /** Undoes a pair; the resource, which now has room, is marked for `fillResource`. */
  private unmatchMarked(e: number): void {
    this.unmatch(e);
    this.markNeed(this.edgeNeed[e] as number);
    this.markResource(this.edgeResource[e] as number);
  }

  /**
   * One shortest augmenting path from unmatched `root` (Dijkstra on reduced costs, resources in a
   * heap, needs reached through the pairs of full resources): it ends at a resource with room, or
   * at a need that drops (the root itself at its potential). Only the settled nodes' potentials move.
   */
  private augmentFrom(root: number): void {
    const { edgeNeed, capacity, resourceMatched, pending, settledNeeds, settledResources, pairWeight } = this;
    const { start: rowStart, count: rowCount, other: rowResource, score: rowScore, edge: rowEdge } = this.needEdges;
    const { resourcePotential, needPotential, resourceLabels: resources } = this;
    const { distance: resourceDist, done: resourceDone, heap } = resources;
    const { distance: needDist, seen: needSeen, via: needVia } = this.needLabels;
    const epoch = ++this.epoch;
    let best = needPotential[root] as number;
    let bestResource = -1;
    let bestDrop = root;
    needSeen[root] = epoch;
    needDist[root] = 0;
    needVia[root] = -1;
    settledNeeds.push(root);
    let row = root;
    let rowDistance = 0;
    for (;;) {
      const base = rowDistance + (needPotential[row] as number) - pairWeight;
      const end = (rowStart[row] as number) + (rowCount[row] as number);
      for (let at = rowStart[row] as number; at < end; at++) {
        const c = rowResource[at] as number;
        if (resourceDone[c] === epoch) continue;
        const distance = base - (rowScore[at] as number) - (resourcePotential[c] as number);
        if (distance >= best || !resources.offer(c, distance, rowEdge[at] as number, epoch)) continue;
        // A resource with room: at potential 0 its arc to the sink costs nothing; a hole is owed the unit.
        if ((resourceMatched[c] as number[]).length < (capacity[c] as number)) {
          best = distance;
          bestResource = c;
          bestDrop = -1;
        }
      }
      if (pending.length === 0) {
        while (pending.length === 0 && heap.size > 0 && (resourceDist[heap.peek()] as number) < best) {
          const c = heap.pop();
          resourceDone[c] = epoch;
          settledResources.push(c);
          const distance = resourceDist[c] as number;
          for (const matchedEdge of resourceMatched[c] as number[]) {
            const j = edgeNeed[matchedEdge] as number;
            if (needSeen[j] === epoch) continue;
            needSeen[j] = epoch;
            needDist[j] = distance;
            needVia[j] = matchedEdge;
            settledNeeds.push(j);
            pending.push(j);
            if (distance + (needPotential[j] as number) < best) {
              best = distance + (needPotential[j] as number);
              bestDrop = j;
              bestResource = -1;
            }
          }
        }
        if (pending.length === 0) break;
      }
      row = pending.pop() as number;
      rowDistance = needDist[row] as number;
    }
    pending.length = 0;
    heap.clear();
    this.work += settledNeeds.length + settledResources.length;
    for (const i of settledNeeds) needPotential[i] = (needPotential[i] as number) + (needDist[i] as number) - best;
    for (const c of settledResources) resourcePotential[c] = (resourcePotential[c] as number) + (resourceDist[c] as number) - best;
    settledNeeds.length = 0;
    settledResources.length = 0;
    this.flipPath(root, bestResource, bestDrop);
  }

  /** Flips the path found by `augmentFrom` that ends at `endResource` (or at dropping `dropNeed`) back to `root`. */
  private flipPath(root: number, endResource: number, dropNeed: number): void {
    let c = endResource;
    if (dropNeed >= 0) {
      this.needDropped[dropNeed] = 1;
      this.needPotential[dropNeed] = 0;
      if (dropNeed === root) return;
      const leaving = this.needLabels.via[dropNeed] as number;
      c = this.edgeResource[leaving] as number;
      this.unmatch(leaving);
    }
    for (;;) {
      const e = this.resourceLabels.via[c] as number;
      const row = this.edgeNeed[e] as number;
      if (row === root) {
        this.match(e);
        return;
      }
      const leaving = this.needLabels.via[row] as number;
      const previous = this.edgeResource[leaving] as number;
      this.unmatch(leaving);
      this.match(e);
      c = previous;
    }
  }

  /**
   * Resource `target` has room but a negative potential: Dijkstra backwards from it to the nearest
   * source of one more pair, a dropped need (it gets matched) or a loaded resource (it gives one
   * pair up). When that path is shorter than -potential one unit moves along it into `target`;
   * either way the settled nodes' potentials move by (reach - distance), which keeps every other
   * reduced cost >= 0 and brings the target's potential up by the reach (to 0 when nothing is nearer).
   */
  private fillResource(target: number): void {
    const { edgeResource, edgeNeed, needMatch, resourceMatched, settledNeeds, settledResources, pairWeight } = this;
    const { start: columnStart, count: columnCount, other: columnNeed, score: columnScore, edge: columnEdge } = this.resourceEdges;
    const { resourcePotential, needPotential, needLabels: needs, resourceLabels: resources } = this;
    const { distance: needDist, done: needDone, heap } = needs;
    const { distance: resourceDist, seen: resourceSeen, via: resourceVia } = resources;
    const epoch = ++this.epoch;
    let best = -(resourcePotential[target] as number);
    let bestNeed = -1;
    let bestResource = -1;
    const pendingResources: number[] = [target];
    resourceSeen[target] = epoch;
    resourceDist[target] = 0;
    for (;;) {
      // Resources reached through tight pairs sit at their need's distance: expand them first.
      const x = pendingResources.pop();
      if (x !== undefined) {
        settledResources.push(x);
        const distance = resourceDist[x] as number;
        if (x !== target && (resourceMatched[x] as number[]).length > 0 && distance - (resourcePotential[x] as number) < best) {
          best = distance - (resourcePotential[x] as number);
          bestResource = x;
          bestNeed = -1;
        }
        const base = distance - (resourcePotential[x] as number) - pairWeight;
        const end = (columnStart[x] as number) + (columnCount[x] as number);
        for (let at = columnStart[x] as number; at < end; at++) {
          const i = columnNeed[at] as number;
          if (needDone[i] === epoch) continue;
          const e = columnEdge[at] as number;
          // A need matched to x is no predecessor (its edge is saturated) but settles with x, so
          // that its edge stays tight.
          const reach = needMatch[i] === e ? distance : base + (needPotential[i] as number) - (columnScore[at] as number);
          if (reach < best) needs.offer(i, reach, e, epoch);
        }
        continue;
      }
      if (heap.size === 0 || (needDist[heap.peek()] as number) >= best) break;
      const i = heap.pop();
      needDone[i] = epoch;
      settledNeeds.push(i);
      const distance = needDist[i] as number;
      if (this.needDropped[i] === 1 && distance < best) {
        best = distance;
        bestNeed = i;
        bestResource = -1;
      }
      const matched = needMatch[i] as number;
      if (matched < 0) continue;
      const y = edgeResource[matched] as number;
      if (resourceSeen[y] === epoch) continue;
      resourceSeen[y] = epoch;
      resourceDist[y] = distance;
      resourceVia[y] = matched;
      pendingResources.push(y);
    }
    heap.clear();
    this.work += settledNeeds.length + settledResources.length;
    for (const i of settledNeeds) needPotential[i] = (needPotential[i] as number) + best - (needDist[i] as number);
    for (const x of settledResources) resourcePotential[x] = (resourcePotential[x] as number) + best - (resourceDist[x] as number);
    settledNeeds.length = 0;
    settledResources.length = 0;
    if (bestNeed < 0 && bestResource < 0) return;
    // Undo the path's pairs first (resources on it may be full).
    if (bestNeed >= 0) this.needDropped[bestNeed] = 0;
    const { leaving, entering } = fillPath(bestNeed, bestResource, target, needs, resources, edgeNeed, edgeResource);
    for (const e of leaving) this.unmatch(e);
    for (const e of entering) this.match(e);
  }

  private match(e: number): void {
    const matched = this.resourceMatched[this.edgeResource[e] as number] as number[];
    this.needMatch[this.edgeNeed[e] as number] = e;
    this.needDropped[this.edgeNeed[e] as number] = 0;
    this.edgeMatchedSlot[e] = matched.length;
    matched.push(e);
  }

  private unmatch(e: number): void {
    this.needMatch[this.edgeNeed[e] as number] = -1;
    removeAt(this.resourceMatched[this.edgeResource[e] as number] as number[], this.edgeMatchedSlot[e] as number, this.edgeMatchedSlot);
    this.edgeMatchedSlot[e] = -1;
  }
}

/**
 * A potential a·from + b as a·to + b, NaN when it is not such a pair (|b| > from / 4). With
 * from = 0 ('max-score') every potential is a score.
 */
function reweighed(value: number, from: number, to: number): number {
  if (from === 0) return value;
  const cardinality = Math.round(value / from);
  const score = value - cardinality * from;
  return Math.abs(score) <= from / 4 ? cardinality * to + score : Number.NaN;
}

/** Removes list[slot] by moving the last item into it; `slotOf` records each item's position. */
function removeAt(list: number[], slot: number, slotOf: Int32Array): void {
  const last = list.pop() as number;
  if (slot < list.length) {
    list[slot] = last;
    slotOf[last] = slot;
  }
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(array: T, size: number, fill: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(size);
  bigger.set(array);
  // A new typed array is zeroed already; filling it again would touch every page for nothing.
  if (fill !== 0) bigger.fill(fill, array.length);
  return bigger;
}
