import type { ColumnarAssignmentResult } from './assign.js';
import { type ColumnarAssignmentProblem, buildColumnarGraph } from './assignment-problem.js';
import type { DispatchChange } from './dispatch-change.js';
import { IncrementalDispatchSession } from './incremental-dispatch-session.js';

/** A dispatch session's answer: `assignColumnar`'s result without `needEdge` (edge positions do not survive changes). */
export type DispatchSessionResult = Omit<ColumnarAssignmentResult, 'needEdge'>;

/**
 * One-to-one dispatch (一对一精准派单) kept optimal while needs and resources change: the session
 * keeps the graph, the pairs and the certificate's duals between solves, so `apply` repairs only
 * what the change touched instead of solving again. Same optimum, certificate and determinism as
 * `assignColumnar` on the current problem.
 */
export interface DispatchSession {
  /** The optimal dispatch of the current problem, with its certificate. */
  readonly result: DispatchSessionResult;
  /** Applies a change and returns the new optimal dispatch. A bad change throws VALIDATION_FAILED and changes nothing. */
  apply(change: DispatchChange): DispatchSessionResult;
  /** The current problem as a columnar problem, edges grouped by need (O(edges): for checks and cold comparisons). */
  problem(): ColumnarAssignmentProblem;
}

/**
 * Opens a dispatch session on a columnar problem: validates it like `assignColumnar`
 * (VALIDATION_FAILED naming every offender), solves it once from scratch, and keeps what a
 * re-solve needs. The default objective is kept as one max-score problem whose pair weight puts
 * the number of pairs first; when scores are too large for that weight to stay exact, each
 * `apply` solves from scratch instead (still exact). A repair costs the regions its searches
 * explore: on S2 (100k needs, 2M edges, bench/matching.ts --from-warm) about 0.2 s CPU after 0.1%
 * of it changed, 0.4–0.5 s after 1% and 1.1 s after 3%, against 3.5–5.5 s cold. A change too large to
 * repair for less than a cold solve (10% of S2), or a repair that runs past that budget, is solved
 * from scratch instead, and the session goes on warm from that solution (limits measured on S2:
 * `REPAIR_LIMITS` in incremental-dispatch-session.ts).
 */
export function createDispatchSession(problem: ColumnarAssignmentProblem): DispatchSession {
  return new IncrementalDispatchSession(buildColumnarGraph(problem, 'createDispatchSession'));
}
