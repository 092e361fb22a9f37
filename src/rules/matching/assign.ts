import {
  type AssignmentGraph,
  type AssignmentObjective,
  type AssignmentProblem,
  type ColumnarAssignmentProblem,
  buildAssignmentGraph,
  buildColumnarGraph,
} from './assignment-problem.js';
import { maximumCardinalitySplit } from './cardinality.js';
import { assignDenseCompleteColumnar, isDenseComplete, solveDenseComplete } from './dense-complete.js';
import { TransportSolver } from './transport-solver.js';

/** One need matched to one resource, with the pair's score. */
export interface AssignmentPair {
  need: string;
  resource: string;
  score: number;
}

/**
 * Dual values that prove the result optimal, one per need and per resource in the problem's own
 * array order. Each dual is a pair (cardinality, score) compared lexicographically: the linear
 * programme's weights are (1, score) per pair for 'max-matched-then-score' and (0, score) for
 * 'max-score'. `verifyAssignment` checks dual feasibility and complementary slackness in O(edges).
 */
export interface AssignmentCertificate {
  objective: AssignmentObjective;
  needCardinality: Uint8Array;
  needScore: Float64Array;
  resourceCardinality: Uint8Array;
  resourceScore: Float64Array;
}

/** The result of {@link assign}: the pairs, how many needs were matched, the total score and a certificate of optimality. */
export interface AssignmentResult {
  /** Sorted by need id. */
  pairs: AssignmentPair[];
  matched: number;
  totalScore: number;
  certificate: AssignmentCertificate;
}

/** The result of {@link assignColumnar}, as typed arrays indexed by need. */
export interface ColumnarAssignmentResult {
  /** Per need: the resource index it got, or -1. */
  needResource: Int32Array;
  /** Per need: the index of its edge in the caller's edge arrays, or -1. */
  needEdge: Int32Array;
  matched: number;
  totalScore: number;
  certificate: AssignmentCertificate;
}

/** An optimal assignment in canonical indices, with its duals. */
export interface GraphSolution {
  /** Canonical edge of each canonical need, or -1. */
  needEdge: Int32Array;
  needCardinality: Uint8Array;
  needScore: Float64Array;
  resourceCardinality: Uint8Array;
  resourceScore: Float64Array;
}

/**
 * Optimal one-to-one dispatch: each need matched at most once, each resource at most `capacity`
 * times. 'max-matched-then-score' (the default) maximises the number of needs matched, then the
 * total score; 'max-score' maximises the total score alone. Exact, with a certificate, and
 * independent of the order of the input arrays. Bad input throws VALIDATION_FAILED naming every offender.
 */
export function assign(problem: AssignmentProblem): AssignmentResult {
  const graph = buildAssignmentGraph(problem);
  return assignmentResult(problem, graph, solveGraph(graph));
}

export function assignmentResult(problem: AssignmentProblem, graph: AssignmentGraph, solution: GraphSolution): AssignmentResult {
  const pairs: AssignmentPair[] = [];
  let totalScore = 0;
  for (let i = 0; i < graph.needCount; i++) {
    const e = solution.needEdge[i] as number;
    if (e < 0) continue;
    const need = problem.needs[graph.needInput[i] as number] as { id: string };
    const resource = problem.resources[graph.resourceInput[graph.edgeResource[e] as number] as number] as { id: string };
    const score = graph.edgeScore[e] as number;
    pairs.push({ need: need.id, resource: resource.id, score });
    totalScore += score;
  }
  return { pairs, matched: pairs.length, totalScore, certificate: certificateInInputOrder(graph, solution) };
}

/**
 * `assign` for typed-array input: needs and resources are indices, edges are three parallel arrays.
 * A complete problem (every need to every resource, capacities 1, sides within 90% of each other)
 * given row-major with Int32Array scores is solved on those arrays without copying them.
 */
export function assignColumnar(problem: ColumnarAssignmentProblem): ColumnarAssignmentResult {
  const dense = assignDenseCompleteColumnar(problem);
  if (dense !== null) return dense;
  const graph = buildColumnarGraph(problem);
  const solution = solveGraph(graph);
  return columnarResult(graph, solution);
}

