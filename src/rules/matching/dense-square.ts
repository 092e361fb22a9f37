import type { ColumnarAssignmentResult } from './assign.js';
import { ASSIGNMENT_OBJECTIVES, type ColumnarAssignmentProblem } from './assignment-problem.js';
import { denseAssignment } from './dense-lapjv.js';

/**
 * The dense fast path of `assignColumnar`: a complete n×n problem laid out row-major (edge k is
 * need ⌊k / n⌋ → resource k mod n), every capacity 1, Int32Array scores >= 0, either objective.
 * Solved on the caller's score array as it is: the canonical graph of such input is the
 * identity, so building it would only copy the n² edges (three arrays of them) to the same answer.
 * Int32 scores are always within the exactness limit, which stays above 2^31 for every n whose n²
 * edges fit in a typed array. Null for any other input, which takes the general path (and its
 * validation).
 */
export function assignDenseSquareColumnar(problem: ColumnarAssignmentProblem): ColumnarAssignmentResult | null {
  if (problem === null || typeof problem !== 'object') return null;
  const objective = problem.objective ?? 'max-matched-then-score';
  if (!ASSIGNMENT_OBJECTIVES.includes(objective)) return null;
  const { needCount: n, resourceCapacity, edgeNeed, edgeResource, edgeScore } = problem;
  if (!Number.isSafeInteger(n) || n < 1 || !(edgeScore instanceof Int32Array) || edgeScore.length !== n * n) return null;
  if (resourceCapacity?.length !== n || edgeNeed?.length !== n * n || edgeResource?.length !== n * n) return null;
  for (let r = 0; r < n; r++) if (resourceCapacity[r] !== 1) return null;
  if (!isRowMajorComplete(n, edgeNeed, edgeResource)) return null;
  for (let e = 0; e < edgeScore.length; e++) if ((edgeScore[e] as number) < 0) return null;

  const { rowCol, u, v } = denseAssignment(n, edgeScore);
  const needEdge = new Int32Array(n);
  let totalScore = 0;
  for (let i = 0; i < n; i++) {
    needEdge[i] = i * n + (rowCol[i] as number);
    totalScore += edgeScore[needEdge[i] as number] as number;
  }
  return {
    needResource: rowCol,
    needEdge,
    matched: n,
    totalScore,
    // As the general path's dense solve: needs' cardinality dual 1 ('max-score': 0), v >= 0 and so u >= 0.
    certificate: { objective, needCardinality: new Uint8Array(n).fill(objective === 'max-score' ? 0 : 1), needScore: u, resourceCardinality: new Uint8Array(n), resourceScore: v },
  };
}

function isRowMajorComplete(n: number, edgeNeed: ArrayLike<number>, edgeResource: ArrayLike<number>): boolean {
  for (let i = 0, e = 0; i < n; i++) {
    for (let r = 0; r < n; r++, e++) if (edgeNeed[e] !== i || edgeResource[e] !== r) return false;
  }
  return true;
}
