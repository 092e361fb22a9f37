import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignColumnar, columnarResult, solveGraph } from '../../../src/rules/matching/assign.js';
import { type AssignmentObjective, type AssignmentProblem, type ColumnarAssignmentProblem, buildColumnarGraph } from '../../../src/rules/matching/assignment-problem.js';
import { type DenseScores, denseAssignment } from '../../../src/rules/matching/dense-lapjv.js';
import { assignDenseCompleteColumnar, denseCompleteResult } from '../../../src/rules/matching/dense-complete.js';
import { verifyColumnarAssignment } from '../../../src/rules/matching/verify-assignment.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { bruteForce, shuffled } from './assignment-fixtures.js';

/** n×n integer matrices: narrow ranges (many ties), all equal, zeros, negatives, near the Int32 edge. */
const matrix = (maxN: number): fc.Arbitrary<{ n: number; values: number[] }> =>
  fc
    .record({ n: fc.integer({ min: 1, max: maxN }), range: fc.constantFrom<[number, number]>([0, 0], [0, 1], [0, 3], [0, 999], [-5, 5], [2 ** 31 - 8, 2 ** 31 - 1]) })
    .chain(({ n, range: [min, max] }) => fc.array(fc.integer({ min, max }), { minLength: n * n, maxLength: n * n }).map((values) => ({ n, values })));

function bestByBruteForce(n: number, score: ArrayLike<number>): number {
  let best = -Infinity;
  const used = new Uint8Array(n);
  const visit = (i: number, total: number): void => {
    if (i === n) {
      best = Math.max(best, total);
      return;
    }
    for (let j = 0; j < n; j++) {
      if (used[j] === 1) continue;
      used[j] = 1;
      visit(i + 1, total + (score[i * n + j] as number));
      used[j] = 0;
    }
  };
  visit(0, 0);
  return best;
}

/** Checks the result is a permutation proven optimal by its duals; returns its total. */
function checkedTotal(n: number, score: DenseScores): number {
  const { rowCol, u, v } = denseAssignment(n, score);
  expect([...rowCol].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, j) => j));
  expect(Math.min(...v)).toBe(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const slack = (u[i] as number) + (v[j] as number) - (score[i * n + j] as number);
      expect(slack).toBeGreaterThanOrEqual(0);
      if (rowCol[i] === j) expect(slack).toBe(0);
    }
    total += score[i * n + (rowCol[i] as number)] as number;
  }
  return total;
}

/** A complete n×m problem, edges row-major (the dense fast path's layout), capacities 1. */
const rowMajor = (n: number, values: ArrayLike<number>, m = n): ColumnarAssignmentProblem => ({
  needCount: n,
  resourceCapacity: new Int32Array(m).fill(1),
  edgeNeed: Int32Array.from({ length: n * m }, (_, e) => Math.floor(e / m)),
  edgeResource: Int32Array.from({ length: n * m }, (_, e) => e % m),
  edgeScore: Int32Array.from(values),
});

const objectives = fc.constantFrom<AssignmentObjective | undefined>(undefined, 'max-matched-then-score', 'max-score');

/** Complete problems of sides minSide..maxSide, scores with many ties. */
const completeProblem = (minSide: number, maxSide: number): fc.Arbitrary<ColumnarAssignmentProblem> =>
  fc
    .record({ n: fc.integer({ min: minSide, max: maxSide }), m: fc.integer({ min: minSide, max: maxSide }), top: fc.constantFrom(0, 1, 3, 999), objective: objectives })
    .chain(({ n, m, top, objective }) =>
      fc.array(fc.integer({ min: 0, max: top }), { minLength: n * m, maxLength: n * m }).map((values) => ({ ...rowMajor(n, values, m), ...(objective === undefined ? {} : { objective }) })),
    );

