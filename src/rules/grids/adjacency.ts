import { Delaunay } from 'd3-delaunay';

/** Undirected edges between building indices, each listed once. */
export interface EdgeList {
  a: Int32Array;
  b: Int32Array;
}

/**
 * The buildings' neighbours by Delaunay triangulation (d3-delaunay), without
 * edges longer than `maxDistance` (a river or a highway cuts them).
 * Collinear buildings are chained along their line; a building sharing its
 * position with another (which the triangulation skips) is linked to it.
 */
export function delaunayEdges(xs: ArrayLike<number>, ys: ArrayLike<number>, maxDistance = Infinity): EdgeList {
  const n = xs.length;
  const coordinates = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    coordinates[2 * i] = xs[i] as number;
    coordinates[2 * i + 1] = ys[i] as number;
  }
  if (n < 2) return { a: new Int32Array(0), b: new Int32Array(0) };
  const delaunay = new Delaunay(coordinates);
  // At most one edge per half-edge, plus one per building for collinear chains and coincident buildings.
  const capacity = delaunay.triangles.length + 2 * n;
  const a = new Int32Array(capacity);
  const b = new Int32Array(capacity);
  let count = 0;
  const add = (i: number, j: number): void => {
    const dx = (xs[i] as number) - (xs[j] as number);
    const dy = (ys[i] as number) - (ys[j] as number);
    if (dx * dx + dy * dy > maxDistance * maxDistance) return;
    a[count] = i;
    b[count++] = j;
  };
  const linked = new Uint8Array(n);
  const { collinear } = delaunay as unknown as { collinear?: Int32Array };
  if (collinear !== undefined) {
    for (let i = 1; i < collinear.length; i++) {
      const u = collinear[i - 1] as number;
      const v = collinear[i] as number;
      linked[u] = linked[v] = 1;
      add(u, v);
    }
  } else {
    const { triangles, halfedges } = delaunay;
    for (let e = 0; e < triangles.length; e++) {
      if ((halfedges[e] as number) > e) continue;
      const u = triangles[e] as number;
      const v = triangles[e % 3 === 2 ? e - 2 : e + 1] as number;
      linked[u] = linked[v] = 1;
      add(u, v);
    }
  }
  for (let i = 0; i < n; i++) {
    if (linked[i] === 1) continue;
    const nearest = delaunay.find(xs[i] as number, ys[i] as number);
    if (nearest >= 0 && nearest !== i) add(i, nearest);
  }
  return { a: a.slice(0, count), b: b.slice(0, count) };
}
