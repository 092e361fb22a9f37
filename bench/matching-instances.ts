import type { AssignmentObjective, ColumnarAssignmentProblem } from '../src/rules/matching/assignment-problem.js';
import type { DispatchChange } from '../src/rules/matching/dispatch-change.js';

/** Small, fast, seeded PRNG (mulberry32): the generator must never read Math.random. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SparseSpec {
  needs: number;
  resources: number;
  edges: number;
  categories: number;
  seed: number;
  objective?: AssignmentObjective;
}

export const S1: SparseSpec = { needs: 10_000, resources: 2_000, edges: 200_000, categories: 10, seed: 1 };
export const S2: SparseSpec = { needs: 100_000, resources: 20_000, edges: 2_000_000, categories: 10, seed: 2 };
export const S3: SparseSpec = { ...S2, edges: 5_000_000, seed: 3 };

/**
 * A city-like sparse instance. Needs and resources sit on a line of areas (a stand-in for the
 * grid order of a city); each has one of `categories` categories; resources have capacities 1–9.
 * A need links to resources of its category close to it on the line, so the graph has locality;
 * the score falls with distance and rises with the need's urgency (integers 0–130).
 */
export function sparseCityInstance(spec: SparseSpec): ColumnarAssignmentProblem {
  const random = seededRandom(spec.seed);
  const { needs, resources, categories } = spec;
  const perNeed = Math.round(spec.edges / needs);
  const resourceCapacity = new Int32Array(resources);
  // Resources of each category, in line order.
  const byCategory: number[][] = Array.from({ length: categories }, () => []);
  for (let r = 0; r < resources; r++) {
    resourceCapacity[r] = 1 + Math.floor(random() * 9);
    (byCategory[r % categories] as number[]).push(r);
  }
  const edgeNeed = new Int32Array(needs * perNeed);
  const edgeResource = new Int32Array(needs * perNeed);
  const edgeScore = new Int32Array(needs * perNeed);
  let edgeCount = 0;
  const chosen = new Set<number>();
  for (let n = 0; n < needs; n++) {
    const list = byCategory[Math.floor(random() * categories)] as number[];
    const centre = Math.floor((n / needs) * list.length);
    const urgency = Math.floor(random() * 31);
    const degree = Math.min(perNeed, list.length);
    chosen.clear();
    while (chosen.size < degree) {
      // Mostly near neighbours, sometimes further away.
      const spread = 1 + Math.floor(-Math.log(1 - random()) * perNeed * 0.8);
      const offset = Math.floor((random() - 0.5) * 2 * spread);
      const position = Math.min(list.length - 1, Math.max(0, centre + offset));
      const r = list[position] as number;
      if (chosen.has(r)) continue;
      chosen.add(r);
      edgeNeed[edgeCount] = n;
      edgeResource[edgeCount] = r;
      edgeScore[edgeCount] = Math.max(0, 100 - 4 * Math.abs(offset)) + urgency;
      edgeCount++;
    }
  }
  return {
    needCount: needs,
    resourceCapacity,
    edgeNeed: edgeNeed.subarray(0, edgeCount),
    edgeResource: edgeResource.subarray(0, edgeCount),
    edgeScore: edgeScore.subarray(0, edgeCount),
    ...(spec.objective === undefined ? {} : { objective: spec.objective }),
  };
}

/** A dense n×n assignment instance with integer scores 0–999 (every need links to every resource). */
export function denseInstance(n: number, seed: number): { problem: ColumnarAssignmentProblem; matrix: number[][] } {
  const random = seededRandom(seed);
  const matrix = Array.from({ length: n }, () => Array.from({ length: n }, () => Math.floor(random() * 1000)));
  const edgeNeed = new Int32Array(n * n);
  const edgeResource = new Int32Array(n * n);
  const edgeScore = new Int32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      edgeNeed[i * n + j] = i;
      edgeResource[i * n + j] = j;
      edgeScore[i * n + j] = (matrix[i] as number[])[j] as number;
    }
  }
  return { problem: { needCount: n, resourceCapacity: new Int32Array(n).fill(1), edgeNeed, edgeResource, edgeScore }, matrix };
}