export function columnarResult(graph: AssignmentGraph, solution: GraphSolution): ColumnarAssignmentResult {
  const needResource = new Int32Array(graph.needCount).fill(-1);
  const needEdge = new Int32Array(graph.needCount).fill(-1);
  let matched = 0;
  let totalScore = 0;
  for (let i = 0; i < graph.needCount; i++) {
    const e = solution.needEdge[i] as number;
    if (e < 0) continue;
    needResource[i] = graph.edgeResource[e] as number;
    needEdge[i] = graph.edgeInput[e] as number;
    matched++;
    totalScore += graph.edgeScore[e] as number;
  }
  return { needResource, needEdge, matched, totalScore, certificate: certificateInInputOrder(graph, solution) };
}

function certificateInInputOrder(graph: AssignmentGraph, solution: GraphSolution): AssignmentCertificate {
  const needCardinality = new Uint8Array(graph.needCount);
  const needScore = new Float64Array(graph.needCount);
  for (let i = 0; i < graph.needCount; i++) {
    const k = graph.needInput[i] as number;
    needCardinality[k] = solution.needCardinality[i] as number;
    needScore[k] = solution.needScore[i] as number;
  }
  const resourceCardinality = new Uint8Array(graph.resourceCount);
  const resourceScore = new Float64Array(graph.resourceCount);
  for (let r = 0; r < graph.resourceCount; r++) {
    const k = graph.resourceInput[r] as number;
    resourceCardinality[k] = solution.resourceCardinality[r] as number;
    resourceScore[k] = solution.resourceScore[r] as number;
  }
  return { objective: graph.objective, needCardinality, needScore, resourceCardinality, resourceScore };
}

/**
 * A previous solution mapped onto a new graph's canonical indices: its pairs and its duals,
 * NaN for needs and resources it did not have.
 */
export interface WarmStart {
  needEdge: Int32Array;
  needCardinality: Float64Array;
  needScore: Float64Array;
  resourceCardinality: Float64Array;
  resourceScore: Float64Array;
}

/** Solves a canonical graph exactly, from scratch or from a previous solution. */
export function solveGraph(graph: AssignmentGraph, warm?: WarmStart): GraphSolution {
  if (graph.objective === 'max-score') return warm === undefined && isDenseComplete(graph) ? solveDenseComplete(graph) : (solveWeighted(graph, warm, 0) as GraphSolution);
  if (warm === undefined) return isDenseComplete(graph) ? solveDenseComplete(graph) : solveMaxMatchedThenScore(graph);
  const pairWeight = isSmallChange(graph, warm) ? exactPairWeight(graph) : null;
  return (pairWeight === null ? null : solveWeighted(graph, warm, pairWeight)) ?? solveMaxMatchedThenScore(graph, warm);
}

/**
 * Whether few needs lost their previous pair or dual: each of them (and each place a removed need
 * left) costs the one-weight warm solve an augmenting search that may cross a whole category,
 * while the split costs about the same whatever changed. Measured on S2 (bench/matching.ts):
 * the one-weight solve was 3x faster than the split after 0.1% of needs changed and 1.5x slower
 * after 1%; the limit sits between.
 */
function isSmallChange(graph: AssignmentGraph, warm: WarmStart): boolean {
  let disturbed = 0;
  // Unmatched with a dual other than (0, 0): a new need (NaN) or one whose pair went.
  for (let i = 0; i < graph.needCount; i++) if (warm.needEdge[i] === -1 && !(warm.needCardinality[i] === 0 && warm.needScore[i] === 0)) disturbed++;
  return disturbed <= Math.max(64, graph.needCount / 400);
}

/**
 * A weight M per pair that makes 'max-matched-then-score' one max-score problem with scores
 * M + score: a dual pair (cardinality a, score b) becomes the number a·M + b. The score part of a
 * potential is a sum of at most (needs + resources + 2) scores; M is four times that bound, so every
 * number decodes back to its pair and compares like it. Null when potentials (sums of as many
 * weights) could pass 2^53 and stop being exact integers.
 */
function exactPairWeight(graph: AssignmentGraph): number | null {
  let maxScore = 0;
  for (const score of graph.edgeScore) if (score > maxScore) maxScore = score;
  return pairWeightFor(graph.needCount + graph.resourceCount + 2, maxScore);
}

/** The pair weight for potentials that are sums of at most `terms` weights of scores up to `maxScore`, or null past 2^53. */
export function pairWeightFor(terms: number, maxScore: number): number | null {
  const pairWeight = 4 * terms * (maxScore + 1);
  return 4 * terms * (pairWeight + maxScore) <= Number.MAX_SAFE_INTEGER ? pairWeight : null;
}

/**
 * Writes a dual that is the number a·pairWeight + b as the pair (a, b) at index k; false when it
 * is no such pair (|b| above pairWeight / 4, or a above 255). pairWeight 0: the dual is a score.
 */
