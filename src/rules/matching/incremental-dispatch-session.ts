import { type GraphSolution, columnarResult, decodeDual, pairWeightFor, solveGraph } from './assign.js';
import { type AssignmentGraph, type AssignmentObjective, type ColumnarAssignmentProblem, buildColumnarGraph } from './assignment-problem.js';
import { type DispatchChange, checkDispatchChange } from './dispatch-change.js';
import type { DispatchSession, DispatchSessionResult } from './dispatch-session.js';
import { IncrementalDispatch } from './incremental-dispatch.js';

/** When `apply` gives up repairing and solves from scratch, in nodes settled by the repair's searches. */
export interface RepairLimits {
  /** The repair's budget per need and resource of the problem; past it the repair is abandoned. */
  workPerNode: number;
  /** The expected work per need or resource a change disturbs; a change expected past the budget goes cold at once. */
  workPerDisturbed: number;
  /** The least budget, whatever the problem's size. */
  minWork: number;
}

/**
 * Measured on S2 (bench/matching.ts --from-warm): a repair costs ~1 µs per settled node and a
 * cold solve ~40 settled nodes' worth per need and resource, so a budget of 30 per node abandons
 * a repair before it costs a cold solve (an apply then costs at most ~2 cold solves, whatever
 * the change: 2.0 measured on S2 +10% with the pre-check off; 1.3 since the packed edge lists made a
 * settled node ~0.7 as costly, limits unchanged). Each need or resource a change disturbs cost 850–1,100 settled nodes at 0.1% of S2
 * changed, 290–490 at 1%, 195–255 at 3%, ~160 at 10% (fewer as changes overlap); with 250 a change
 * disturbing more than 12% of the problem goes cold without trying. On S2 the repair wins up to
 * ~8% changed (3%: 0.4 of a cold solve; 10%: 1.15) and 10% disturbs ~20% of it. The least budget
 * lets small problems, whose cold solves take microseconds anyway, always try a repair.
 */
export const REPAIR_LIMITS: RepairLimits = { workPerNode: 30, workPerDisturbed: 250, minWork: 10_000 };

/** Bounds on the problem's size and scores for which a pair weight keeps every potential exact. */
interface PairWeight {
  weight: number;
  termBound: number;
  scoreBound: number;
}

/** The dispatch session behind `createDispatchSession`; `limits` decide when a change is solved from scratch. */
export class IncrementalDispatchSession implements DispatchSession {
  private readonly state = new IncrementalDispatch(0);
  private readonly objective: AssignmentObjective;
  /** Null while the pairs and potentials in `state` are not kept (scores too large for a pair weight). */
  private pairWeight: PairWeight | null = null;
  /** An upper bound on the largest score in the graph (removals do not lower it). */
  private maxScore = 0;
  private current: DispatchSessionResult;

  constructor(
    graph: AssignmentGraph,
    private readonly limits: RepairLimits = REPAIR_LIMITS,
  ) {
    this.objective = graph.objective;
    this.state.addNeeds(graph.needCount);
    for (let r = 0; r < graph.resourceCount; r++) this.state.addResource(graph.capacity[r] as number);
    // Canonical edge e becomes session edge e (fresh ids are handed out in order).
    this.state.addEdges(graph.edgeNeed, graph.edgeResource, graph.edgeScore);
    for (const score of graph.edgeScore) this.maxScore = Math.max(this.maxScore, score);
    this.current = this.solveFromScratch(graph, (e) => e);
  }

  get result(): DispatchSessionResult {
    return this.current;
  }

