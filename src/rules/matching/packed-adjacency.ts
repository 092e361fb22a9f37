/**
 * One side's edge lists of a graph that changes (the needs' or the resources' in a dispatch
 * session), packed in a pool of typed arrays: each node's entries (the edge's other end, its score
 * and its id) sit contiguously from `start[node]`, so a search scanning a node reads them in
 * sequence instead of looking each edge up at random in graph-wide arrays.
 *
 * Entries keep the order of a plain list with swap-with-last removal (`push` appends, `removeAt`
 * moves the last entry into the hole), so searches break ties exactly as they would on lists.
 * A node that outgrows its room moves to the pool's end with twice the room (in place when it
 * ends the pool, as new nodes filled one after the other do); `compact` reclaims the space left
 * behind and lays out an eighth of spare room per node and a quarter for the pool to grow into.
 */
export class PackedAdjacency {
  nodeCount = 0;
  start = new Int32Array(16);
  count = new Int32Array(16);
  private room = new Int32Array(16);

  other = new Int32Array(16);
  score = new Float64Array(16);
  edge = new Int32Array(16);
  /** First pool entry past every node's room. */
  private top = 0;
  /** Pool entries left behind by nodes that moved. */
  private abandoned = 0;

  /** Appends `nodes` nodes without entries. */
  addNodes(nodes: number): void {
    const nodeCount = this.nodeCount + nodes;
    if (nodeCount > this.start.length) {
      const size = Math.max(nodeCount, 2 * this.start.length);
      this.start = grownTo(this.start, size);
      this.count = grownTo(this.count, size);
      this.room = grownTo(this.room, size);
    }
    this.start.fill(this.top, this.nodeCount, nodeCount);
    this.count.fill(0, this.nodeCount, nodeCount);
    this.room.fill(0, this.nodeCount, nodeCount);
    this.nodeCount = nodeCount;
  }

  /**
   * Lays the pool out again with room for `degree[node]` more entries per node (packed, in node
   * order), so that a bulk load of edges moves no node.
   */
  reserve(degree: ArrayLike<number>): void {
    this.compact(degree);
  }

  /** Appends an entry to `node`'s list; returns its position in the list. */
  push(node: number, other: number, score: number, edge: number): number {
    const slot = this.count[node] as number;
    if (slot === this.room[node]) this.move(node, Math.max(4, 2 * slot));
    const at = (this.start[node] as number) + slot;
    this.other[at] = other;
    this.score[at] = score;
    this.edge[at] = edge;
    this.count[node] = slot + 1;
    return slot;
  }

  /** Removes the entry at position `slot` of `node`'s list; returns the edge moved into it, or -1. */
  removeAt(node: number, slot: number): number {
    const start = this.start[node] as number;
    const last = (this.count[node] as number) - 1;
    this.count[node] = last;
    if (last === 0) {
      // An emptied node (a removed need keeps its index) gives its room back for `compact`.
      this.abandoned += this.room[node] as number;
      this.room[node] = 0;
    }
    if (slot === last) return -1;
    const from = start + last;
    const to = start + slot;
    this.other[to] = this.other[from] as number;
    this.score[to] = this.score[from] as number;
    this.edge[to] = this.edge[from] as number;
    return this.edge[to] as number;
  }

  /** Gives `node` room for `room` entries: in place when it ends the pool, else at the pool's end. */
  private move(node: number, room: number): void {
    const start = this.start[node] as number;
    const oldRoom = this.room[node] as number;
    if (start + oldRoom === this.top) {
      this.ensurePool(start + room);
      this.top = start + room;
      this.room[node] = room;
      return;
    }
    // Compacting costs the pool and the nodes: due once the space left behind is a quarter of that.
    if (4 * (this.abandoned + oldRoom) > this.top + this.nodeCount) {
      const extra = new Int32Array(this.nodeCount);
      extra[node] = room - (this.count[node] as number);
      this.compact(extra);
      return;
    }
    this.ensurePool(this.top + room);
    const count = this.count[node] as number;
    this.other.copyWithin(this.top, start, start + count);
    this.score.copyWithin(this.top, start, start + count);
    this.edge.copyWithin(this.top, start, start + count);
    this.start[node] = this.top;
    this.room[node] = room;
    this.top += room;
    this.abandoned += oldRoom;
  }

  /**
   * Rewrites the pool in node order, each node with room for its entries, `extra[node]` more and
   * an eighth to spare (so that a change adding an edge here and there moves no node).
   */
  private compact(extra: ArrayLike<number>): void {
    let size = 0;
    for (let node = 0; node < this.nodeCount; node++) size += roomFor((this.count[node] as number) + (extra[node] ?? 0));
    // A quarter more to grow into: pages untouched cost no memory until used, while growing the
    // pool later means a fresh allocation (~140 ms for S2's 2M entries, against ~1 ms of moves).
    const other = new Int32Array(Math.max(16, size + (size >> 2)));
    const score = new Float64Array(other.length);
    const edge = new Int32Array(other.length);
    let top = 0;
    for (let node = 0; node < this.nodeCount; node++) {
      const start = this.start[node] as number;
      const count = this.count[node] as number;
      other.set(this.other.subarray(start, start + count), top);
      score.set(this.score.subarray(start, start + count), top);
      edge.set(this.edge.subarray(start, start + count), top);
      this.start[node] = top;
      this.room[node] = roomFor(count + (extra[node] ?? 0));
      top += this.room[node] as number;
    }
    this.other = other;
    this.score = score;
    this.edge = edge;
    this.top = top;
    this.abandoned = 0;
  }

  private ensurePool(size: number): void {
    if (size <= this.other.length) return;
    const length = Math.max(size, 2 * this.other.length);
    this.other = grownTo(this.other, length);
    this.score = grownTo(this.score, length);
    this.edge = grownTo(this.edge, length);
  }
}

function roomFor(entries: number): number {
  return entries + (entries >> 3);
}

function grownTo<T extends Int32Array | Float64Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(size);
  bigger.set(array);
  return bigger;
}