/** A {@link DispatchChange} with the parts the bench's changes use, as typed arrays. */
export interface InstanceChange extends DispatchChange {
  removeNeeds: Int32Array;
  addNeeds: number;
  capacities: { resource: Int32Array; capacity: Int32Array };
  addEdges: { edgeNeed: Int32Array; edgeResource: Int32Array; edgeScore: Int32Array };
}

/**
 * A change touching `fraction` of S2, as a dispatch-session change: that share of needs lose their
 * edges, as many new needs arrive (copying a random need's neighbourhood with fresh urgency), and
 * that share of capacities move by ±2.
 */
export function instanceChange(problem: ColumnarAssignmentProblem, fraction: number, seed: number): InstanceChange {
  const random = seededRandom(seed);
  const needCount = problem.needCount;
  const removed = new Uint8Array(needCount);
  for (let k = 0; k < needCount * fraction; k++) removed[Math.floor(random() * needCount)] = 1;
  const added = Math.floor(needCount * fraction);
  const start = new Int32Array(needCount + 1);
  for (let e = 0; e < problem.edgeNeed.length; e++) (start[(problem.edgeNeed[e] as number) + 1] as number)++;
  for (let i = 0; i < needCount; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const edgeNeed: number[] = [];
  const edgeResource: number[] = [];
  const edgeScore: number[] = [];
  for (let k = 0; k < added; k++) {
    const model = Math.floor(random() * needCount);
    const bonus = Math.floor(random() * 31);
    for (let e = start[model] as number; e < (start[model + 1] as number); e++) {
      edgeNeed.push(needCount + k);
      edgeResource.push(problem.edgeResource[e] as number);
      edgeScore.push(Math.max(0, (problem.edgeScore[e] as number) - 15 + bonus));
    }
  }
  const resourceCapacity = Int32Array.from(problem.resourceCapacity);
  const resource: number[] = [];
  const capacity: number[] = [];
  for (let k = 0; k < resourceCapacity.length * fraction; k++) {
    const r = Math.floor(random() * resourceCapacity.length);
    resourceCapacity[r] = Math.max(0, (resourceCapacity[r] as number) + (random() < 0.5 ? -2 : 2));
    resource.push(r);
    capacity.push(resourceCapacity[r] as number);
  }
  const removeNeeds: number[] = [];
  for (let i = 0; i < needCount; i++) if (removed[i] === 1) removeNeeds.push(i);
  return {
    removeNeeds: Int32Array.from(removeNeeds),
    addNeeds: added,
    capacities: { resource: Int32Array.from(resource), capacity: Int32Array.from(capacity) },
    addEdges: { edgeNeed: Int32Array.from(edgeNeed), edgeResource: Int32Array.from(edgeResource), edgeScore: Int32Array.from(edgeScore) },
  };
}

/** The problem after {@link instanceChange}: removed needs keep their index without edges, new ones are appended. */
export function changedInstance(problem: ColumnarAssignmentProblem, fraction: number, seed: number): ColumnarAssignmentProblem {
  const change = instanceChange(problem, fraction, seed);
  const removed = new Uint8Array(problem.needCount);
  for (const i of change.removeNeeds) removed[i] = 1;
  const kept: number[] = [];
  for (let e = 0; e < problem.edgeNeed.length; e++) if (removed[problem.edgeNeed[e] as number] === 0) kept.push(e);
  const { edgeNeed, edgeResource, edgeScore } = change.addEdges;
  const concat = (old: ArrayLike<number>, added: Int32Array): Int32Array => {
    const all = new Int32Array(kept.length + added.length);
    kept.forEach((e, k) => (all[k] = old[e] as number));
    all.set(added, kept.length);
    return all;
  };
  const resourceCapacity = Int32Array.from(problem.resourceCapacity);
  for (let k = 0; k < change.capacities.resource.length; k++) resourceCapacity[change.capacities.resource[k] as number] = change.capacities.capacity[k] as number;
  return {
    needCount: problem.needCount + change.addNeeds,
    resourceCapacity,
    edgeNeed: concat(problem.edgeNeed, edgeNeed),
    edgeResource: concat(problem.edgeResource, edgeResource),
    edgeScore: concat(problem.edgeScore, edgeScore),
  };
}
