/**
 * The household-weighted adjacency graph of a set of buildings, renumbered
 * 0..n-1 in compressed sparse rows so the partitioner runs on typed arrays.
 * `globalOf[i]` is the caller's index of local node i.
 */
export interface LocalGraph {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly w: Float64Array;
  readonly globalOf: Int32Array;
}

/** What a local graph is cut out of: coordinates, weights and neighbours by global index. */
export interface GlobalBuildings {
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
  readonly w: ArrayLike<number>;
  neighbours(v: number): ArrayLike<number>;
}

/**
 * The subgraph induced by `nodes` (global indices, in the order given).
 * `localIndex` must map every global index to its local index or -1; the
 * caller supplies it so a large graph needs no per-call Map.
 */
export function inducedGraph(source: GlobalBuildings, nodes: ArrayLike<number>, localIndex: (v: number) => number): LocalGraph {
  const n = nodes.length;
  const offsets = new Int32Array(n + 1);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const w = new Float64Array(n);
  const globalOf = new Int32Array(n);
  let edges: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = nodes[i] as number;
    globalOf[i] = v;
    xs[i] = source.xs[v] as number;
    ys[i] = source.ys[v] as number;
    w[i] = source.w[v] as number;
    const around = source.neighbours(v);
    for (let j = 0; j < around.length; j++) {
      const local = localIndex(around[j] as number);
      if (local >= 0) edges.push(local);
    }
    offsets[i + 1] = edges.length;
  }
  const targets = Int32Array.from(edges);
  edges = [];
  return { n, offsets, targets, xs, ys, w, globalOf };
}

/** A CSR graph over n nodes from undirected edge endpoints `a[i]`–`b[i]` (each edge once). */
export function csrFromEdges(n: number, a: Int32Array, b: Int32Array): { offsets: Int32Array; targets: Int32Array } {
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < a.length; i++) {
    offsets[(a[i] as number) + 1]! += 1;
    offsets[(b[i] as number) + 1]! += 1;
  }
  for (let v = 0; v < n; v++) offsets[v + 1]! += offsets[v] as number;
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(offsets[n] as number);
  for (let i = 0; i < a.length; i++) {
    const u = a[i] as number;
    const v = b[i] as number;
    targets[fill[u]!++] = v;
    targets[fill[v]!++] = u;
  }
  return { offsets, targets };
}