export function decodeDual(dual: number, pairWeight: number, cardinality: Uint8Array, score: Float64Array, k: number): boolean {
  const a = pairWeight === 0 ? 0 : Math.round(dual / pairWeight);
  cardinality[k] = a;
  score[k] = dual - a * pairWeight;
  return pairWeight === 0 || (a <= 255 && Math.abs(dual - a * pairWeight) <= pairWeight / 4);
}

/** Starts the solver from the warm state's pairs and duals, or greedily. */
function start(
  solver: TransportSolver,
  warm: WarmStart | undefined,
  localEdgeOf: (globalEdge: number) => number,
  rowPotential: (row: number) => number,
  colPotential: (col: number) => number,
  rowDropped: (row: number) => boolean,
): void {
  if (warm === undefined) return solver.greedyStart();
  const { rowCount, colCount } = solver.problem;
  const matched: number[] = [];
  for (const e of warm.needEdge) {
    const local = e < 0 ? -1 : localEdgeOf(e);
    if (local >= 0) matched.push(local);
  }
  solver.warmStart(
    matched,
    Uint8Array.from({ length: rowCount }, (_, row) => (rowDropped(row) ? 1 : 0)),
    Float64Array.from({ length: rowCount }, (_, row) => rowPotential(row)),
    Float64Array.from({ length: colCount }, (_, col) => colPotential(col)),
  );
}

/**
 * Needs are rows that may drop, each pair weighs pairWeight + score (pairWeight 0: 'max-score');
 * the duals are u = max(0, row potential), v = max(0, -column potential), decoded into
 * (cardinality, score) pairs. Null when a decoded dual leaves the range in which the encoding is
 * exact (only odd warm potentials could do that): the caller then solves without the encoding.
 */
function solveWeighted(graph: AssignmentGraph, warm: WarmStart | undefined, pairWeight: number): GraphSolution | null {
  const solver = new TransportSolver({
    rowCount: graph.needCount,
    colCount: graph.resourceCount,
    rowStart: graph.needStart,
    edgeCol: graph.edgeResource,
    edgeScore: pairWeight === 0 ? graph.edgeScore : graph.edgeScore.map((score) => pairWeight + score),
    demand: new Int32Array(graph.needCount).fill(1),
    capacity: graph.capacity,
    allowDrop: true,
  });
  // A previous 'max-score' certificate has cardinality 0 throughout: a·M + b is its score dual.
  const encoded = (cardinality: Float64Array, score: Float64Array, k: number): number => pairWeight * (cardinality[k] as number) + (score[k] as number);
  start(
    solver,
    warm,
    (e) => e,
    (i) => (warm === undefined ? NaN : encoded(warm.needCardinality, warm.needScore, i)),
    (r) => (warm === undefined ? NaN : -encoded(warm.resourceCardinality, warm.resourceScore, r)),
    (i) => warm?.needEdge[i] === -1 && warm.needCardinality[i] === 0 && warm.needScore[i] === 0,
  );
  solver.solve();
  const solution = emptySolution(graph);
  for (let e = 0; e < graph.edgeNeed.length; e++) if (solver.edgeMatched[e] === 1) solution.needEdge[graph.edgeNeed[e] as number] = e;
  for (let i = 0; i < graph.needCount; i++) if (!decodeDual(Math.max(0, solver.rowPotential[i] as number), pairWeight, solution.needCardinality, solution.needScore, i)) return null;
  for (let r = 0; r < graph.resourceCount; r++) if (!decodeDual(Math.max(0, -(solver.colPotential[r] as number)), pairWeight, solution.resourceCardinality, solution.resourceScore, r)) return null;
  return solution;
}

/**
 * Lexicographic objective without a big-M weight: a maximum-cardinality matching splits the graph
 * (Dulmage–Mendelsohn). Needs outside the free reach must all be matched (needs are rows);
 * resources inside it must all be full (resources are rows). Each half is a transportation problem
 * whose rows must be fully served, solved exactly; cross edges from outside needs to inside
 * resources are never in a maximum matching. The cardinality duals are the split itself
 * (1 for outside needs and inside resources), the score duals come from the two halves.
 */
