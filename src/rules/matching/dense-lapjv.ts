/**
 * Jonker–Volgenant for the dense square assignment problem (every row and column assigned, total
 * score maximal): column reduction, reduction transfer, two rounds of augmenting row reduction,
 * then shortest augmenting paths. After Jonker & Volgenant (1987), "A shortest augmenting path
 * algorithm for dense and sparse linear assignment problems".
 *
 * Works on column duals v with reduced cost v[j] - score(i, j) (the row dual u[i] is the row's
 * smallest reduced cost, negated). The hot loops read one row of the caller's row-major matrix and
 * the column arrays front to back, and allocate nothing.
 */
/** A row-major n×n score matrix; integer typed arrays are read as they are, without a copy. */
export type DenseScores = Int32Array | Float64Array;

/** The best assignment and duals proving it: u[i] + v[j] >= score(i, j), equal on assigned pairs, v >= 0 with min v = 0. */
export interface DenseAssignment {
  /** The column of each row. */
  rowCol: Int32Array;
  u: Float64Array;
  v: Float64Array;
}

/** Maximum-score perfect assignment of an n×n matrix (n >= 1); ties broken by a fixed scan order. */
export function denseAssignment(n: number, score: DenseScores): DenseAssignment {
  const x = new Int32Array(n).fill(-1); // column of each row
  const y = new Int32Array(n).fill(-1); // row of each column
  const v = new Float64Array(n);
  const free = new Int32Array(n);
  let freeCount = reduceColumns(n, score, x, y, v, free);
  for (let round = 0; round < 2 && freeCount > 0; round++) freeCount = reduceRows(n, score, x, y, v, free, freeCount);
  if (freeCount > 0) augment(n, score, x, y, v, free, freeCount);
  // Shifted so that the smallest column dual is 0; u follows as score minus v on each pair.
  let minV = Infinity;
  for (let j = 0; j < n; j++) if ((v[j] as number) < minV) minV = v[j] as number;
  for (let j = 0; j < n; j++) v[j] = (v[j] as number) - minV;
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = x[i] as number;
    u[i] = (score[i * n + j] as number) - (v[j] as number);
  }
  return { rowCol: x, u, v };
}

/** Column reduction and reduction transfer; returns how many rows are left free (listed in `free`). */
function reduceColumns(n: number, score: DenseScores, x: Int32Array, y: Int32Array, v: Float64Array, free: Int32Array): number {
  v.fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const s = score[row + j] as number;
      if (s > (v[j] as number)) {
        v[j] = s;
        y[j] = i;
      }
    }
  }
  // A row that is the best of several columns keeps the last of them; the others go free.
  const unique = new Uint8Array(n).fill(1);
  for (let j = n - 1; j >= 0; j--) {
    const i = y[j] as number;
    if (x[i] === -1) x[i] = j;
    else {
      unique[i] = 0;
      y[j] = -1;
    }
  }
  let freeCount = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] === -1) free[freeCount++] = i;
    else if (unique[i] === 1) {
      // Reduction transfer: raise the column's dual by the row's second-best reduced cost.
      const j = x[i] as number;
      let min = Infinity;
      const row = i * n;
      for (let k = 0; k < n; k++) {
        if (k === j) continue;
        const reduced = (v[k] as number) - (score[row + k] as number);
        if (reduced < min) min = reduced;
      }
      if (min !== Infinity) v[j] = (v[j] as number) + min;
    }
  }
  return freeCount;
}

/** Augmenting row reduction (an auction-like pass); returns the rows still free. */
function reduceRows(n: number, score: DenseScores, x: Int32Array, y: Int32Array, v: Float64Array, free: Int32Array, freeCount: number): number {
  let current = 0;
  let stillFree = 0;
  let steps = 0;
  while (current < freeCount) {
    steps++;
    const i = free[current++] as number;
    const row = i * n;
    // The smallest and second smallest reduced cost in the row.
    let j1 = 0;
    let v1 = (v[0] as number) - (score[row] as number);
    let j2 = -1;
    let v2 = Infinity;
    for (let j = 1; j < n; j++) {
      const reduced = (v[j] as number) - (score[row + j] as number);
      if (reduced < v2) {
        if (reduced >= v1) {
          v2 = reduced;
          j2 = j;
        } else {
          v2 = v1;
          v1 = reduced;
          j2 = j1;
          j1 = j;
        }
      }
    }
    let i0 = y[j1] as number;
    const raised = (v[j1] as number) + (v2 - v1);
    const raises = raised > (v[j1] as number);
    // The step bound keeps a cycle of rows outbidding each other on ties from running forever.
    if (steps < current * n) {
      if (raises) v[j1] = raised;
      else if (i0 >= 0 && j2 >= 0) {
        j1 = j2;
        i0 = y[j2] as number;
      }
      if (i0 >= 0) {
        if (raises) free[--current] = i0;
        else free[stillFree++] = i0;
      }
    } else if (i0 >= 0) free[stillFree++] = i0;
    x[i] = j1;
    y[j1] = i;
  }
  return stillFree;
}

