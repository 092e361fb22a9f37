import { DijkstraLabels, fillPath } from './dijkstra-labels.js';

/**
 * A bipartite transportation problem in which every row must be served exactly `demand` times
 * and every column at most `capacity` times; each edge is used at most once; maximise the score.
 * With `allowDrop`, a row of demand 1 may instead stay unserved at score 0 (its private "drop" option).
 *
 * Edges are grouped by row (CSR): row r owns edges rowStart[r] .. rowStart[r + 1] - 1.
 */
export interface TransportProblem {
  rowCount: number;
  colCount: number;
  rowStart: Int32Array;
  edgeCol: Int32Array;
  edgeScore: Float64Array;
  demand: Int32Array;
  /** May exceed a column's degree; only min(capacity, degree) slots are ever used. */
  capacity: Float64Array;
  allowDrop: boolean;
}

/**
 * Successive shortest paths, one row at a time, as min-cost flow with cost = -score and a sink t
 * fixed at potential 0. Invariants between augmentations (what makes the result optimal):
 *  - every residual arc has reduced cost >= 0: unmatched edge r→c: -score + rowPotential[r] - colPotential[c] >= 0;
 *  - matched edges are tight (reduced cost 0), which makes the potentials linear-programme duals;
 *  - a column with spare capacity has colPotential >= 0, a loaded one <= 0;
 *  - a row that may still drop has rowPotential >= 0; a dropped row has rowPotential 0.
 * Each augmentation runs Dijkstra on reduced costs from the row, stops at the first terminal
 * (a column with spare capacity, or a drop), and updates only the settled nodes (Jonker–Volgenant style),
 * so its cost is the size of the explored neighbourhood, not of the graph.
 */
export class TransportSolver {
  readonly edgeRow: Int32Array;
  readonly edgeMatched: Uint8Array;
  readonly rowPotential: Float64Array;
  readonly colPotential: Float64Array;
  readonly rowLoad: Int32Array;
  readonly rowDropped: Uint8Array;
  readonly colLoad: Int32Array;
  /** Matched edges of each column: colSlots[colSlotStart[c] .. + colLoad[c]]. */
  private readonly colSlotStart: Int32Array;
  private readonly colSlots: Int32Array;
  private readonly rowSlotStart: Int32Array;
  private readonly rowSlots: Int32Array;

  // Dijkstra scratch, reused across searches (epoch-stamped, never cleared).
  private epoch = 0;
  private readonly colLabels: DijkstraLabels;
  private readonly rowLabels: DijkstraLabels;
  // Reverse-search scratch (filling a column with room from a warm start), made on first use.
  private incoming: { start: Int32Array; edges: Int32Array } | null = null;
  private readonly settledRows: Int32Array;
  private readonly settledCols: Int32Array;
  private readonly pendingRows: number[] = [];

  constructor(readonly problem: TransportProblem) {
    const { rowCount, colCount, rowStart, edgeCol, demand, capacity } = problem;
    const edgeCount = edgeCol.length;
    this.edgeRow = new Int32Array(edgeCount);
    for (let r = 0; r < rowCount; r++) this.edgeRow.fill(r, rowStart[r] as number, rowStart[r + 1] as number);
    this.edgeMatched = new Uint8Array(edgeCount);
    this.rowPotential = new Float64Array(rowCount);
    this.colPotential = new Float64Array(colCount);
    this.rowLoad = new Int32Array(rowCount);
    this.rowDropped = new Uint8Array(rowCount);
    this.colLoad = new Int32Array(colCount);
    this.rowSlotStart = prefixSums(demand);
    this.rowSlots = new Int32Array(this.rowSlotStart[rowCount] as number);
    const usableSlots = new Int32Array(colCount);
    for (let e = 0; e < edgeCount; e++) usableSlots[edgeCol[e] as number] = (usableSlots[edgeCol[e] as number] as number) + 1;
    for (let c = 0; c < colCount; c++) usableSlots[c] = Math.min(usableSlots[c] as number, capacity[c] as number);
    this.colSlotStart = prefixSums(usableSlots);
    this.colSlots = new Int32Array(this.colSlotStart[colCount] as number);
    this.colLabels = new DijkstraLabels(colCount);
    this.rowLabels = new DijkstraLabels(rowCount);
    this.settledRows = new Int32Array(rowCount);
    this.settledCols = new Int32Array(colCount);
  }

