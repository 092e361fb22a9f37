/**
 * Jonker–Volgenant for the dense square assignment problem (minimum cost, every row and column
 * assigned): column reduction, reduction transfer, two rounds of augmenting row reduction, then
 * shortest augmenting paths over dense arrays. After Jonker & Volgenant (1987), "A shortest
 * augmenting path algorithm for dense and sparse linear assignment problems".
 *
 * `cost` is row-major n×n. Returns the column of each row and duals with
 * u[i] + v[j] <= cost[i][j], equal on assigned pairs.
 */
/** Int32 when every cost fits (half the memory traffic of the row scans), Float64 otherwise. */
export type DenseCost = Int32Array | Float64Array;

export function denseAssignment(n: number, cost: DenseCost): { rowCol: Int32Array; u: Float64Array; v: Float64Array } {
  const x = new Int32Array(n).fill(-1); // column of each row
  const y = new Int32Array(n).fill(-1); // row of each column
  const v = new Float64Array(n);
  const free = new Int32Array(n);
  let freeCount = reduceColumns(n, cost, x, y, v, free);
  for (let round = 0; round < 2 && freeCount > 0; round++) freeCount = reduceRows(n, cost, x, y, v, free, freeCount);
  if (freeCount > 0) augment(n, cost, x, y, v, free, freeCount);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = (cost[i * n + (x[i] as number)] as number) - (v[x[i] as number] as number);
  return { rowCol: x, u, v };
}

/** Column reduction and reduction transfer; returns how many rows are left free (listed in `free`). */
function reduceColumns(n: number, cost: DenseCost, x: Int32Array, y: Int32Array, v: Float64Array, free: Int32Array): number {
  v.fill(Infinity);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const c = cost[row + j] as number;
      if (c < (v[j] as number)) {
        v[j] = c;
        y[j] = i;
      }
    }
  }
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
      const j = x[i] as number;
      let min = Infinity;
      const row = i * n;
      for (let j2 = 0; j2 < n; j2++) {
        if (j2 === j) continue;
        const reduced = (cost[row + j2] as number) - (v[j2] as number);
        if (reduced < min) min = reduced;
      }
      if (min !== Infinity) v[j] = (v[j] as number) - min;
    }
  }
  return freeCount;
}

/** Augmenting row reduction (an auction-like pass); returns the rows still free. */
function reduceRows(n: number, cost: DenseCost, x: Int32Array, y: Int32Array, v: Float64Array, free: Int32Array, freeCount: number): number {
  let current = 0;
  let stillFree = 0;
  let steps = 0;
  while (current < freeCount) {
    steps++;
    const i = free[current++] as number;
    const row = i * n;
    let j1 = 0;
    let v1 = (cost[row] as number) - (v[0] as number);
    let j2 = -1;
    let v2 = Infinity;
    for (let j = 1; j < n; j++) {
      const reduced = (cost[row + j] as number) - (v[j] as number);
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
    const lowered = (v[j1] as number) - (v2 - v1);
    const lowers = lowered < (v[j1] as number);
    if (steps < current * n) {
      if (lowers) v[j1] = lowered;
      else if (i0 >= 0 && j2 >= 0) {
        j1 = j2;
        i0 = y[j2] as number;
      }
      if (i0 >= 0) {
        if (lowers) free[--current] = i0;
        else free[stillFree++] = i0;
      }
    } else if (i0 >= 0) free[stillFree++] = i0;
    x[i] = j1;
    y[j1] = i;
  }
  return stillFree;
}

/** Shortest augmenting path from each free row (Dijkstra over the dense reduced costs). */
function augment(n: number, cost: DenseCost, x: Int32Array, y: Int32Array, v: Float64Array, free: Int32Array, freeCount: number): void {
  const d = new Float64Array(n);
  const pred = new Int32Array(n);
  const cols = new Int32Array(n);
  for (let f = 0; f < freeCount; f++) {
    const start = free[f] as number;
    let j = shortestPath(n, cost, start, y, v, d, pred, cols);
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

function shortestPath(n: number, cost: DenseCost, start: number, y: Int32Array, v: Float64Array, d: Float64Array, pred: Int32Array, cols: Int32Array): number {
  let lo = 0;
  let hi = 0;
  let ready = 0;
  let end = -1;
  let minDistance = 0;
  const row = start * n;
  for (let j = 0; j < n; j++) {
    cols[j] = j;
    pred[j] = start;
    d[j] = (cost[row + j] as number) - (v[j] as number);
  }
  while (end === -1) {
    if (lo === hi) {
      // Collect the columns at the minimum distance into cols[lo..hi).
      ready = lo;
      hi = lo + 1;
      let min = d[cols[lo] as number] as number;
      for (let k = hi; k < n; k++) {
        const j = cols[k] as number;
        const dj = d[j] as number;
        if (dj <= min) {
          if (dj < min) {
            hi = lo;
            min = dj;
          }
          cols[k] = cols[hi] as number;
          cols[hi++] = j;
        }
      }
      minDistance = min;
      for (let k = lo; k < hi; k++) {
        if ((y[cols[k] as number] as number) < 0) {
          end = cols[k] as number;
          break;
        }
      }
    }
    if (end !== -1) break;
    // Scan the rows behind the minimum columns.
    while (lo !== hi && end === -1) {
      const j = cols[lo++] as number;
      const i = y[j] as number;
      const min = d[j] as number;
      const irow = i * n;
      const h = (cost[irow + j] as number) - (v[j] as number) - min;
      for (let k = hi; k < n; k++) {
        const j2 = cols[k] as number;
        const reduced = (cost[irow + j2] as number) - (v[j2] as number) - h;
        if (reduced < (d[j2] as number)) {
          d[j2] = reduced;
          pred[j2] = i;
          if (reduced === min) {
            if ((y[j2] as number) < 0) {
              end = j2;
              break;
            }
            cols[k] = cols[hi] as number;
            cols[hi++] = j2;
          }
        }
      }
    }
  }
  for (let k = 0; k < ready; k++) {
    const j = cols[k] as number;
    v[j] = (v[j] as number) + (d[j] as number) - minDistance;
  }
  return end;
}