function solveMaxMatchedThenScore(graph: AssignmentGraph, previous?: WarmStart): GraphSolution {
  const { needCount, resourceCount, needStart, edgeResource } = graph;
  // Max-score first (its searches stay short, a need may stay unmatched): its duals (u, v >= 0)
  // are valid potentials for both halves. Measured on S2 +1%, they beat the previous lexicographic
  // duals, whose repair sends many rows on long searches; the previous pairs still seed the split.
  const scoreFirst = solveWeighted(graph, undefined, 0) as GraphSolution;
  const split = maximumCardinalitySplit(needCount, resourceCount, needStart, edgeResource, graph.capacity, (previous ?? scoreFirst).needEdge);
  const { needInFreeReach, resourceInFreeReach } = split;
  const warm = warmFromMaxScore(scoreFirst, needInFreeReach, resourceInFreeReach);
  const solution = emptySolution(graph);

  // Outside half: rows = needs outside the free reach, columns = resources outside it.
  const outsideNeeds: number[] = [];
  for (let i = 0; i < needCount; i++) if (needInFreeReach[i] === 0) outsideNeeds.push(i);
  solveHalf(graph, warm, solution, {
    rows: outsideNeeds,
    rowSide: 'need',
    colCount: resourceCount,
    visit: (add) => {
      for (const i of outsideNeeds) {
        for (let e = needStart[i] as number; e < (needStart[i + 1] as number); e++) {
          if (resourceInFreeReach[edgeResource[e] as number] === 0) add(e, edgeResource[e] as number);
        }
        add(-1, -1);
      }
    },
    demand: new Int32Array(outsideNeeds.length).fill(1),
    capacity: graph.capacity,
    colInHalf: (r) => resourceInFreeReach[r] === 0,
  });

  // Inside half: rows = resources in the free reach (each served to capacity), columns = needs in it.
  const insideResources: number[] = [];
  for (let r = 0; r < resourceCount; r++) if (resourceInFreeReach[r] === 1) insideResources.push(r);
  if (insideResources.length === 0) return solution;
  const rowOfResource = new Int32Array(resourceCount).fill(-1);
  insideResources.forEach((r, row) => (rowOfResource[r] = row));
  const byResource = edgesByRow(graph, rowOfResource, insideResources.length, needInFreeReach);
  solveHalf(graph, warm, solution, {
    rows: insideResources,
    rowSide: 'resource',
    colCount: needCount,
    visit: (add) => {
      for (let row = 0; row < insideResources.length; row++) {
        for (let k = byResource.start[row] as number; k < (byResource.start[row + 1] as number); k++) {
          const e = byResource.edges[k] as number;
          add(e, graph.edgeNeed[e] as number);
        }
        add(-1, -1);
      }
    },
    demand: Int32Array.from(insideResources, (r) => graph.capacity[r] as number),
    capacity: new Float64Array(needCount).fill(1),
    colInHalf: (i) => needInFreeReach[i] === 1,
  });
  return solution;
}

/** One half of the lexicographic split: its rows (needs or resources) must be fully served. */
interface SplitHalf {
  rows: readonly number[];
  rowSide: 'need' | 'resource';
  colCount: number;
  visit: (add: (globalEdge: number, col: number) => void) => void;
  demand: Int32Array;
  capacity: Float64Array;
  colInHalf: (col: number) => boolean;
}

/**
 * Solves one half from the warm duals and writes its pairs and duals into `solution`: rows get
 * cardinality dual 1 and their row potential; the half's columns get max(0, -column potential).
 */
function solveHalf(graph: AssignmentGraph, warm: WarmStart, solution: GraphSolution, half: SplitHalf): void {
  const rowIsNeed = half.rowSide === 'need';
  const [rowWarmCardinality, rowWarmScore, colWarmCardinality, colWarmScore] = rowIsNeed
    ? [warm.needCardinality, warm.needScore, warm.resourceCardinality, warm.resourceScore]
    : [warm.resourceCardinality, warm.resourceScore, warm.needCardinality, warm.needScore];
  const [rowCardinality, rowScore, colScore] = rowIsNeed
    ? [solution.needCardinality, solution.needScore, solution.resourceScore]
    : [solution.resourceCardinality, solution.resourceScore, solution.needScore];

  const sub = subProblem(half.rows.length, half.colCount, half.visit, graph.edgeScore);
  const solver = new TransportSolver({ ...sub.problem, demand: half.demand, capacity: half.capacity, allowDrop: false });
  const local = localIndex(sub.globalEdge, graph.edgeNeed.length);
  start(
    solver,
    warm,
    (e) => local[e] as number,
    (row) => dualIf(rowWarmCardinality, rowWarmScore, half.rows[row] as number, 1, 1),
    (col) => dualIf(colWarmCardinality, colWarmScore, col, 0, -1),
    () => false,
  );
  solver.solve();
  for (let k = 0; k < sub.globalEdge.length; k++) {
    if (solver.edgeMatched[k] === 1) {
      const e = sub.globalEdge[k] as number;
      solution.needEdge[graph.edgeNeed[e] as number] = e;
    }
  }
  half.rows.forEach((entity, row) => {
    rowCardinality[entity] = 1;
    rowScore[entity] = solver.rowPotential[row] as number;
  });
  for (let col = 0; col < half.colCount; col++) {
    if (half.colInHalf(col)) colScore[col] = Math.max(0, -(solver.colPotential[col] as number));
  }
}