  /**
   * Starts from dual-feasible potentials (row = its best score, column = 0) and gives each row
   * its best-scoring columns while they have room: every such edge is tight, so the invariants hold.
   */
  greedyStart(): void {
    const { rowCount, rowStart, edgeCol, edgeScore, demand, capacity } = this.problem;
    for (let r = 0; r < rowCount; r++) {
      const start = rowStart[r] as number;
      const end = rowStart[r + 1] as number;
      let best = this.problem.allowDrop ? 0 : -Infinity;
      for (let e = start; e < end; e++) if ((edgeScore[e] as number) > best) best = edgeScore[e] as number;
      if (best === -Infinity) best = 0;
      this.rowPotential[r] = best;
      for (let e = start; e < end && (this.rowLoad[r] as number) < (demand[r] as number); e++) {
        const c = edgeCol[e] as number;
        if (edgeScore[e] === best && (this.colLoad[c] as number) < (capacity[c] as number)) this.match(e, r, c);
      }
    }
  }

  /**
   * Starts from a previous solution: `matchedEdges` (local edge ids) and potentials, NaN where
   * unknown. Whatever breaks an invariant is repaired: a reset row loses its edges and takes the
   * lowest potential that is feasible again; an unknown or wrongly positive column goes back to
   * potential 0, resetting every row whose edge into it would turn negative or untight. With drops
   * (the warm re-solves), a column with room but a negative potential (it lost a pair) is not reset,
   * which would unravel every pair around it, but filled (`fillColumn`). So the repair stays local
   * to what changed. Without drops (the split's halves, started from max-score duals) the reset
   * measured faster on S1 (2.2 vs 2.6 s), so they keep it.
   */
  warmStart(matchedEdges: ArrayLike<number>, dropped: Uint8Array, rowPotential: Float64Array, colPotential: Float64Array): void {
    const { rowCount, colCount, rowStart, edgeCol, edgeScore, demand, capacity, allowDrop } = this.problem;
    for (let k = 0; k < matchedEdges.length; k++) {
      const e = matchedEdges[k] as number;
      const r = this.edgeRow[e] as number;
      const c = edgeCol[e] as number;
      if ((this.rowLoad[r] as number) < (demand[r] as number) && (this.colLoad[c] as number) < (capacity[c] as number)) this.match(e, r, c);
    }
    this.rowPotential.set(rowPotential);
    this.colPotential.set(colPotential);
    const rowQueue: number[] = [];
    const colQueue: number[] = [];
    const rowQueued = new Uint8Array(rowCount);
    const colReset = new Uint8Array(colCount);
    const shortColumns: number[] = [];
    const queueRow = (r: number): void => {
      if (rowQueued[r] === 0) {
        rowQueued[r] = 1;
        rowQueue.push(r);
      }
    };
    const queueCol = (c: number): void => {
      if (colReset[c] === 0) {
        colReset[c] = 1;
        colQueue.push(c);
      }
    };
    for (let r = 0; r < rowCount; r++) {
      if (allowDrop && dropped[r] === 1 && this.rowLoad[r] === 0 && this.rowPotential[r] === 0) this.rowDropped[r] = 1;
      // A row short of its demand keeps its pairs and potential when they are valid: solve() augments it.
      if (Number.isNaN(this.rowPotential[r])) {
        queueRow(r);
        continue;
      }
      if (allowDrop && (this.rowPotential[r] as number) < 0) {
        queueRow(r);
        continue;
      }
      for (let e = rowStart[r] as number; e < (rowStart[r + 1] as number); e++) {
        const reduced = (this.rowPotential[r] as number) - (edgeScore[e] as number) - (this.colPotential[edgeCol[e] as number] as number);
        if (!(reduced >= 0) || (this.edgeMatched[e] === 1 && reduced !== 0)) {
          queueRow(r);
          break;
        }
      }
    }
    for (let c = 0; c < colCount; c++) {
      const potential = this.colPotential[c] as number;
      const spare = (this.colLoad[c] as number) < (capacity[c] as number);
      if (Number.isNaN(potential) || (this.colLoad[c] !== 0 && potential > 0) || (spare && potential < 0 && !allowDrop)) queueCol(c);
      else if (spare && potential < 0) shortColumns.push(c);
    }
    const incoming = this.incomingEdges();
    while (rowQueue.length > 0 || colQueue.length > 0) {
      const c = colQueue.pop();
      if (c !== undefined) {
        this.colPotential[c] = 0;
        for (let k = incoming.start[c] as number; k < (incoming.start[c + 1] as number); k++) {
          const e = incoming.edges[k] as number;
          const r = this.edgeRow[e] as number;
          const reduced = (this.rowPotential[r] as number) - (edgeScore[e] as number);
          if (!(reduced >= 0) || (this.edgeMatched[e] === 1 && reduced !== 0)) queueRow(r);
        }
        continue;
      }
      const r = rowQueue.pop() as number;
      rowQueued[r] = 0;
      this.rowDropped[r] = 0;
      let best = allowDrop ? 0 : -Infinity;
      for (let e = rowStart[r] as number; e < (rowStart[r + 1] as number); e++) {
        const col = edgeCol[e] as number;
        if (this.edgeMatched[e] === 1) {
          this.unmatch(e, r, col);
          if ((this.colPotential[col] as number) < 0) (allowDrop ? shortColumns.push(col) : queueCol(col));
        }
        const value = (edgeScore[e] as number) + (this.colPotential[col] as number);
        if (value > best) best = value;
      }
      this.rowPotential[r] = best === -Infinity ? 0 : best;
    }
    for (const c of shortColumns) {
      while ((this.colLoad[c] as number) < (capacity[c] as number) && (this.colPotential[c] as number) < 0) this.fillColumn(c);
    }
  }

