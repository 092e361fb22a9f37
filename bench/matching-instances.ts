import type { AssignmentObjective, ColumnarAssignmentProblem } from '../src/rules/matching/assignment-problem.js';

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
