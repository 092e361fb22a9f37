import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CivicGridError } from '../../../src/errors/civic-grid-error.js';
import { assign, assignColumnar } from '../../../src/rules/matching/assign.js';
import { verifyAssignment, verifyColumnarAssignment } from '../../../src/rules/matching/verify-assignment.js';
import type { AssignmentProblem } from '../../../src/rules/matching/assignment-problem.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { bruteForce, shuffled, smallProblem } from './assignment-fixtures.js';

const validationIssues = (run: () => unknown): CivicGridError['issues'] => expectCivicGridError(run, 'VALIDATION_FAILED').issues;

describe('assign', () => {
  it('prefers more matched needs, then the higher score', () => {
    const problem: AssignmentProblem = {
      needs: [{ id: 'a' }, { id: 'b' }],
      resources: [{ id: 'x', capacity: 1 }, { id: 'y', capacity: 1 }],
      edges: [
        { need: 'a', resource: 'x', score: 9 },
        { need: 'a', resource: 'y', score: 1 },
        { need: 'b', resource: 'x', score: 1 },
      ],
    };
    expect(assign(problem)).toMatchObject({ matched: 2, totalScore: 2 });
    expect(assign({ ...problem, objective: 'max-score' })).toMatchObject({ matched: 1, totalScore: 9, pairs: [{ need: 'a', resource: 'x', score: 9 }] });
  });

  it('fills a resource up to its capacity and no further', () => {
    const result = assign({
      needs: ['a', 'b', 'c'].map((id) => ({ id })),
      resources: [{ id: 'x', capacity: 2 }],
      edges: ['a', 'b', 'c'].map((need, k) => ({ need, resource: 'x', score: k })),
    });
    expect(result.pairs.map((pair) => pair.need)).toEqual(['b', 'c']);
  });

  it('handles empty problems', () => {
    expect(assign({ needs: [], resources: [], edges: [] })).toMatchObject({ pairs: [], matched: 0, totalScore: 0 });
  });

  it('equals brute force on both objectives, within capacities and edges, and verifies', () => {
    fc.assert(
      fc.property(smallProblem(), (problem) => {
        const result = assign(problem);
        const best = bruteForce(problem);
        expect({ matched: result.matched, totalScore: result.totalScore }).toEqual(
          problem.objective === 'max-score' ? { matched: result.matched, totalScore: best.totalScore } : best,
        );
        const edgeScore = new Map(problem.edges.map((edge) => [`${edge.need}|${edge.resource}`, edge.score]));
        const load = new Map<string, number>();
        for (const pair of result.pairs) {
          expect(edgeScore.get(`${pair.need}|${pair.resource}`)).toBe(pair.score);
          load.set(pair.resource, (load.get(pair.resource) ?? 0) + 1);
        }
        for (const resource of problem.resources) expect(load.get(resource.id) ?? 0).toBeLessThanOrEqual(resource.capacity);
        expect(new Set(result.pairs.map((pair) => pair.need)).size).toBe(result.pairs.length);
        expect(verifyAssignment(problem, result)).toEqual({ valid: true, issues: [] });
      }),
      { numRuns: 400 },
    );
  });

  it('solves complete square problems (the dense path) exactly, small and huge scores alike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.constantFrom(9, 2 ** 33), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (n, top, random) => {
        const ids = Array.from({ length: n }, (_, k) => k);
        const problem: AssignmentProblem = {
          needs: ids.map((k) => ({ id: `n${k}` })),
          resources: ids.map((k) => ({ id: `r${k}`, capacity: 1 })),
          edges: ids.flatMap((i) => ids.map((r) => ({ need: `n${i}`, resource: `r${r}`, score: Math.floor((random.next().value as number) * top) }))),
        };
        const result = assign(problem);
        expect({ matched: result.matched, totalScore: result.totalScore }).toEqual(bruteForce(problem));
        expect(verifyAssignment(problem, result)).toEqual({ valid: true, issues: [] });
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same pairs whatever the order of the input arrays', () => {
    fc.assert(
      fc.property(smallProblem(8, 5), fc.integer(), (problem, seed) => {
        const permuted = { ...problem, needs: shuffled(problem.needs, seed), resources: shuffled(problem.resources, seed + 1), edges: shuffled(problem.edges, seed + 2) };
        expect(assign(permuted).pairs).toEqual(assign(problem).pairs);
      }),
      { numRuns: 200 },
    );
  });

  it('names every offender in bad input', () => {
    const issues = validationIssues(() =>
      assign({
        needs: [{ id: 'a' }, { id: 'a' }],
        resources: [{ id: 'x', capacity: -1 }, { id: 'y', capacity: 1.5 }],
        edges: [
          { need: 'a', resource: 'x', score: 1 },
          { need: 'ghost', resource: 'x', score: 1 },
          { need: 'a', resource: 'nowhere', score: -2 },
          { need: 'a', resource: 'y', score: 0.5 },
        ],
      }),
    );
    expect(issues.map((issue) => issue.path)).toEqual([
      ['needs', 1, 'id'],
      ['resources', 0, 'capacity'],
      ['resources', 1, 'capacity'],
      ['edges', 1, 'need'],
      ['edges', 2, 'resource'],
      ['edges', 2, 'score'],
      ['edges', 3, 'score'],
    ]);
  });

  it('reports duplicate edges with both positions', () => {
    const issues = validationIssues(() =>
      assign({
        needs: [{ id: 'a' }],
        resources: [{ id: 'x', capacity: 1 }],
        edges: [
          { need: 'a', resource: 'x', score: 1 },
          { need: 'a', resource: 'x', score: 2 },
        ],
      }),
    );
    expect(issues).toEqual([{ path: ['edges', 1], message: 'duplicate edge "a" → "x" (first at edges.0)' }]);
  });

  it('rejects a malformed problem and an unknown objective', () => {
    expect(validationIssues(() => assign(null as unknown as AssignmentProblem))).toHaveLength(1);
    const issues = validationIssues(() => assign({ needs: {}, resources: [], objective: 'fastest' } as unknown as AssignmentProblem));
    expect(issues.map((issue) => issue.path)).toEqual([['needs'], ['edges'], ['objective']]);
  });

  it('rejects scores too large to solve exactly', () => {
    const issues = validationIssues(() => assign({ needs: [{ id: 'a' }], resources: [{ id: 'x', capacity: 1 }], edges: [{ need: 'a', resource: 'x', score: 2 ** 52 }] }));
    expect(issues[0]?.path).toEqual(['edges', 0, 'score']);
  });
});