  /** Edges into each column, for the warm-start repair. */
  private incomingEdges(): { start: Int32Array; edges: Int32Array } {
    if (this.incoming !== null) return this.incoming;
    const { colCount, edgeCol } = this.problem;
    const start = new Int32Array(colCount + 1);
    for (let e = 0; e < edgeCol.length; e++) (start[(edgeCol[e] as number) + 1] as number)++;
    for (let c = 0; c < colCount; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
    const cursor = start.slice(0, colCount);
    const edges = new Int32Array(edgeCol.length);
    for (let e = 0; e < edgeCol.length; e++) edges[(cursor[edgeCol[e] as number] as number)++] = e;
    this.incoming = { start, edges };
    return this.incoming;
  }

  /**
   * Column `target` has room but a negative potential (its arc to the sink has negative reduced
   * cost): Dijkstra backwards from it, over the arcs into each node, to the nearest source of one
   * more pair: a dropped row (it gets matched) or a loaded column (it gives one pair up, through
   * the sink). When that path is shorter than -potential, one unit moves along it into `target`;
   * either way the settled nodes' potentials move by (reach - distance), which keeps every other
   * reduced cost >= 0 and brings the target's potential up by the reach (to 0 when nothing is nearer).
   */
  private fillColumn(target: number): void {
    const { edgeCol, edgeScore } = this.problem;
    const { colPotential, rowPotential, colLoad, rowLabels: rows, colLabels: cols } = this;
    const { distance: rowDist, done: rowDone, heap } = rows;
    const { distance: colDist, seen: colSeen, via: colVia } = cols;
    const incoming = this.incomingEdges();
    const epoch = ++this.epoch;
    let settledRowCount = 0;
    let settledColCount = 0;
    let best = -(colPotential[target] as number);
    let bestRow = -1;
    let bestCol = -1;
    const pendingCols: number[] = [target];
    colSeen[target] = epoch;
    colDist[target] = 0;
    for (;;) {
      // Columns reached through tight matched edges sit at their row's distance: expand them first.
      const x = pendingCols.pop();
      if (x !== undefined) {
        this.settledCols[settledColCount++] = x;
        const distance = colDist[x] as number;
        if (x !== target && (colLoad[x] as number) > 0 && distance - (colPotential[x] as number) < best) {
          best = distance - (colPotential[x] as number);
          bestCol = x;
          bestRow = -1;
        }
        for (let k = incoming.start[x] as number; k < (incoming.start[x + 1] as number); k++) {
          const e = incoming.edges[k] as number;
          const r = this.edgeRow[e] as number;
          if (rowDone[r] === epoch) continue;
          // A row matched to x is no predecessor (its edge is saturated) but settles with x, so
          // that the edge stays tight for the certificate; it leads nowhere new.
          const reach = this.edgeMatched[e] === 1 ? distance : distance + (rowPotential[r] as number) - (edgeScore[e] as number) - (colPotential[x] as number);
          if (reach < best) rows.offer(r, reach, e, epoch);
        }
        continue;
      }
      if (heap.size === 0 || (rowDist[heap.peek()] as number) >= best) break;
      const r = heap.pop();
      rowDone[r] = epoch;
      this.settledRows[settledRowCount++] = r;
      const distance = rowDist[r] as number;
      if (this.rowDropped[r] === 1 && distance - (rowPotential[r] as number) < best) {
        best = distance - (rowPotential[r] as number);
        bestRow = r;
        bestCol = -1;
      }
      for (let s = this.rowSlotStart[r] as number; s < (this.rowSlotStart[r] as number) + (this.rowLoad[r] as number); s++) {
        const y = edgeCol[this.rowSlots[s] as number] as number;
        if (colSeen[y] === epoch) continue;
        colSeen[y] = epoch;
        colDist[y] = distance;
        colVia[y] = this.rowSlots[s] as number;
        pendingCols.push(y);
      }
    }
    heap.clear();
    for (let k = 0; k < settledRowCount; k++) {
      const r = this.settledRows[k] as number;
      rowPotential[r] = (rowPotential[r] as number) + best - (rowDist[r] as number);
    }
    for (let k = 0; k < settledColCount; k++) {
      const x = this.settledCols[k] as number;
      colPotential[x] = (colPotential[x] as number) + best - (colDist[x] as number);
    }
    if (bestRow < 0 && bestCol < 0) return;
    // Unmatch the path's matched edges first (columns on it may be full).
    if (bestRow >= 0) this.rowDropped[bestRow] = 0;
    const { leaving, entering } = fillPath(bestRow, bestCol, target, rows, cols, this.edgeRow, edgeCol);
    for (const e of leaving) this.unmatch(e, this.edgeRow[e] as number, edgeCol[e] as number);
    for (const e of entering) this.match(e, this.edgeRow[e] as number, edgeCol[e] as number);
  }

  /** Serves every row's remaining demand. Throws if some row cannot be served (the caller guarantees it can). */
  solve(): void {
    const { rowCount, demand } = this.problem;
    for (let r = 0; r < rowCount; r++) {
      while ((this.rowLoad[r] as number) < (demand[r] as number) && this.rowDropped[r] === 0) this.augmentFrom(r);
    }
  }

  /** One shortest augmenting path from `root` to a column with room, or to a drop. */
  augmentFrom(root: number): void {
    const { rowStart, edgeCol, edgeScore, demand, capacity, allowDrop } = this.problem;
    const { colPotential, rowPotential, colLoad, colLabels: cols } = this;
    const { distance: colDist, done: colDone, heap } = cols;
    const { distance: rowDist, seen: rowSeen, via: rowVia } = this.rowLabels;
    const epoch = ++this.epoch;
    let settledRowCount = 0;
    let settledColCount = 0;
    let best = Infinity;
    let bestCol = -1;
    let bestDropRow = -1;

    rowSeen[root] = epoch;
    rowDist[root] = 0;
    rowVia[root] = -1;
    this.settledRows[settledRowCount++] = root;
    if (allowDrop && demand[root] === 1) {
      best = rowPotential[root] as number;
      bestDropRow = root;
    }

    let row = root;
    let rowDistance = 0;
    for (;;) {
      // Scan the row's unmatched edges.
      const base = rowDistance + (rowPotential[row] as number);
      const end = rowStart[row + 1] as number;
      // Matched edges are scanned too: they are tight, so a root's own columns settle at its distance
      // and move with it (which keeps every matched edge tight for the certificate).
      for (let e = rowStart[row] as number; e < end; e++) {
        const c = edgeCol[e] as number;
        if (colDone[c] === epoch) continue;
        const distance = base - (edgeScore[e] as number) - (colPotential[c] as number);
        if (distance >= best || !cols.offer(c, distance, e, epoch)) continue;
        if ((colLoad[c] as number) < (capacity[c] as number)) {
          const viaSink = distance + (colPotential[c] as number);
          if (viaSink < best) {
            best = viaSink;
            bestCol = c;
            bestDropRow = -1;
          }
        }
      }

      // Rows reached at the current distance are scanned before any further column is settled.
      if (this.pendingRows.length === 0) {
        // Settle the nearest column; a full one leads on to the rows it serves.
        while (this.pendingRows.length === 0 && heap.size > 0 && (colDist[heap.peek()] as number) < best) {
          const c = heap.pop();
          colDone[c] = epoch;
          this.settledCols[settledColCount++] = c;
          if ((colLoad[c] as number) < (capacity[c] as number)) continue;
          const distance = colDist[c] as number;
          const slotStart = this.colSlotStart[c] as number;
          const slotEnd = slotStart + (colLoad[c] as number);
          for (let s = slotStart; s < slotEnd; s++) {
            const matchedEdge = this.colSlots[s] as number;
            const r = this.edgeRow[matchedEdge] as number;
            if (rowSeen[r] === epoch) continue;
            rowSeen[r] = epoch;
            rowDist[r] = distance;
            rowVia[r] = matchedEdge;
            this.settledRows[settledRowCount++] = r;
            this.pendingRows.push(r);
            if (allowDrop && demand[r] === 1 && distance + (rowPotential[r] as number) < best) {
              best = distance + (rowPotential[r] as number);
              bestDropRow = r;
              bestCol = -1;
            }
          }
        }
        if (this.pendingRows.length === 0) break;
      }
      row = this.pendingRows.pop() as number;
      rowDistance = rowDist[row] as number;
    }
    this.pendingRows.length = 0;
    heap.clear();

    if (best === Infinity) {
      throw new Error(`internal: no augmenting path from row ${root}, yet the problem was built feasible`);
    }
    // Potentials: settled nodes move by (distance - best); the sink stays at 0.
    for (let k = 0; k < settledRowCount; k++) {
      const r = this.settledRows[k] as number;
      rowPotential[r] = (rowPotential[r] as number) + (rowDist[r] as number) - best;
    }
    for (let k = 0; k < settledColCount; k++) {
      const c = this.settledCols[k] as number;
      colPotential[c] = (colPotential[c] as number) + (colDist[c] as number) - best;
    }
    this.flipPath(root, bestCol, bestDropRow);
  }

  /** Flips the path ending at `endCol` (or at dropping `dropRow`) back to `root`. */
  private flipPath(root: number, endCol: number, dropRow: number): void {
    let c = endCol;
    let row: number;
    if (dropRow >= 0) {
      this.rowDropped[dropRow] = 1;
      this.rowPotential[dropRow] = 0;
      if (dropRow === root) return;
      const leaving = this.rowLabels.via[dropRow] as number;
      c = this.problem.edgeCol[leaving] as number;
      this.unmatch(leaving, dropRow, c);
    }
    for (;;) {
      const e = this.colLabels.via[c] as number;
      row = this.edgeRow[e] as number;
      const leaving = row === root ? -1 : (this.rowLabels.via[row] as number);
      if (leaving >= 0) {
        const previousCol = this.problem.edgeCol[leaving] as number;
        this.unmatch(leaving, row, previousCol);
        this.match(e, row, c);
        c = previousCol;
      } else {
        this.match(e, row, c);
        return;
      }
    }
  }

  private match(e: number, r: number, c: number): void {
    this.edgeMatched[e] = 1;
    this.rowSlots[(this.rowSlotStart[r] as number) + (this.rowLoad[r] as number)] = e;
    this.rowLoad[r] = (this.rowLoad[r] as number) + 1;
    this.colSlots[(this.colSlotStart[c] as number) + (this.colLoad[c] as number)] = e;
    this.colLoad[c] = (this.colLoad[c] as number) + 1;
  }

  private unmatch(e: number, r: number, c: number): void {
    this.edgeMatched[e] = 0;
    removeSlot(this.rowSlots, this.rowSlotStart[r] as number, this.rowLoad, r, e);
    removeSlot(this.colSlots, this.colSlotStart[c] as number, this.colLoad, c, e);
  }
}

function removeSlot(slots: Int32Array, start: number, load: Int32Array, owner: number, e: number): void {
  const last = start + (load[owner] as number) - 1;
  for (let s = start; s <= last; s++) {
    if (slots[s] === e) {
      slots[s] = slots[last] as number;
      load[owner] = (load[owner] as number) - 1;
      return;
    }
  }
}

function prefixSums(values: Int32Array): Int32Array {
  const sums = new Int32Array(values.length + 1);
  for (let k = 0; k < values.length; k++) sums[k + 1] = (sums[k] as number) + (values[k] as number);
  return sums;
}
