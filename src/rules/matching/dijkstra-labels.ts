import { IndexHeap } from './index-heap.js';

/**
 * One side's labels (needs or resources, rows or columns) in the shortest-path searches of the
 * transport solver and the dispatch session: each node's distance and the edge it was reached
 * through, stamped with the search's epoch so that no search clears them, when it was settled,
 * and the heap of labelled nodes not yet settled.
 */
export class DijkstraLabels {
  readonly seen: Int32Array;
  readonly done: Int32Array;
  readonly distance: Float64Array;
  readonly via: Int32Array;
  readonly heap: IndexHeap;

  /** Labels for `size` nodes. Between searches they can be replaced by larger ones: epochs only grow, so zeros are no label. */
  constructor(size: number) {
    this.seen = new Int32Array(size);
    this.done = new Int32Array(size);
    this.distance = new Float64Array(size);
    this.via = new Int32Array(size);
    this.heap = new IndexHeap(size, this.distance);
  }

  /**
   * The relaxation step: labels `node` at `distance` through `edge` in search `epoch` when it has
   * no label yet or a longer one (and queues it). False when the label it has is as short.
   */
  offer(node: number, distance: number, edge: number, epoch: number): boolean {
    if (this.seen[node] !== epoch) {
      this.seen[node] = epoch;
      this.distance[node] = distance;
      this.via[node] = edge;
      this.heap.push(node);
      return true;
    }
    if (distance < (this.distance[node] as number)) {
      this.distance[node] = distance;
      this.via[node] = edge;
      this.heap.decrease(node);
      return true;
    }
    return false;
  }
}

/**
 * The path a backward search (filling a resource that has room) found, from its source to
 * `target`: the matched edges it undoes and the edges it matches. The source is a dropped need
 * (`sourceNeed`) or a loaded resource giving one pair up (`sourceResource`); needs' `via` is the
 * edge towards the target, resources' `via` the matched edge they were reached through.
 */
export function fillPath(
  sourceNeed: number,
  sourceResource: number,
  target: number,
  needs: DijkstraLabels,
  resources: DijkstraLabels,
  edgeNeed: ArrayLike<number>,
  edgeResource: ArrayLike<number>,
): { leaving: number[]; entering: number[] } {
  const leaving: number[] = [];
  const entering: number[] = [];
  let need = sourceNeed;
  let resource = sourceResource;
  for (;;) {
    if (need < 0) {
      const e = resources.via[resource] as number;
      leaving.push(e);
      need = edgeNeed[e] as number;
    }
    const e = needs.via[need] as number;
    entering.push(e);
    resource = edgeResource[e] as number;
    if (resource === target) return { leaving, entering };
    need = -1;
  }
}
