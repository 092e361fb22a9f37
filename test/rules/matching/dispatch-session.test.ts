import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignColumnar } from '../../../src/rules/matching/assign.js';
import { type AssignmentObjective, type ColumnarAssignmentProblem, buildColumnarGraph, scoreLimit } from '../../../src/rules/matching/assignment-problem.js';
import type { DispatchChange } from '../../../src/rules/matching/dispatch-change.js';
import { type DispatchSession, createDispatchSession } from '../../../src/rules/matching/dispatch-session.js';
import { IncrementalDispatchSession, type RepairLimits } from '../../../src/rules/matching/incremental-dispatch-session.js';
import { verifyColumnarAssignment } from '../../../src/rules/matching/verify-assignment.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { shuffled } from './assignment-fixtures.js';

/** A small columnar problem: ties, zero scores, zero capacities, capacities above degree, needs without edges. */
const columnarProblem = fc
  .record({
    needCount: fc.integer({ min: 0, max: 6 }),
    capacities: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }),
    objective: fc.constantFrom<AssignmentObjective>('max-matched-then-score', 'max-score'),
  })
  .chain(({ needCount, capacities, objective }) =>
    fc
      .uniqueArray(fc.record({ n: fc.nat(Math.max(0, needCount - 1)), r: fc.nat(Math.max(0, capacities.length - 1)), score: fc.integer({ min: 0, max: 4 }) }), {
        selector: (edge) => `${edge.n}|${edge.r}`,
        maxLength: needCount === 0 || capacities.length === 0 ? 0 : 14,
      })
      .map(
        (edges): ColumnarAssignmentProblem => ({
          needCount,
          resourceCapacity: capacities,
          edgeNeed: edges.map((edge) => edge.n),
          edgeResource: edges.map((edge) => edge.r),
          edgeScore: edges.map((edge) => edge.score),
          objective,
        }),
      ),
  );

/** Seeds of one change, read against the session's problem at the time it is applied. */
const changeSeeds = fc.record({
  removeEdges: fc.array(fc.nat(), { maxLength: 3 }),
  removeNeeds: fc.array(fc.nat(), { maxLength: 2 }),
  removeResources: fc.array(fc.nat(), { maxLength: 1 }),
  addNeeds: fc.integer({ min: 0, max: 2 }),
  addResources: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 2 }),
  capacities: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 4 })), { maxLength: 2 }),
  // Mostly small scores (ties), sometimes far above the rest (the pair weight must grow).
  addEdges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 500 }))), { maxLength: 8 }),
});
type ChangeSeeds = typeof changeSeeds extends fc.Arbitrary<infer T> ? T : never;

/** A valid change built from seeds against `problem` (the session's current problem). */
function changeOf(problem: ColumnarAssignmentProblem, seeds: ChangeSeeds): DispatchChange {
  const needCount = problem.needCount;
  const resourceCount = problem.resourceCapacity.length;
  const edgeCount = problem.edgeNeed.length;
  const removedEdges = [...new Set(edgeCount === 0 ? [] : seeds.removeEdges.map((seed) => seed % edgeCount))];
  const removeNeeds = needCount === 0 ? [] : seeds.removeNeeds.map((seed) => seed % needCount);
  const removeResources = resourceCount === 0 ? [] : seeds.removeResources.map((seed) => seed % resourceCount);
  const needsAfter = needCount + seeds.addNeeds;
  const resourcesAfter = resourceCount + seeds.addResources.length;
  const gone = new Set(removedEdges);
  const existing = new Set<string>();
  for (let e = 0; e < edgeCount; e++) {
    const need = problem.edgeNeed[e] as number;
    const resource = problem.edgeResource[e] as number;
    if (!gone.has(e) && !removeNeeds.includes(need) && !removeResources.includes(resource)) existing.add(`${need}|${resource}`);
  }
  const addEdges = { edgeNeed: [] as number[], edgeResource: [] as number[], edgeScore: [] as number[] };
  for (const [needSeed, resourceSeed, score] of seeds.addEdges) {
    if (needsAfter === 0 || resourcesAfter === 0) break;
    const need = needSeed % needsAfter;
    const resource = resourceSeed % resourcesAfter;
    if (existing.has(`${need}|${resource}`)) continue;
    existing.add(`${need}|${resource}`);
    addEdges.edgeNeed.push(need);
    addEdges.edgeResource.push(resource);
    addEdges.edgeScore.push(score);
  }
  return {
    removeEdges: { edgeNeed: removedEdges.map((e) => problem.edgeNeed[e] as number), edgeResource: removedEdges.map((e) => problem.edgeResource[e] as number) },
    removeNeeds,
    removeResources,
    addNeeds: seeds.addNeeds,
    addResources: seeds.addResources,
    capacities: resourcesAfter === 0 ? { resource: [], capacity: [] } : { resource: seeds.capacities.map(([seed]) => seed % resourcesAfter), capacity: seeds.capacities.map(([, capacity]) => capacity) },
    addEdges,
  };
}

