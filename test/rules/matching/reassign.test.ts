import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CivicGridError } from '../../../src/errors/civic-grid-error.js';
import { assign, assignColumnar } from '../../../src/rules/matching/assign.js';
import type { AssignmentProblem } from '../../../src/rules/matching/assignment-problem.js';
import { type AssignmentChange, reassign, reassignColumnar } from '../../../src/rules/matching/reassign.js';
import { verifyAssignment, verifyColumnarAssignment } from '../../../src/rules/matching/verify-assignment.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { smallProblem } from './assignment-fixtures.js';

/** The optimum value: score alone for 'max-score', (matched, score) otherwise. */
function value(problem: { objective?: string }, result: { matched: number; totalScore: number }): number[] {
  return problem.objective === 'max-score' ? [result.totalScore] : [result.matched, result.totalScore];
}

/** A random change to `problem`: removals, capacity changes, new needs and resources with edges. */
function changeOf(problem: AssignmentProblem): fc.Arbitrary<AssignmentChange> {
  const needIds = problem.needs.map((need) => need.id);
  const resourceIds = problem.resources.map((resource) => resource.id);
  return fc
    .record({
      removeNeeds: fc.subarray(needIds, { maxLength: Math.min(2, needIds.length) }),
      removeResources: fc.subarray(resourceIds, { maxLength: Math.min(1, resourceIds.length) }),
      capacities: fc.subarray(resourceIds, { maxLength: Math.min(2, resourceIds.length) }).chain((ids) => fc.tuple(...ids.map((id) => fc.integer({ min: 0, max: 3 }).map((capacity) => ({ id, capacity }))))),
      addNeeds: fc.integer({ min: 0, max: 2 }),
      addResources: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
      edgeSeeds: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 6 })), { maxLength: 6 }),
    })
    .map(({ removeNeeds, removeResources, capacities, addNeeds, addResources, edgeSeeds }) => {
      const newNeeds = Array.from({ length: addNeeds }, (_, k) => ({ id: `new-n${k}` }));
      const newResources = addResources.map((capacity, k) => ({ id: `new-r${k}`, capacity }));
      const keptCapacities = capacities.filter((entry) => !removeResources.includes(entry.id));
      const allNeeds = [...needIds.filter((id) => !removeNeeds.includes(id)), ...newNeeds.map((need) => need.id)];
      const allResources = [...resourceIds.filter((id) => !removeResources.includes(id)), ...newResources.map((resource) => resource.id)];
      const seen = new Set(problem.edges.map((edge) => `${edge.need}|${edge.resource}`));
      const addEdges: { need: string; resource: string; score: number }[] = [];
      for (const [n, r, score] of edgeSeeds) {
        if (allNeeds.length === 0 || allResources.length === 0) break;
        const need = allNeeds[n % allNeeds.length] as string;
        const resource = allResources[r % allResources.length] as string;
        if (seen.has(`${need}|${resource}`)) continue;
        seen.add(`${need}|${resource}`);
        addEdges.push({ need, resource, score });
      }
      return { removeNeeds, removeResources, capacities: keptCapacities, addNeeds: newNeeds, addResources: newResources, addEdges };
    });
}

describe('reassign', () => {
  it('reaches the same optimum as a cold solve, with a valid certificate', () => {
    fc.assert(
      fc.property(
        smallProblem(7, 5).chain((problem) => fc.tuple(fc.constant(problem), changeOf(problem))),
        ([problem, change]) => {
          const warm = reassign({ problem, result: assign(problem) }, change);
          const cold = assign(warm.problem);
          expect(value(warm.problem, warm.result)).toEqual(value(warm.problem, cold));
          expect(verifyAssignment(warm.problem, warm.result)).toEqual({ valid: true, issues: [] });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('survives a chain of changes and an objective switch', () => {
    fc.assert(
      fc.property(
        smallProblem(7, 5).chain((problem) => fc.tuple(fc.constant(problem), changeOf(problem))),
        ([problem, change]) => {
          const first = reassign({ problem, result: assign(problem) }, { ...change, objective: problem.objective === 'max-score' ? 'max-matched-then-score' : 'max-score' });
          const second = reassign(first, {});
          expect(verifyAssignment(second.problem, second.result).valid).toBe(true);
          expect(second.result.totalScore).toBe(assign(second.problem).totalScore);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('names unknown ids and bad shapes', () => {
    const problem: AssignmentProblem = { needs: [{ id: 'a' }], resources: [{ id: 'x', capacity: 1 }], edges: [] };
    const previous = { problem, result: assign(problem) };
    const issues = (run: () => unknown): CivicGridError['issues'] => expectCivicGridError(run, 'VALIDATION_FAILED').issues;
    expect(issues(() => reassign(previous, { removeNeeds: ['ghost'], removeResources: ['nowhere'], capacities: [{ id: 'y', capacity: 1 }] })).map((issue) => issue.path)).toEqual([
      ['removeNeeds', 0],
      ['removeResources', 0],
      ['capacities', 0],
    ]);
    expect(issues(() => reassign(previous, { addNeeds: [{ id: 'a' }], capacities: [{ id: 'x', capacity: -1 }] })).map((issue) => issue.path)).toEqual([
      ['needs', 1, 'id'],
      ['resources', 0, 'capacity'],
    ]);
    expect(issues(() => reassign(previous, { surprise: true } as unknown as AssignmentChange))).toHaveLength(1);
  });
});

describe('reassignColumnar', () => {
  it('keeps indices, appends new needs, and matches a cold solve', () => {
    fc.assert(
      fc.property(smallProblem(7, 5), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 6 })), { maxLength: 6 }), fc.nat(), (problem, extra, zeroed) => {
        const needIndex = new Map(problem.needs.map((need, k) => [need.id, k]));
        const resourceIndex = new Map(problem.resources.map((resource, k) => [resource.id, k]));
        const before = {
          needCount: problem.needs.length,
          resourceCapacity: problem.resources.map((resource) => resource.capacity),
          edgeNeed: problem.edges.map((edge) => needIndex.get(edge.need) as number),
          edgeResource: problem.edges.map((edge) => resourceIndex.get(edge.resource) as number),
          edgeScore: problem.edges.map((edge) => edge.score),
          objective: problem.objective ?? 'max-matched-then-score',
        };
        // One more need, one resource's capacity set to 0, and a few extra edges.
        const after = { ...before, needCount: before.needCount + 1, resourceCapacity: [...before.resourceCapacity] };
        if (after.resourceCapacity.length > 0) after.resourceCapacity[zeroed % after.resourceCapacity.length] = 0;
        const seen = new Set(before.edgeNeed.map((n, k) => `${n}|${before.edgeResource[k]}`));
        after.edgeNeed = [...before.edgeNeed];
        after.edgeResource = [...before.edgeResource];
        after.edgeScore = [...before.edgeScore];
        for (const [n, r, score] of extra) {
          if (after.resourceCapacity.length === 0) break;
          const need = n % after.needCount;
          const resource = r % after.resourceCapacity.length;
          if (seen.has(`${need}|${resource}`)) continue;
          seen.add(`${need}|${resource}`);
          after.edgeNeed.push(need);
          after.edgeResource.push(resource);
          after.edgeScore.push(score);
        }
        const warm = reassignColumnar(after, assignColumnar(before));
        const cold = assignColumnar(after);
        expect(value(after, warm)).toEqual(value(after, cold));
        expect(verifyColumnarAssignment(after, warm).valid).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
