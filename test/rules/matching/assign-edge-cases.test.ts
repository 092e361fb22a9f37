import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign, assignColumnar } from '../../../src/rules/matching/assign.js';
import { ASSIGNMENT_OBJECTIVES, type AssignmentProblem } from '../../../src/rules/matching/assignment-problem.js';
import { reassign, reassignColumnar } from '../../../src/rules/matching/reassign.js';
import { verifyAssignment, verifyColumnarAssignment } from '../../../src/rules/matching/verify-assignment.js';
import { bruteForce, shuffled } from './assignment-fixtures.js';

/**
 * Problems built around one edge case: every score from `scores` (one value: ties; 0: zero-score
 * edges), capacities up to `maxCapacity` (above a resource's degree), and needs without edges.
 */
function edgeCaseProblem(scores: fc.Arbitrary<number>, maxCapacity: number): fc.Arbitrary<AssignmentProblem> {
  return fc
    .record({
      needCount: fc.integer({ min: 0, max: 6 }),
      capacities: fc.array(fc.integer({ min: 0, max: maxCapacity }), { minLength: 1, maxLength: 4 }),
      objective: fc.constantFrom(...ASSIGNMENT_OBJECTIVES),
    })
    .chain(({ needCount, capacities, objective }) =>
      fc
        .uniqueArray(fc.record({ n: fc.nat(Math.max(0, needCount - 1)), r: fc.nat(capacities.length - 1), score: scores }), {
          selector: (edge) => `${edge.n}|${edge.r}`,
          maxLength: needCount === 0 ? 0 : 10,
        })
        .map((edges) => ({
          needs: Array.from({ length: needCount }, (_, n) => ({ id: `n${n}` })),
          resources: capacities.map((capacity, r) => ({ id: `r${r}`, capacity })),
          edges: edges.map((edge) => ({ need: `n${edge.n}`, resource: `r${edge.r}`, score: edge.score })),
          objective,
        })),
    );
}

/** The largest score `assign` accepts with 7 needs and 4 resources (the largest edge-case problem after its change). */
const LARGEST_SCORE = Math.floor(Number.MAX_SAFE_INTEGER / (4 * (7 + 4 + 2)));

const CASES = {
  'ties (one score for every edge)': edgeCaseProblem(fc.constant(3), 3),
  'zero-score edges': edgeCaseProblem(fc.constantFrom(0, 0, 1), 3),
  'capacities above degrees': edgeCaseProblem(fc.integer({ min: 0, max: 5 }), 9),
  // No pair weight M keeps potentials below 2^53 here: the default objective must take the path without one.
  'scores at the exact limit (2^53)': edgeCaseProblem(fc.constantFrom(0, LARGEST_SCORE, LARGEST_SCORE - 1), 3),
};

function expectOptimal(problem: AssignmentProblem, result: ReturnType<typeof assign>): void {
  const best = bruteForce(problem);
  if (problem.objective === 'max-score') expect(result.totalScore).toBe(best.totalScore);
  else expect({ matched: result.matched, totalScore: result.totalScore }).toEqual(best);
  expect(verifyAssignment(problem, result)).toEqual({ valid: true, issues: [] });
}