/** The same problem in object form, for the brute force. */
const objectForm = (problem: ColumnarAssignmentProblem): AssignmentProblem => ({
  needs: Array.from({ length: problem.needCount }, (_, i) => ({ id: `n${i}` })),
  resources: Array.from(problem.resourceCapacity, (capacity, r) => ({ id: `r${r}`, capacity })),
  edges: Array.from(problem.edgeScore, (score, e) => ({ need: `n${problem.edgeNeed[e]}`, resource: `r${problem.edgeResource[e]}`, score })),
  ...(problem.objective === undefined ? {} : { objective: problem.objective }),
});

/** The general path: canonical graph, then the solver that graph picks. */
const generalPath = (problem: ColumnarAssignmentProblem) => {
  const graph = buildColumnarGraph(problem);
  return columnarResult(graph, solveGraph(graph));
};

describe('denseAssignment (Jonker–Volgenant)', () => {
  it('equals brute force, with feasible and complementary duals, on Int32 and Float64 matrices alike', () => {
    fc.assert(
      fc.property(matrix(6), ({ n, values }) => {
        const best = bestByBruteForce(n, values);
        expect(checkedTotal(n, Int32Array.from(values))).toBe(best);
        expect(checkedTotal(n, Float64Array.from(values))).toBe(best);
        expect(denseAssignment(n, Float64Array.from(values)).rowCol).toEqual(denseAssignment(n, Int32Array.from(values)).rowCol);
      }),
      { numRuns: 300 },
    );
  });

  it('stays exact with scores far above 2^32', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.infiniteStream(fc.integer({ min: 0, max: 2 ** 40 })), (n, random) => {
        const values = Array.from({ length: n * n }, () => random.next().value as number);
        expect(checkedTotal(n, Float64Array.from(values))).toBe(bestByBruteForce(n, values));
      }),
      { numRuns: 100 },
    );
  });

  it('proves its result optimal on larger matrices full of ties', () => {
    fc.assert(
      fc.property(fc.integer({ min: 7, max: 40 }), fc.integer({ min: 0, max: 3 }), fc.infiniteStream(fc.nat()), (n, top, random) => {
        checkedTotal(n, Int32Array.from({ length: n * n }, () => (random.next().value as number) % (top + 1)));
      }),
      { numRuns: 40 },
    );
  });

  it('terminates with a proof on degenerate matrices: every permutation optimal, rank one, one best diagonal', () => {
    for (const n of [2, 17, 64]) {
      // score i + j: every permutation totals the same.
      expect(checkedTotal(n, Int32Array.from({ length: n * n }, (_, e) => Math.floor(e / n) + (e % n)))).toBe(n * (n - 1));
      // score i·j: the identity is best (rearrangement inequality).
      expect(checkedTotal(n, Int32Array.from({ length: n * n }, (_, e) => Math.floor(e / n) * (e % n)))).toBe(((n - 1) * n * (2 * n - 1)) / 6);
      // One anti-diagonal of ones in zeros.
      expect(checkedTotal(n, Int32Array.from({ length: n * n }, (_, e) => (Math.floor(e / n) + (e % n) === n - 1 ? 1 : 0)))).toBe(n);
    }
  });

  it('handles n = 1 and an all-equal matrix', () => {
    expect(denseAssignment(1, Int32Array.of(7))).toEqual({ rowCol: Int32Array.of(0), u: Float64Array.of(7), v: Float64Array.of(0) });
    expect(checkedTotal(50, new Int32Array(2500).fill(3))).toBe(150);
  });
});

