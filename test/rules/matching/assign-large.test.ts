import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/generate/seeded-random.js';
import { assign } from '../../../src/rules/matching/assign.js';
import type { AssignmentProblem } from '../../../src/rules/matching/assignment-problem.js';
import { reassign } from '../../../src/rules/matching/reassign.js';
import { verifyAssignment } from '../../../src/rules/matching/verify-assignment.js';

/**
 * Instances large enough (over 400 needs, capacity short of demand) to reach
 * the cardinality split's multi-round path, which brute-force-sized problems
 * never do. Optimality is checked through the certificate.
 */
function scarceProblem(seed: number): AssignmentProblem {
  const random = new SeededRandom(seed);
  const categories = 5;
  const resources = Array.from({ length: 300 }, (_, r) => ({ id: `r${r}`, capacity: random.int(1, 4) }));
  const needs = Array.from({ length: 2500 }, (_, n) => ({ id: `n${n}` }));
  const edges: { need: string; resource: string; score: number }[] = [];
  needs.forEach((need, n) => {
    const category = n % categories;
    const chosen = new Set<number>();
    for (let k = 0; k < 5; k++) chosen.add(category + categories * random.int(0, resources.length / categories - 1));
    for (const r of chosen) edges.push({ need: need.id, resource: `r${r}`, score: random.int(0, 100) });
  });
  return { needs, resources, edges };
}

describe('assign on scarce instances past the cardinality split threshold', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: the default objective is certified optimal and dominates max-score lexicographically`, () => {
      const problem = scarceProblem(seed);
      const lexicographic = assign(problem);
      const scoreOnly = assign({ ...problem, objective: 'max-score' });
      expect(verifyAssignment(problem, lexicographic)).toEqual({ valid: true, issues: [] });
      expect(verifyAssignment({ ...problem, objective: 'max-score' }, scoreOnly)).toEqual({ valid: true, issues: [] });
      const capacity = problem.resources.reduce((sum, resource) => sum + resource.capacity, 0);
      expect(lexicographic.matched).toBeLessThanOrEqual(capacity);
      expect(lexicographic.matched).toBeGreaterThanOrEqual(scoreOnly.matched);
      expect(lexicographic.totalScore).toBeLessThanOrEqual(scoreOnly.totalScore);
    });
  }
});

describe('reassign on scarce instances, small and large changes', () => {
  // 8 new needs stay under the one-weight warm solve's limit; 200 take the split.
  for (const added of [8, 200]) {
    it(`${added} new needs and as many gone: certified and equal to a cold solve`, () => {
      const problem = scarceProblem(4);
      const previous = { problem, result: assign(problem) };
      const random = new SeededRandom(added);
      const addNeeds = Array.from({ length: added }, (_, k) => ({ id: `late${k}` }));
      const change = {
        removeNeeds: previous.result.pairs.slice(0, added).map((pair) => pair.need),
        addNeeds,
        addEdges: addNeeds.flatMap((need) => [0, 1, 2].map((k) => ({ need: need.id, resource: `r${random.int(0, 99) * 3 + k}`, score: random.int(0, 100) }))),
      };
      const next = reassign(previous, change);
      expect(verifyAssignment(next.problem, next.result)).toEqual({ valid: true, issues: [] });
      const cold = assign(next.problem);
      expect([next.result.matched, next.result.totalScore]).toEqual([cold.matched, cold.totalScore]);
    });
  }
});