describe('verifyAssignment', () => {
  it('rejects a result with one pair changed', () => {
    fc.assert(
      fc.property(smallProblem(), fc.nat(), fc.nat(), (problem, pick, pickEdge) => {
        const result = assign(problem);
        fc.pre(result.pairs.length > 0);
        const k = pick % result.pairs.length;
        const need = (result.pairs[k] as (typeof result.pairs)[number]).need;
        // Replace the pair with another edge of any need, or drop it; totals are recomputed.
        const candidates = problem.edges.filter((edge) => edge.need === need || !result.pairs.some((pair) => pair.need === edge.need));
        const replacement = candidates[pickEdge % (candidates.length + 1)];
        const pairs = result.pairs.flatMap((pair, j) => (j !== k ? [pair] : replacement === undefined ? [] : [{ ...replacement }]));
        const changed = { ...result, pairs, matched: pairs.length, totalScore: pairs.reduce((sum, pair) => sum + pair.score, 0) };
        const sameValue = problem.objective === 'max-score' ? changed.totalScore === result.totalScore : changed.matched === result.matched && changed.totalScore === result.totalScore;
        const overfull = problem.resources.some((resource) => pairs.filter((pair) => pair.resource === resource.id).length > resource.capacity);
        // A change that keeps the optimum value and stays feasible is another optimum: nothing to reject.
        fc.pre(!sameValue || overfull);
        expect(verifyAssignment(problem, changed).valid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('names the infeasible parts of a bad result', () => {
    const problem: AssignmentProblem = { needs: [{ id: 'a' }, { id: 'b' }], resources: [{ id: 'x', capacity: 1 }], edges: [{ need: 'a', resource: 'x', score: 1 }, { need: 'b', resource: 'x', score: 1 }] };
    const result = assign(problem);
    const verdict = verifyAssignment(problem, { ...result, pairs: [...result.pairs, { need: 'b', resource: 'x', score: 1 }, { need: 'a', resource: 'y', score: 1 }] });
    expect(verdict.valid).toBe(false);
    expect(verdict.issues.map((issue) => issue.path)).toEqual(expect.arrayContaining([['pairs', 2], ['resources', 0], ['matched'], ['totalScore']]));
    expect(verifyAssignment(problem, null)).toEqual({ valid: false, issues: [{ path: ['pairs'], message: 'result must have a pairs array' }] });
    expect(verifyAssignment(problem, { ...result, certificate: undefined }).issues).toEqual([{ path: ['certificate'], message: 'certificate is missing' }]);
  });

  it('throws VALIDATION_FAILED for a bad problem', () => {
    expect(validationIssues(() => verifyAssignment({ needs: [], resources: [], edges: [{ need: 'a', resource: 'x', score: 1 }] }, {}))).toHaveLength(2);
  });
});

describe('assignColumnar', () => {
  it('agrees with assign and verifies', () => {
    fc.assert(
      fc.property(smallProblem(), (problem) => {
        const needIndex = new Map(problem.needs.map((need, k) => [need.id, k]));
        const resourceIndex = new Map(problem.resources.map((resource, k) => [resource.id, k]));
        const columnar = {
          needCount: problem.needs.length,
          resourceCapacity: Int32Array.from(problem.resources, (resource) => resource.capacity),
          edgeNeed: Int32Array.from(problem.edges, (edge) => needIndex.get(edge.need) as number),
          edgeResource: Int32Array.from(problem.edges, (edge) => resourceIndex.get(edge.resource) as number),
          edgeScore: Float64Array.from(problem.edges, (edge) => edge.score),
          ...(problem.objective === undefined ? {} : { objective: problem.objective }),
        };
        const result = assignColumnar(columnar);
        const expected = assign(problem);
        expect({ matched: result.matched, totalScore: result.totalScore }).toEqual({ matched: expected.matched, totalScore: expected.totalScore });
        expect(verifyColumnarAssignment(columnar, result)).toEqual({ valid: true, issues: [] });
        for (let n = 0; n < columnar.needCount; n++) {
          const e = result.needEdge[n] as number;
          if (e >= 0) expect(columnar.edgeResource[e]).toBe(result.needResource[n]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('takes any integer typed arrays or plain arrays, in canonical order or not', () => {
    const base = { needCount: 2, resourceCapacity: [1, 1] };
    const sorted = assignColumnar({ ...base, edgeNeed: Int16Array.of(0, 0, 1), edgeResource: Uint8Array.of(0, 1, 0), edgeScore: Int32Array.of(5, 1, 4) });
    const unsorted = assignColumnar({ ...base, edgeNeed: [1, 0, 0], edgeResource: [0, 1, 0], edgeScore: [4, 1, 5] });
    expect(sorted).toMatchObject({ needResource: Int32Array.of(1, 0), needEdge: Int32Array.of(1, 2), matched: 2, totalScore: 5 });
    expect(unsorted).toMatchObject({ needResource: Int32Array.of(1, 0), needEdge: Int32Array.of(1, 0), matched: 2, totalScore: 5 });
    const issues = validationIssues(() =>
      assignColumnar({ needCount: 2, resourceCapacity: [1], edgeNeed: Float64Array.of(0.5, 0, 1), edgeResource: Int32Array.of(0, 3, 0), edgeScore: Float64Array.of(1, 1, 1.5) }),
    );
    expect(issues.map((issue) => issue.path)).toEqual([['edgeNeed', 0], ['edgeResource', 1], ['edgeScore', 2]]);
  });

  it('names bad indices, scores, capacities and duplicates', () => {
    const issues = validationIssues(() =>
      assignColumnar({ needCount: 2, resourceCapacity: [1, -1], edgeNeed: [0, 5, 0], edgeResource: [0, 0, 9], edgeScore: [1, 1, -1] }),
    );
    expect(issues.map((issue) => issue.path)).toEqual([['resourceCapacity', 1], ['edgeNeed', 1], ['edgeResource', 2], ['edgeScore', 2]]);
    expect(validationIssues(() => assignColumnar({ needCount: 1, resourceCapacity: [1], edgeNeed: [0, 0], edgeResource: [0, 0], edgeScore: [1, 2] }))[0]?.path).toEqual(['edgeNeed', 1]);
    expect(validationIssues(() => assignColumnar({ needCount: -1, resourceCapacity: [], edgeNeed: [0], edgeResource: [], edgeScore: [] })).map((issue) => issue.path)).toEqual([['needCount']]);
  });
});