describe('assign on complete problems (the dense path)', () => {
  it('equals brute force on complete problems of any shape, both objectives, with a certificate that verifies', () => {
    fc.assert(
      fc.property(completeProblem(1, 6), (problem) => {
        const result = denseCompleteResult(problem.needCount, problem.resourceCapacity.length, problem.edgeScore as Int32Array, problem.objective ?? 'max-matched-then-score');
        const best = bruteForce(objectForm(problem));
        expect(result.totalScore).toBe(best.totalScore);
        if (problem.objective !== 'max-score') expect(result.matched).toBe(best.matched);
        expect(verifyColumnarAssignment(problem, result)).toEqual({ valid: true, issues: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('takes the row-major fast path on near-square problems and gives exactly what the general path gives', () => {
    fc.assert(
      fc.property(completeProblem(9, 13).filter((problem) => 10 * Math.min(problem.needCount, problem.resourceCapacity.length) >= 9 * Math.max(problem.needCount, problem.resourceCapacity.length)), (problem) => {
        const fast = assignDenseCompleteColumnar(problem);
        expect(fast).not.toBeNull();
        expect(fast).toEqual(generalPath(problem));
        expect(verifyColumnarAssignment(problem, fast)).toEqual({ valid: true, issues: [] });
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same pairs and certificate whatever the order of the edges', () => {
    fc.assert(
      fc.property(completeProblem(1, 8), fc.integer(), (problem, seed) => {
        const order = shuffled(Array.from(problem.edgeNeed, (_, e) => e), seed);
        const reordered = { ...problem, edgeNeed: order.map((e) => problem.edgeNeed[e] as number), edgeResource: order.map((e) => problem.edgeResource[e] as number), edgeScore: order.map((e) => problem.edgeScore[e] as number) };
        const expected = assignColumnar(problem);
        const result = assignColumnar(reordered);
        expect(result.needResource).toEqual(expected.needResource);
        expect(result.certificate).toEqual(expected.certificate);
      }),
      { numRuns: 100 },
    );
  });

  it('matches the sparse solver on the same dense problems, on both objectives', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 5 }), fc.constantFrom<AssignmentObjective>('max-matched-then-score', 'max-score'), fc.infiniteStream(fc.nat()), (n, top, objective, random) => {
        const problem = { ...rowMajor(n, Array.from({ length: n * n }, () => (random.next().value as number) % (top + 1))), objective };
        const dense = assignColumnar(problem);
        // A spare resource without edges or room (capacity 0, not 1) takes the same problem off the dense path.
        const sparse = assignColumnar({ ...problem, resourceCapacity: Int32Array.from({ length: n + 1 }, (_, r) => (r < n ? 1 : 0)) });
        expect(dense.totalScore).toBe(sparse.totalScore);
        if (objective === 'max-matched-then-score') expect(dense.matched).toBe(sparse.matched);
        expect(verifyColumnarAssignment(problem, dense)).toEqual({ valid: true, issues: [] });
      }),
      { numRuns: 40 },
    );
  });

  it('leaves other layouts, capacities and score types to the general path', () => {
    const problem = rowMajor(3, [5, 1, 0, 2, 2, 2, 0, 9, 1]);
    expect(assignDenseCompleteColumnar(problem)).not.toBeNull();
    const swapped = { ...problem, edgeNeed: Int32Array.from(problem.edgeNeed).reverse(), edgeResource: Int32Array.from(problem.edgeResource).reverse(), edgeScore: Int32Array.from(problem.edgeScore).reverse() };
    for (const other of [
      swapped,
      { ...problem, resourceCapacity: Int32Array.of(1, 2, 1) },
      { ...problem, edgeScore: Float64Array.from(problem.edgeScore) },
      // Short of 90% square: the general solver is faster there.
      rowMajor(8, Array.from({ length: 72 }, (_, e) => e % 5), 9),
    ]) {
      expect(assignDenseCompleteColumnar(other)).toBeNull();
      expect(verifyColumnarAssignment(other, assignColumnar(other)).valid).toBe(true);
    }
    expect(assignColumnar(swapped).totalScore).toBe(assignColumnar(problem).totalScore);
  });

  it('rejects a negative score through the general path, naming it', () => {
    const problem = rowMajor(2, [1, 2, -3, 4]);
    expect(assignDenseCompleteColumnar(problem)).toBeNull();
    expect(expectCivicGridError(() => assignColumnar(problem), 'VALIDATION_FAILED').issues.map((issue) => issue.path)).toEqual([['edgeScore', 2]]);
  });
});