/** The session's result has the cold optimum of the session's current problem, and a certificate that verifies. */
function expectOptimal(session: DispatchSession): void {
  const problem = session.problem();
  const cold = assignColumnar(problem);
  const { result } = session;
  expect(result.totalScore).toBe(cold.totalScore);
  // Under 'max-score' a zero-score pair may or may not be taken.
  if (problem.objective !== 'max-score') expect(result.matched).toBe(cold.matched);
  expect(verifyColumnarAssignment(problem, result)).toEqual({ valid: true, issues: [] });
}

/** A problem of a few hundred needs, large enough that a change to half of it is past the repair limits. */
const largerProblem = fc
  .record({
    needCount: fc.integer({ min: 100, max: 300 }),
    resourceCount: fc.integer({ min: 20, max: 60 }),
    objective: fc.constantFrom<AssignmentObjective>('max-matched-then-score', 'max-score'),
    seed: fc.nat(),
  })
  .map((sizes) =>
    // Up to 5 distinct resources near the need's place on the line (locality, like a city), scores 0-9 (ties).
    seededProblem(sizes, { capacityBound: 4, scoreBound: 10 }, (need, pick) => {
      const near = Math.floor((need / sizes.needCount) * sizes.resourceCount);
      return Array.from({ length: pick(6) }, () => (near + pick(9)) % sizes.resourceCount);
    }),
  );

/** A seeded problem: capacities below `capacityBound`; each need links to the distinct resources `candidates` draws for it, scores below `scoreBound`. */
function seededProblem(
  { needCount, resourceCount, objective, seed }: { needCount: number; resourceCount: number; objective: AssignmentObjective; seed: number },
  { capacityBound, scoreBound }: { capacityBound: number; scoreBound: number },
  candidates: (need: number, pick: (bound: number) => number) => number[],
): ColumnarAssignmentProblem {
  const pick = seededPicker(seed);
  const resourceCapacity = Array.from({ length: resourceCount }, () => pick(capacityBound));
  const edgeNeed: number[] = [];
  const edgeResource: number[] = [];
  const edgeScore: number[] = [];
  for (let need = 0; need < needCount; need++) {
    for (const resource of new Set(candidates(need, pick))) {
      edgeNeed.push(need);
      edgeResource.push(resource);
      edgeScore.push(pick(scoreBound));
    }
  }
  return { needCount, resourceCapacity, edgeNeed, edgeResource, edgeScore, objective };
}

/** Deterministic integers below `bound` from a seed (a linear congruential generator: the test must not read Math.random). */
function seededPicker(seed: number): (bound: number) => number {
  let state = seed >>> 0;
  return (bound) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % bound;
  };
}

/** Half the resources removed and half as many needs added, each with edges to the resources left. */
function largeChangeOf(problem: ColumnarAssignmentProblem, seed: number): DispatchChange {
  const pick = seededPicker(seed);
  const resourceCount = problem.resourceCapacity.length;
  const removeResources = Array.from({ length: resourceCount }, (_, r) => r).filter((r) => r % 2 === 0);
  const addNeeds = Math.floor(problem.needCount / 2);
  const addEdges = { edgeNeed: [] as number[], edgeResource: [] as number[], edgeScore: [] as number[] };
  for (let k = 0; k < addNeeds; k++) {
    for (const resource of new Set([1 + 2 * pick(resourceCount >> 1), 1 + 2 * pick(resourceCount >> 1)])) {
      addEdges.edgeNeed.push(problem.needCount + k);
      addEdges.edgeResource.push(resource);
      addEdges.edgeScore.push(pick(10));
    }
  }
  return { removeResources, addNeeds, addEdges };
}