  apply(change: DispatchChange): DispatchSessionResult {
    const { change: checked, removedEdges } = checkDispatchChange(change, this.state, 'DispatchSession.apply');
    const { state } = this;
    for (const e of removedEdges) state.removeEdge(e);
    forEach(checked.removeNeeds, (i) => state.removeEdgesOf(state.needEdges, i));
    forEach(checked.removeResources, (r) => {
      state.removeEdgesOf(state.resourceEdges, r);
      state.setCapacity(r, 0);
    });
    state.addNeeds(checked.addNeeds ?? 0);
    forEach(checked.addResources, (capacity) => state.addResource(capacity));
    if (checked.capacities !== undefined) {
      const { resource, capacity } = checked.capacities;
      for (let k = 0; k < resource.length; k++) state.setCapacity(resource[k] as number, capacity[k] as number);
    }
    if (checked.addEdges !== undefined) {
      const { edgeNeed, edgeResource, edgeScore } = checked.addEdges;
      state.reserveEdges(edgeNeed.length);
      for (let k = 0; k < edgeNeed.length; k++) {
        state.addEdge(edgeNeed[k] as number, edgeResource[k] as number, edgeScore[k] as number);
        state.markNeed(edgeNeed[k] as number);
        this.maxScore = Math.max(this.maxScore, edgeScore[k] as number);
      }
    }
    this.current = this.reSolve();
    return this.current;
  }

  problem(): ColumnarAssignmentProblem {
    return this.snapshot().problem;
  }

  /**
   * Repairs from the marks when the pair weight still holds (re-expressed if it must grow) and the
   * repair stays within the limits' budget, else solves from scratch and keeps that solution.
   */
  private reSolve(): DispatchSessionResult {
    const kept = this.pairWeight;
    if (kept !== null) {
      const fits = this.terms() <= kept.termBound && this.maxScore <= kept.scoreBound;
      const next = fits ? kept : this.choosePairWeight();
      if (next !== null && (next === kept || this.state.changePairWeight(next.weight))) {
        this.pairWeight = next;
        const { workPerNode, workPerDisturbed, minWork } = this.limits;
        const budget = Math.max(minWork, workPerNode * (this.state.needCount + this.state.resourceCount));
        // An abandoned repair leaves the state inconsistent: the cold solve below replaces it.
        const repaired = this.state.disturbed * workPerDisturbed <= budget && this.state.repair(budget);
        const result = repaired ? this.resultOfState() : null;
        if (result !== null) return result;
      }
    }
    const { problem, edgeIds } = this.snapshot();
    const graph = buildColumnarGraph(problem, 'DispatchSession.apply');
    return this.solveFromScratch(graph, (e) => edgeIds[graph.edgeInput[e] as number] as number);
  }

  /** Solves `graph` (the session's current problem) cold and keeps its pairs and duals when a pair weight fits. */
  private solveFromScratch(graph: AssignmentGraph, sessionEdge: (canonicalEdge: number) => number): DispatchSessionResult {
    const solution = solveGraph(graph);
    this.maxScore = 0;
    for (const score of graph.edgeScore) if (score > this.maxScore) this.maxScore = score;
    this.pairWeight = this.choosePairWeight();
    if (this.pairWeight !== null) {
      this.state.pairWeight = this.pairWeight.weight;
      this.takeSolution(solution, sessionEdge);
      const result = this.resultOfState();
      if (result !== null) return result;
      this.pairWeight = null;
    }
    // Nothing kept: the state holds the graph alone, without pairs, potentials or marks.
    this.state.takeSolution(new Int32Array(graph.needCount).fill(-1), new Float64Array(graph.needCount), new Float64Array(graph.resourceCount));
    const { needEdge: _, ...result } = columnarResult(graph, solution);
    return result;
  }

  /** Loads a cold solution's pairs (as session edges) and its duals, encoded with the pair weight, into the state. */
  private takeSolution(solution: GraphSolution, sessionEdge: (canonicalEdge: number) => number): void {
    const weight = this.state.pairWeight;
    const needEdge = Int32Array.from(solution.needEdge, (e) => (e < 0 ? -1 : sessionEdge(e)));
    const needPotential = Float64Array.from(solution.needScore, (score, i) => weight * (solution.needCardinality[i] as number) + score);
    const resourcePotential = Float64Array.from(solution.resourceScore, (score, r) => -(weight * (solution.resourceCardinality[r] as number) + score));
    this.state.takeSolution(needEdge, needPotential, resourcePotential);
  }