describe('assign on edge cases', () => {
  for (const [name, problems] of Object.entries(CASES)) {
    it(`${name}: optimal, certified, the same pairs whatever the input order, and warm re-solves agree with cold ones`, () => {
      fc.assert(
        fc.property(problems, fc.nat(), (problem, seed) => {
          const result = assign(problem);
          expectOptimal(problem, result);
          const reordered = assign({ ...problem, needs: shuffled(problem.needs, seed), resources: shuffled(problem.resources, seed + 1), edges: shuffled(problem.edges, seed + 2) });
          expect(reordered.pairs).toEqual(result.pairs);
          // Drop one matched need and add one on the same resources: the freed place must be refilled.
          const gone = result.pairs[seed % Math.max(1, result.pairs.length)]?.need;
          const change = {
            ...(gone === undefined ? {} : { removeNeeds: [gone] }),
            addNeeds: [{ id: 'late' }],
            addEdges: problem.resources.slice(0, 2).map((resource, k) => ({ need: 'late', resource: resource.id, score: k })),
          };
          const warm = reassign({ problem, result }, change);
          expectOptimal(warm.problem, warm.result);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('leaves needs without edges unmatched with zero duals, and resources above their degree keep zero duals', () => {
    const problem: AssignmentProblem = {
      needs: [{ id: 'lonely' }, { id: 'a' }, { id: 'b' }],
      resources: [{ id: 'big', capacity: 9 }, { id: 'none', capacity: 0 }],
      edges: [
        { need: 'a', resource: 'big', score: 0 },
        { need: 'b', resource: 'big', score: 4 },
        { need: 'b', resource: 'none', score: 7 },
      ],
    };
    for (const objective of ASSIGNMENT_OBJECTIVES) {
      const result = assign({ ...problem, objective });
      expect(verifyAssignment({ ...problem, objective }, result)).toEqual({ valid: true, issues: [] });
      expect(result.pairs.some((pair) => pair.need === 'lonely')).toBe(false);
      expect(result.certificate.needCardinality[0]).toBe(0);
      expect(result.certificate.needScore[0]).toBe(0);
      expect(result.certificate.resourceScore[0]).toBe(0); // 'big' keeps room
    }
    expect(assign(problem)).toMatchObject({ matched: 2, totalScore: 4 });
  });

  it('refills a place freed by a change from the best dropped need, keeping the remaining pairs tight', () => {
    // r0 holds n2 (4) and n4 (3); n5 (2) and n0 (1) are dropped, so r0's dual is at least 2. Once
    // n4 and n5 leave, n0 takes the place and r0's dual falls to 1: n2's must rise with it.
    const problem: AssignmentProblem = {
      needs: [{ id: 'n0' }, { id: 'n2' }, { id: 'n4' }, { id: 'n5' }],
      resources: [{ id: 'r0', capacity: 2 }],
      edges: [
        { need: 'n4', resource: 'r0', score: 3 },
        { need: 'n2', resource: 'r0', score: 4 },
        { need: 'n0', resource: 'r0', score: 1 },
        { need: 'n5', resource: 'r0', score: 2 },
      ],
    };
    for (const objective of ASSIGNMENT_OBJECTIVES) {
      const previous = { problem: { ...problem, objective }, result: assign({ ...problem, objective }) };
      const next = reassign(previous, { removeNeeds: ['n4', 'n5'] });
      expect(next.result.pairs.map((pair) => pair.need)).toEqual(['n0', 'n2']);
      expect(verifyAssignment(next.problem, next.result)).toEqual({ valid: true, issues: [] });
    }
  });

  it('columnar warm re-solves agree with cold ones on both objectives', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ASSIGNMENT_OBJECTIVES),
        fc.array(fc.tuple(fc.nat(7), fc.nat(3), fc.integer({ min: 0, max: 4 })), { maxLength: 24 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.nat(7), { maxLength: 3 }),
        (objective, rawEdges, capacities, removed) => {
          const unique = new Map(rawEdges.map(([n, r, score]) => [`${n}|${r}`, { n, r, score }]));
          const edges = [...unique.values()];
          const columnar = (kept: typeof edges, resourceCapacity: number[]) => ({
            needCount: 8,
            resourceCapacity,
            edgeNeed: kept.map((edge) => edge.n),
            edgeResource: kept.map((edge) => edge.r),
            edgeScore: kept.map((edge) => edge.score),
            objective,
          });
          const first = columnar(edges, capacities);
          const previous = assignColumnar(first);
          const second = columnar(edges.filter((edge) => !removed.includes(edge.n)), capacities.map((capacity, r) => (r === 0 ? capacity + 1 : capacity)));
          const warm = reassignColumnar(second, previous);
          const cold = assignColumnar(second);
          expect(objective === 'max-score' ? [warm.totalScore] : [warm.matched, warm.totalScore]).toEqual(objective === 'max-score' ? [cold.totalScore] : [cold.matched, cold.totalScore]);
          expect(verifyColumnarAssignment(second, warm)).toEqual({ valid: true, issues: [] });
        },
      ),
      { numRuns: 200 },
    );
  });
});