/**
 * Needs and resources in a few categories (a need links only to resources of its own), some with
 * more needs than places (saturated), scores 0-2 (ties and zeros): the repair's prunings (a need
 * with nothing to gain is not searched; a search stops at the best end found) meet equal bounds.
 */
const saturatedProblem = fc
  .record({
    categories: fc.integer({ min: 1, max: 3 }),
    needCount: fc.integer({ min: 1, max: 16 }),
    resourceCount: fc.integer({ min: 1, max: 6 }),
    objective: fc.constantFrom<AssignmentObjective>('max-matched-then-score', 'max-score'),
    seed: fc.nat(),
  })
  .map(({ categories, ...sizes }) =>
    seededProblem(sizes, { capacityBound: 3, scoreBound: 3 }, (_, pick) => {
      const category = pick(categories);
      const own = Array.from({ length: sizes.resourceCount }, (_, r) => r).filter((r) => r % categories === category);
      return own.length === 0 ? [] : Array.from({ length: pick(4) }, () => own[pick(own.length)] as number);
    }),
  );

/** Like the bench's changes: new needs copy a need's edges with scores moved by -1..+1, needs leave, capacities move by 1. */
function copyChangeOf(problem: ColumnarAssignmentProblem, seed: number): DispatchChange {
  const pick = seededPicker(seed);
  const { needCount } = problem;
  const resourceCount = problem.resourceCapacity.length;
  const addNeeds = 1 + pick(4);
  const addEdges = { edgeNeed: [] as number[], edgeResource: [] as number[], edgeScore: [] as number[] };
  for (let k = 0; k < addNeeds; k++) {
    const model = pick(needCount);
    for (let e = 0; e < problem.edgeNeed.length; e++) {
      if (problem.edgeNeed[e] !== model) continue;
      addEdges.edgeNeed.push(needCount + k);
      addEdges.edgeResource.push(problem.edgeResource[e] as number);
      addEdges.edgeScore.push(Math.max(0, (problem.edgeScore[e] as number) + pick(3) - 1));
    }
  }
  const removeNeeds = [...new Set(Array.from({ length: pick(3) }, () => pick(needCount)))];
  const resource = [...new Set(Array.from({ length: pick(3) }, () => pick(resourceCount)))];
  const capacity = resource.map((r) => Math.max(0, (problem.resourceCapacity[r] as number) + (pick(2) === 0 ? -1 : 1)));
  return { addNeeds, addEdges, removeNeeds, capacities: { resource, capacity } };
}

/** A change that must be rejected, from a fixed menu of mistakes. */
function badChangeOf(problem: ColumnarAssignmentProblem, kind: number, good: DispatchChange): { change: unknown; path: (string | number)[] } {
  const needCount = problem.needCount;
  const resourceCount = problem.resourceCapacity.length;
  switch (kind) {
    case 0:
      return { change: { ...good, removeNeeds: [needCount] }, path: ['removeNeeds', 0] };
    case 1:
      return { change: { ...good, addResources: [1, -1] }, path: ['addResources', 1] };
    case 2:
      return { change: { ...good, capacities: { resource: [0], capacity: [1.5] } }, path: ['capacities', 'capacity', 0] };
    case 3:
      return { change: { ...good, addEdges: { edgeNeed: [0, 0], edgeResource: [0, 0], edgeScore: [1, 2] }, addNeeds: 1, addResources: [1] }, path: ['addEdges', 'edgeNeed', 1] };
    case 4:
      return { change: { ...good, addEdges: { edgeNeed: [0], edgeResource: [resourceCount + 5], edgeScore: [1] } }, path: ['addEdges', 'edgeResource', 0] };
    case 5:
      return { change: { ...good, addEdges: { edgeNeed: [0], edgeResource: [0], edgeScore: [Number.NaN] }, addNeeds: 1, addResources: [1] }, path: ['addEdges', 'edgeScore', 0] };
    case 6:
      return { change: { ...good, removeEdges: { edgeNeed: [needCount + 1], edgeResource: [0] } }, path: ['removeEdges', 'edgeNeed', 0] };
    case 7:
      return { change: { ...good, addEdges: { edgeNeed: [0, 1], edgeResource: [0], edgeScore: [1, 1] } }, path: ['addEdges', 'edgeResource'] };
    default:
      return { change: { ...good, addNeeds: -1 }, path: ['addNeeds'] };
  }
}