  /**
   * The pair weight M for 'max-matched-then-score' (0 for 'max-score'): a dual pair (a, b) is the
   * number a·M + b, exact while |b| <= M/4 and every potential stays below 2^53 (`pairWeightFor`,
   * as for the warm re-solve). It is chosen with room for the problem to double; null when even
   * the tight bound does not fit.
   */
  private choosePairWeight(): PairWeight | null {
    if (this.objective === 'max-score') return { weight: 0, termBound: Infinity, scoreBound: Infinity };
    const terms = this.terms();
    for (const [termBound, scoreBound] of [
      [2 * terms + 64, 2 * this.maxScore + 2],
      [terms, this.maxScore],
    ] as const) {
      const weight = pairWeightFor(termBound, scoreBound);
      if (weight !== null) return { weight, termBound, scoreBound };
    }
    return null;
  }

  private terms(): number {
    return this.state.needCount + this.state.resourceCount + 2;
  }

  /** The result read off the state, its duals decoded into (cardinality, score) pairs; null if one does not decode. */
  private resultOfState(): DispatchSessionResult | null {
    const { state } = this;
    const weight = state.pairWeight;
    const { needCount, resourceCount } = state;
    const needResource = new Int32Array(needCount);
    const needCardinality = new Uint8Array(needCount);
    const needScore = new Float64Array(needCount);
    const resourceCardinality = new Uint8Array(resourceCount);
    const resourceScore = new Float64Array(resourceCount);
    let matched = 0;
    let totalScore = 0;
    for (let i = 0; i < needCount; i++) {
      const e = state.needMatch[i] as number;
      needResource[i] = e < 0 ? -1 : (state.edgeResource[e] as number);
      if (e >= 0) {
        matched++;
        totalScore += state.edgeScore[e] as number;
      }
      if (!decodeDual(Math.max(0, state.needPotential[i] as number), weight, needCardinality, needScore, i)) return null;
    }
    for (let r = 0; r < resourceCount; r++) {
      if (!decodeDual(Math.max(0, -(state.resourcePotential[r] as number)), weight, resourceCardinality, resourceScore, r)) return null;
    }
    return { needResource, matched, totalScore, certificate: { objective: this.objective, needCardinality, needScore, resourceCardinality, resourceScore } };
  }

  /** The current problem, edges grouped by need, with the session edge id of each. */
  private snapshot(): { problem: ColumnarAssignmentProblem; edgeIds: Int32Array } {
    const { state } = this;
    const { start, count, other, score, edge } = state.needEdges;
    let edgeCount = 0;
    for (let i = 0; i < state.needCount; i++) edgeCount += count[i] as number;
    const edgeIds = new Int32Array(edgeCount);
    const edgeNeed = new Int32Array(edgeCount);
    const edgeResource = new Int32Array(edgeCount);
    const edgeScore = new Float64Array(edgeCount);
    let k = 0;
    for (let i = 0; i < state.needCount; i++) {
      const end = (start[i] as number) + (count[i] as number);
      for (let at = start[i] as number; at < end; at++) {
        edgeIds[k] = edge[at] as number;
        edgeNeed[k] = i;
        edgeResource[k] = other[at] as number;
        edgeScore[k] = score[at] as number;
        k++;
      }
    }
    const resourceCapacity = state.capacity.slice(0, state.resourceCount);
    return { problem: { needCount: state.needCount, resourceCapacity, edgeNeed, edgeResource, edgeScore, objective: this.objective }, edgeIds };
  }
}

function forEach(list: ArrayLike<number> | undefined, visit: (value: number) => void): void {
  for (let k = 0; k < (list?.length ?? 0); k++) visit((list as ArrayLike<number>)[k] as number);
}