/** Max-score duals as lexicographic duals for a given split: outside needs and inside resources get cardinality 1. */
function warmFromMaxScore(solution: GraphSolution, needInFreeReach: Uint8Array, resourceInFreeReach: Uint8Array): WarmStart {
  return {
    needEdge: solution.needEdge,
    needCardinality: Float64Array.from(needInFreeReach, (inside) => 1 - inside),
    needScore: Float64Array.from(solution.needScore),
    resourceCardinality: Float64Array.from(resourceInFreeReach),
    resourceScore: Float64Array.from(solution.resourceScore),
  };
}

/** sign × the score dual when the cardinality dual says the node was on the same side before; NaN otherwise. */
function dualIf(cardinality: Float64Array, score: Float64Array, k: number, side: number, sign: number): number {
  return cardinality[k] === side ? sign * (score[k] as number) : NaN;
}

function localIndex(globalEdge: Int32Array, edgeCount: number): Int32Array {
  const local = new Int32Array(edgeCount).fill(-1);
  for (let k = 0; k < globalEdge.length; k++) local[globalEdge[k] as number] = k;
  return local;
}

function emptySolution(graph: AssignmentGraph): GraphSolution {
  return {
    needEdge: new Int32Array(graph.needCount).fill(-1),
    needCardinality: new Uint8Array(graph.needCount),
    needScore: new Float64Array(graph.needCount),
    resourceCardinality: new Uint8Array(graph.resourceCount),
    resourceScore: new Float64Array(graph.resourceCount),
  };
}

/**
 * Builds a row-grouped edge list in two passes over typed arrays: `visit` calls add(globalEdge, column)
 * for each edge of a row, then add(-1, -1) to close the row.
 */
function subProblem(
  rowCount: number,
  colCount: number,
  visit: (add: (globalEdge: number, col: number) => void) => void,
  score: Float64Array,
): { problem: { rowCount: number; colCount: number; rowStart: Int32Array; edgeCol: Int32Array; edgeScore: Float64Array }; globalEdge: Int32Array } {
  let count = 0;
  visit((globalEdge) => {
    if (globalEdge >= 0) count++;
  });
  const globalEdge = new Int32Array(count);
  const edgeCol = new Int32Array(count);
  const edgeScore = new Float64Array(count);
  const rowStart = new Int32Array(rowCount + 1);
  let row = 0;
  let k = 0;
  visit((e, col) => {
    if (e < 0) {
      rowStart[++row] = k;
      return;
    }
    globalEdge[k] = e;
    edgeCol[k] = col;
    edgeScore[k] = score[e] as number;
    k++;
  });
  return { problem: { rowCount, colCount, rowStart, edgeCol, edgeScore }, globalEdge };
}

/** Edges whose resource has a row in `rowOfResource` and whose need is kept, grouped by that row, needs ascending. */
function edgesByRow(graph: AssignmentGraph, rowOfResource: Int32Array, rowCount: number, keepNeed: Uint8Array): { start: Int32Array; edges: Int32Array } {
  const start = new Int32Array(rowCount + 1);
  const { edgeNeed, edgeResource } = graph;
  for (let e = 0; e < edgeNeed.length; e++) {
    const row = rowOfResource[edgeResource[e] as number] as number;
    if (row >= 0 && keepNeed[edgeNeed[e] as number] === 1) (start[row + 1] as number)++;
  }
  for (let row = 0; row < rowCount; row++) start[row + 1] = (start[row + 1] as number) + (start[row] as number);
  const cursor = start.slice(0, rowCount);
  const edges = new Int32Array(start[rowCount] as number);
  for (let e = 0; e < edgeNeed.length; e++) {
    const row = rowOfResource[edgeResource[e] as number] as number;
    if (row >= 0 && keepNeed[edgeNeed[e] as number] === 1) edges[(cursor[row] as number)++] = e;
  }
  return { start, edges };
}
