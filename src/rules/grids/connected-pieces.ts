import type { LocalGraph } from './local-graph.js';

/** Breadth-first search buffers for one local graph, reused across calls. */
export class GraphScratch {
  readonly seen: Int32Array;
  readonly queue: Int32Array;
  private round = 0;

  constructor(readonly graph: LocalGraph) {
    this.seen = new Int32Array(graph.n);
    this.queue = new Int32Array(graph.n);
  }

  /** A fresh mark: `seen[v] === mark` means visited in this search. */
  nextMark(): number {
    this.round += 1;
    return this.round;
  }

  /**
   * The connected pieces of the nodes `label[v] === value` among `nodes`,
   * each piece in discovery order, pieces in order of their first node.
   */
  pieces(nodes: ArrayLike<number>, label: Int32Array, value: number): Int32Array[] {
    const { offsets, targets } = this.graph;
    const mark = this.nextMark();
    const result: Int32Array[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const start = nodes[i] as number;
      if (label[start] !== value || this.seen[start] === mark) continue;
      let head = 0;
      let tail = 0;
      this.queue[tail++] = start;
      this.seen[start] = mark;
      while (head < tail) {
        const v = this.queue[head++] as number;
        for (let e = offsets[v] as number, end = offsets[v + 1] as number; e < end; e++) {
          const u = targets[e] as number;
          if (label[u] === value && this.seen[u] !== mark) {
            this.seen[u] = mark;
            this.queue[tail++] = u;
          }
        }
      }
      result.push(this.queue.slice(0, tail));
    }
    return result;
  }

  /**
   * Whether the group `label === label[v]` stays connected once v leaves it:
   * true when v's group neighbours still reach each other without v. The
   * search gives up after `limit` nodes and answers false, so a true is
   * always right and a move it allows never splits a grid.
   */
  staysConnectedWithout(v: number, label: Int32Array, limit: number): boolean {
    const { offsets, targets } = this.graph;
    const value = label[v];
    let first = -1;
    let wanted = 0;
    for (let e = offsets[v] as number, end = offsets[v + 1] as number; e < end; e++) {
      const u = targets[e] as number;
      if (label[u] !== value) continue;
      if (first < 0) first = u;
      wanted += 1;
    }
    if (wanted <= 1) return true;
    const wantedMark = this.nextMark();
    const visitedMark = this.nextMark();
    for (let e = offsets[v] as number, end = offsets[v + 1] as number; e < end; e++) {
      const u = targets[e] as number;
      if (label[u] === value) this.seen[u] = wantedMark;
    }
    this.seen[v] = visitedMark;
    this.seen[first] = visitedMark;
    let found = 1;
    let head = 0;
    let tail = 0;
    this.queue[tail++] = first;
    while (head < tail) {
      const x = this.queue[head++] as number;
      for (let e = offsets[x] as number, end = offsets[x + 1] as number; e < end; e++) {
        const u = targets[e] as number;
        if (label[u] !== value) continue;
        const seen = this.seen[u];
        if (seen === visitedMark) continue;
        if (seen === wantedMark) {
          found += 1;
          if (found === wanted) return true;
        }
        this.seen[u] = visitedMark;
        if (tail >= limit) return false;
        this.queue[tail++] = u;
      }
    }
    return false;
  }
}