describe('createDispatchSession', () => {
  it('stays optimal with a certificate through random sequences of changes, like a cold solve of the same problem', () => {
    fc.assert(
      fc.property(columnarProblem, fc.array(changeSeeds, { minLength: 1, maxLength: 6 }), (problem, sequence) => {
        const session = createDispatchSession(problem);
        expectOptimal(session);
        for (const seeds of sequence) {
          session.apply(changeOf(session.problem(), seeds));
          expectOptimal(session);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('repairs saturated categories with ties like a cold solve (no need that could gain is left unsearched)', () => {
    fc.assert(
      fc.property(saturatedProblem, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (problem, seeds) => {
        const session = createDispatchSession(problem);
        for (const seed of seeds) {
          session.apply(copyChangeOf(session.problem(), seed));
          expectOptimal(session);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a bad change with VALIDATION_FAILED and its path, and leaves the session exactly as it was', () => {
    fc.assert(
      fc.property(columnarProblem, changeSeeds, changeSeeds, fc.integer({ min: 0, max: 8 }), (problem, before, after, kind) => {
        const session = createDispatchSession(problem);
        session.apply(changeOf(session.problem(), before));
        const problemBefore = session.problem();
        const resultBefore = session.result;
        const good = changeOf(problemBefore, after);
        const bad = badChangeOf(problemBefore, kind, good);
        const error = expectCivicGridError(() => session.apply(bad.change as DispatchChange), 'VALIDATION_FAILED');
        expect(error.issues.map((issue) => issue.path)).toContainEqual(bad.path);
        expect(session.problem()).toEqual(problemBefore);
        expect(session.result).toBe(resultBefore);
        session.apply(good);
        expectOptimal(session);
      }),
      { numRuns: 200 },
    );
  });

  it('answers the same pairs and certificate for the same problem and changes', () => {
    fc.assert(
      fc.property(columnarProblem, fc.array(changeSeeds, { maxLength: 4 }), (problem, sequence) => {
        const first = createDispatchSession(problem);
        const second = createDispatchSession(problem);
        for (const seeds of sequence) {
          const change = changeOf(first.problem(), seeds);
          expect(second.apply(change)).toEqual(first.apply(change));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('answers the same whatever the order of the edges of the problem, and takes typed arrays', () => {
    fc.assert(
      fc.property(columnarProblem, fc.array(changeSeeds, { maxLength: 3 }), fc.nat(), (problem, sequence, seed) => {
        const order = shuffled([...Array(problem.edgeNeed.length).keys()], seed);
        const reordered: ColumnarAssignmentProblem = {
          ...problem,
          resourceCapacity: Int32Array.from(problem.resourceCapacity),
          edgeNeed: Int32Array.from(order, (e) => problem.edgeNeed[e] as number),
          edgeResource: Int32Array.from(order, (e) => problem.edgeResource[e] as number),
          edgeScore: Float64Array.from(order, (e) => problem.edgeScore[e] as number),
        };
        const first = createDispatchSession(problem);
        const second = createDispatchSession(reordered);
        expect(second.result).toEqual(first.result);
        for (const seeds of sequence) {
          const change = changeOf(first.problem(), seeds);
          const typed: DispatchChange = { ...change, removeNeeds: Int32Array.from(change.removeNeeds ?? []), addEdges: { edgeNeed: Int32Array.from(change.addEdges?.edgeNeed ?? []), edgeResource: Uint16Array.from(change.addEdges?.edgeResource ?? []), edgeScore: Float64Array.from(change.addEdges?.edgeScore ?? []) } };
          expect(second.apply(typed)).toEqual(first.apply(change));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('re-pairs the needs of a removed resource and of a capacity cut to 0, and reuses a removed need', () => {
    // Resource 0 (score 5) serves need 0; resource 1 (score 3) and 2 (score 1) are the fallbacks.
    const session = createDispatchSession({ needCount: 2, resourceCapacity: [1, 1, 1], edgeNeed: [0, 0, 1, 1], edgeResource: [0, 1, 1, 2], edgeScore: [5, 3, 3, 1] });
    expect(Array.from(session.result.needResource)).toEqual([0, 1]);
    expect(Array.from(session.apply({ removeResources: [0] }).needResource)).toEqual([1, 2]);
    expectOptimal(session);
    expect(Array.from(session.apply({ capacities: { resource: [1], capacity: [0] } }).needResource)).toEqual([-1, 2]);
    expectOptimal(session);
    // Need 1 goes; its index takes new edges (to the removed resource 0, reopened) in a later change.
    expect(session.apply({ removeNeeds: [1] }).matched).toBe(0);
    const reused = session.apply({ addEdges: { edgeNeed: [1], edgeResource: [0], edgeScore: [9] }, capacities: { resource: [0], capacity: [1] } });
    expect(Array.from(reused.needResource)).toEqual([-1, 0]);
    expectOptimal(session);
  });

  it('lets a new need outbid a pair when the number of pairs stays the same', () => {
    const session = createDispatchSession({ needCount: 2, resourceCapacity: [1, 1], edgeNeed: [0, 1], edgeResource: [0, 1], edgeScore: [1, 1] });
    // Need 2 scores 9 on resource 0 only; need 0 can move nowhere, so the default objective swaps
    // them (same count, higher score), and 'max-score' would too.
    const result = session.apply({ addNeeds: 1, addEdges: { edgeNeed: [2, 0], edgeResource: [0, 1], edgeScore: [9, 0] } });
    expect(result.matched).toBe(2);
    expect(result.totalScore).toBe(10);
    expectOptimal(session);
  });

  it('stays exact with scores too large for one pair weight (each change solved from scratch)', () => {
    const limit = scoreLimit(3 + 2);
    const session = createDispatchSession({ needCount: 3, resourceCapacity: [1, 1], edgeNeed: [0, 1, 2], edgeResource: [0, 0, 1], edgeScore: [limit, limit - 1, 0] });
    expectOptimal(session);
    session.apply({ addEdges: { edgeNeed: [1], edgeResource: [1], edgeScore: [limit] } });
    expectOptimal(session);
    expect(session.result.totalScore).toBe(2 * limit);
  });

  it('solves a large change (half the resources removed, half as many needs added) from scratch like a cold solve, and goes on warm from it', () => {
    fc.assert(
      fc.property(largerProblem, fc.nat(), fc.array(changeSeeds, { minLength: 1, maxLength: 3 }), (problem, seed, sequence) => {
        // The default limits go cold before repairing; a budget of one settled node per node abandons the repair part way.
        for (const session of [createDispatchSession(problem), new IncrementalDispatchSession(buildColumnarGraph(problem, 'test'), { workPerNode: 1, workPerDisturbed: 0, minWork: 0 })]) {
          session.apply(largeChangeOf(problem, seed));
          expectOptimal(session);
          // Small changes after it are repaired from the state the cold solve left.
          for (const seeds of sequence) {
            session.apply(changeOf(session.problem(), seeds));
            expectOptimal(session);
          }
        }
      }),
      { numRuns: 20 },
    );
  });

  it('stays optimal when repairs are abandoned part way for a cold solve (tiny budgets), and after it', () => {
    const limits = fc.record({ workPerNode: fc.integer({ min: 0, max: 2 }), workPerDisturbed: fc.integer({ min: 0, max: 3 }), minWork: fc.integer({ min: 0, max: 12 }) });
    fc.assert(
      fc.property(columnarProblem, limits, fc.array(changeSeeds, { minLength: 1, maxLength: 6 }), (problem, repairLimits: RepairLimits, sequence) => {
        const session = new IncrementalDispatchSession(buildColumnarGraph(problem, 'test'), repairLimits);
        expectOptimal(session);
        for (const seeds of sequence) {
          session.apply(changeOf(session.problem(), seeds));
          expectOptimal(session);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('validates the problem like assignColumnar', () => {
    const error = expectCivicGridError(() => createDispatchSession({ needCount: 1, resourceCapacity: [1], edgeNeed: [0], edgeResource: [3], edgeScore: [1] }), 'VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toContainEqual(['edgeResource', 0]);
    const session = createDispatchSession({ needCount: 1, resourceCapacity: [1], edgeNeed: [0], edgeResource: [0], edgeScore: [1] });
    expect(expectCivicGridError(() => session.apply({ surprise: 1 } as unknown as DispatchChange), 'VALIDATION_FAILED').issues.length).toBeGreaterThan(0);
    expect(expectCivicGridError(() => session.apply({ addEdges: { edgeNeed: [0], edgeResource: [0], edgeScore: [2] } }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['addEdges', 'edgeNeed', 0]);
  });
});
