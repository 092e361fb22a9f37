import fc from 'fast-check';
import type { AssignmentObjective, AssignmentProblem } from '../../../src/rules/matching/assignment-problem.js';

/** Small random problems: ties, zero scores, zero capacities and isolated nodes included. */
export function smallProblem(maxNeeds = 6, maxResources = 4): fc.Arbitrary<AssignmentProblem> {
  return fc
    .record({
      needCount: fc.integer({ min: 0, max: maxNeeds }),
      capacities: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: maxResources }),
      objective: fc.constantFrom<AssignmentObjective>('max-matched-then-score', 'max-score'),
    })
    .chain(({ needCount, capacities, objective }) =>
      fc
        .uniqueArray(
          fc.record({ n: fc.nat(Math.max(0, needCount - 1)), r: fc.nat(Math.max(0, capacities.length - 1)), score: fc.integer({ min: 0, max: 6 }) }),
          { selector: (edge) => `${edge.n}|${edge.r}`, maxLength: needCount === 0 || capacities.length === 0 ? 0 : 14 },
        )
        .map((edges) => ({
          needs: Array.from({ length: needCount }, (_, n) => ({ id: `n${n}` })),
          resources: capacities.map((capacity, r) => ({ id: `r${r}`, capacity })),
          edges: edges.map((edge) => ({ need: `n${edge.n}`, resource: `r${edge.r}`, score: edge.score })),
          objective,
        })),
    );
}

/** Exhaustive search: every need takes one of its edges or none. Returns the best (matched, score). */
export function bruteForce(problem: AssignmentProblem): { matched: number; totalScore: number } {
  const edgesOf = problem.needs.map((need) => problem.edges.filter((edge) => edge.need === need.id));
  const room = new Map(problem.resources.map((resource) => [resource.id, resource.capacity]));
  const lexicographic = (problem.objective ?? 'max-matched-then-score') === 'max-matched-then-score';
  let best = { matched: 0, totalScore: 0 };
  const better = (matched: number, score: number): boolean =>
    lexicographic ? matched > best.matched || (matched === best.matched && score > best.totalScore) : score > best.totalScore;
  const visit = (k: number, matched: number, score: number): void => {
    if (k === edgesOf.length) {
      if (better(matched, score)) best = { matched, totalScore: score };
      return;
    }
    visit(k + 1, matched, score);
    for (const edge of edgesOf[k] ?? []) {
      const left = room.get(edge.resource) ?? 0;
      if (left === 0) continue;
      room.set(edge.resource, left - 1);
      visit(k + 1, matched + 1, score + edge.score);
      room.set(edge.resource, left);
    }
  };
  visit(0, 0, 0);
  return best;
}

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0 || 1;
  for (let k = copy.length - 1; k > 0; k--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (k + 1);
    [copy[k], copy[j]] = [copy[j] as T, copy[k] as T];
  }
  return copy;
}