/** Shortest augmenting path from each free row, then the flip of the path. */
function augment(n: number, score: DenseScores, x: Int32Array, y: Int32Array, v: Float64Array, free: Int32Array, freeCount: number): void {
  const g = new Float64Array(n);
  const pred = new Int32Array(n);
  const state = new Uint8Array(n);
  const bucket = new Int32Array(n);
  const ready = new Int32Array(n);
  for (let f = 0; f < freeCount; f++) {
    const start = free[f] as number;
    let j = shortestPath(n, score, start, y, v, g, pred, state, bucket, ready);
    let i = -1;
    while (i !== start) {
      i = pred[j] as number;
      y[j] = i;
      const k = j;
      j = x[i] as number;
      x[i] = k;
    }
  }
}

const TODO = 0;
const IN_BUCKET = 1;
const READY = 2;

/**
 * Dijkstra over the reduced costs from row `start` to the nearest free column, which it returns;
 * updates v of the columns settled before it. Column j's distance is kept as g[j] = v[j] - d[j]
 * (v does not change during the search), so a row scan reads only the row and g. Columns wait in
 * `bucket` at the current minimum distance and are scanned first in, first out (breadth first:
 * about a fifth fewer row scans than last in, first out on the bench's D2000). A row is scanned
 * over every column in index order: a settled or waiting column never improves (its distance is at
 * most the minimum, every new one at least), so no list of the remaining columns is needed and the
 * reads stay sequential.
 */
function shortestPath(
  n: number,
  score: DenseScores,
  start: number,
  y: Int32Array,
  v: Float64Array,
  g: Float64Array,
  pred: Int32Array,
  state: Uint8Array,
  bucket: Int32Array,
  ready: Int32Array,
): number {
  const startRow = start * n;
  for (let j = 0; j < n; j++) {
    g[j] = score[startRow + j] as number;
    pred[j] = start;
  }
  state.fill(TODO);
  let waiting = 0;
  let head = 0;
  let readyCount = 0;
  let min = 0;
  let end = -1;
  while (end === -1) {
    if (head === waiting) {
      // Every column still to do at the smallest distance waits in the bucket, in index order.
      min = Infinity;
      head = 0;
      waiting = 0;
      for (let j = 0; j < n; j++) {
        if (state[j] !== TODO) continue;
        const dj = (v[j] as number) - (g[j] as number);
        if (dj <= min) {
          if (dj < min) {
            waiting = 0;
            min = dj;
          }
          bucket[waiting++] = j;
        }
      }
      for (let k = 0; k < waiting; k++) {
        const j = bucket[k] as number;
        if ((y[j] as number) < 0) {
          end = j;
          break;
        }
        state[j] = IN_BUCKET;
      }
      if (end !== -1) break;
    }
    const j = bucket[head++] as number;
    state[j] = READY;
    ready[readyCount++] = j;
    const i = y[j] as number;
    const row = i * n;
    // Through row i, column k is at v[k] - (score(i, k) + h): closer than d[k] when score + h > g[k].
    const h = (v[j] as number) - (score[row + j] as number) - min;
    for (let k = 0; k < n; k++) {
      const reach = (score[row + k] as number) + h;
      if (reach > (g[k] as number)) {
        g[k] = reach;
        pred[k] = i;
        if ((v[k] as number) - reach === min) {
          if ((y[k] as number) < 0) {
            end = k;
            break;
          }
          state[k] = IN_BUCKET;
          bucket[waiting++] = k;
        }
      }
    }
  }
  for (let k = 0; k < readyCount; k++) {
    const j = ready[k] as number;
    v[j] = min + (g[j] as number);
  }
  return end;
}
