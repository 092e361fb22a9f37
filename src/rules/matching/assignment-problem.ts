import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';

/** What an assignment maximises: the number of pairs first and then the score (the default), or the score alone. */
export const ASSIGNMENT_OBJECTIVES = ['max-matched-then-score', 'max-score'] as const;
/** One of {@link ASSIGNMENT_OBJECTIVES}. */
export type AssignmentObjective = (typeof ASSIGNMENT_OBJECTIVES)[number];

/** The one-to-one dispatch problem: each need matched at most once, each resource at most `capacity` times. */
export interface AssignmentProblem {
  needs: readonly { id: string }[];
  /** capacity: integer >= 0 */
  resources: readonly { id: string; capacity: number }[];
  /** score: integer >= 0 */
  edges: readonly { need: string; resource: string; score: number }[];
  /** Default 'max-matched-then-score'. */
  objective?: AssignmentObjective;
}

/** The same problem as typed arrays, for callers at scale: needs and resources are indices. */
export interface ColumnarAssignmentProblem {
  needCount: number;
  /** One integer >= 0 per resource; the resource count is its length. */
  resourceCapacity: ArrayLike<number>;
  edgeNeed: ArrayLike<number>;
  edgeResource: ArrayLike<number>;
  /** One integer >= 0 per edge. */
  edgeScore: ArrayLike<number>;
  objective?: AssignmentObjective;
}

/**
 * The canonical internal form: needs and resources in canonical order (sorted ids, or the
 * columnar indices), edges grouped by need (CSR) and sorted by resource inside each need.
 * Canonical order makes the result independent of the caller's array order.
 */
export interface AssignmentGraph {
  objective: AssignmentObjective;
  needCount: number;
  resourceCount: number;
  /** Edges of need i are needStart[i] .. needStart[i + 1] - 1. */
  needStart: Int32Array;
  edgeNeed: Int32Array;
  edgeResource: Int32Array;
  edgeScore: Float64Array;
  /** The caller's index of each canonical edge. */
  edgeInput: Int32Array;
  capacity: Float64Array;
  /** The caller's index of each canonical need and resource. */
  needInput: Int32Array;
  resourceInput: Int32Array;
}

/**
 * Largest score for which every potential the solver computes stays an exact integer:
 * potentials are sums of at most (needs + resources + 2) scores.
 */
export function scoreLimit(nodeCount: number): number {
  return Math.floor(Number.MAX_SAFE_INTEGER / (4 * (nodeCount + 2)));
}

const isNonNegativeInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function objectiveIssues(objective: unknown): Issue[] {
  if (objective === undefined || (ASSIGNMENT_OBJECTIVES as readonly unknown[]).includes(objective)) return [];
  return [{ path: ['objective'], message: `objective must be one of ${ASSIGNMENT_OBJECTIVES.join(', ')}, got ${JSON.stringify(objective)}` }];
}

function scoreIssue(path: Issue['path'], score: unknown, limit: number): Issue | null {
  if (!isNonNegativeInteger(score)) return { path, message: `score must be an integer >= 0, got ${String(score)}` };
  if (score > limit) return { path, message: `score ${score} exceeds ${limit}, the largest this problem size solves exactly` };
  return null;
}

/** Canonical order of ids: plain UTF-16 code-unit comparison, locale-independent. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Validates an object-form problem and builds its canonical graph, or throws VALIDATION_FAILED listing every offender. */
export function buildAssignmentGraph(problem: AssignmentProblem, subject = 'assign'): AssignmentGraph {
  const shape = problem as unknown as Record<string, unknown> | null;
  if (shape === null || typeof shape !== 'object') {
    throw CivicGridError.validation(subject, [{ path: [], message: 'problem must be an object with needs, resources and edges' }]);
  }
  const shapeIssues: Issue[] = [];
  for (const key of ['needs', 'resources', 'edges'] as const) {
    if (!Array.isArray(shape[key])) shapeIssues.push({ path: [key], message: `${key} must be an array` });
  }
  shapeIssues.push(...objectiveIssues(shape['objective']));
  if (shapeIssues.length > 0) throw CivicGridError.validation(subject, shapeIssues);

  const issues: Issue[] = [];
  const needIndexOfId = indexIds(problem.needs, 'needs', 'need', issues);
  const resourceIndexOfId = indexIds(problem.resources, 'resources', 'resource', issues);
  problem.resources.forEach((resource, k) => {
    const capacity = (resource as { capacity?: unknown } | null)?.capacity;
    if (!isNonNegativeInteger(capacity)) issues.push({ path: ['resources', k, 'capacity'], message: `capacity must be an integer >= 0, got ${String(capacity)}` });
  });

  const edgeCount = problem.edges.length;
  const edgeNeed = new Int32Array(edgeCount);
  const edgeResource = new Int32Array(edgeCount);
  const edgeScore = new Float64Array(edgeCount);
  const limit = scoreLimit(problem.needs.length + problem.resources.length);
  for (let k = 0; k < edgeCount; k++) {
    const edge = problem.edges[k] as { need?: unknown; resource?: unknown; score?: unknown } | null;
    if (edge === null || typeof edge !== 'object') {
      issues.push({ path: ['edges', k], message: 'edge must be an object { need, resource, score }' });
      continue;
    }
    const needIndex = typeof edge.need === 'string' ? needIndexOfId.get(edge.need) : undefined;
    const resourceIndex = typeof edge.resource === 'string' ? resourceIndexOfId.get(edge.resource) : undefined;
    if (needIndex === undefined) issues.push({ path: ['edges', k, 'need'], message: `unknown need "${String(edge.need)}"` });
    if (resourceIndex === undefined) issues.push({ path: ['edges', k, 'resource'], message: `unknown resource "${String(edge.resource)}"` });
    const badScore = scoreIssue(['edges', k, 'score'], edge.score, limit);
    if (badScore !== null) issues.push(badScore);
    edgeNeed[k] = needIndex ?? -1;
    edgeResource[k] = resourceIndex ?? -1;
    edgeScore[k] = badScore === null ? (edge.score as number) : 0;
  }
  if (issues.length > 0) throw CivicGridError.validation(subject, issues);

  // Canonical need and resource order: sorted ids.
  const needOrder = sortedOrder(problem.needs.map((need) => need.id));
  const resourceOrder = sortedOrder(problem.resources.map((resource) => resource.id));
  const needRank = rankOf(needOrder);
  const resourceRank = rankOf(resourceOrder);
  for (let k = 0; k < edgeCount; k++) {
    edgeNeed[k] = needRank[edgeNeed[k] as number] as number;
    edgeResource[k] = resourceRank[edgeResource[k] as number] as number;
  }
  const capacity = new Float64Array(resourceOrder.length);
  for (let r = 0; r < resourceOrder.length; r++) capacity[r] = (problem.resources[resourceOrder[r] as number] as { capacity: number }).capacity;

  const graph = groupEdges(needOrder.length, resourceOrder.length, edgeNeed, edgeResource, edgeScore, capacity, problem.objective ?? 'max-matched-then-score');
  graph.needInput = needOrder;
  graph.resourceInput = resourceOrder;
  const duplicates = duplicateEdgeIssues(graph, (k) => ['edges', k], (e) => {
    const edge = problem.edges[e] as { need: string; resource: string };
    return `"${edge.need}" → "${edge.resource}"`;
  });
  if (duplicates.length > 0) throw CivicGridError.validation(subject, duplicates);
  return graph;
}

/** Validates a columnar problem and builds its canonical graph; needs and resources keep their indices. */
export function buildColumnarGraph(problem: ColumnarAssignmentProblem, subject = 'assignColumnar'): AssignmentGraph {
  const shape = problem as unknown as Record<string, unknown> | null;
  if (shape === null || typeof shape !== 'object') {
    throw CivicGridError.validation(subject, [{ path: [], message: 'problem must be an object' }]);
  }
  const issues: Issue[] = [];
  if (!isNonNegativeInteger(shape['needCount'])) issues.push({ path: ['needCount'], message: `needCount must be an integer >= 0, got ${String(shape['needCount'])}` });
  for (const key of ['resourceCapacity', 'edgeNeed', 'edgeResource', 'edgeScore'] as const) {
    const value = shape[key] as { length?: unknown } | null | undefined;
    if (value === null || typeof value !== 'object' || typeof value.length !== 'number') issues.push({ path: [key], message: `${key} must be an array or typed array` });
  }
  issues.push(...objectiveIssues(shape['objective']));
  if (issues.length === 0) {
    const edgeCount = problem.edgeNeed.length;
    if (problem.edgeResource.length !== edgeCount) issues.push({ path: ['edgeResource'], message: `length ${problem.edgeResource.length} differs from edgeNeed's ${edgeCount}` });
    if (problem.edgeScore.length !== edgeCount) issues.push({ path: ['edgeScore'], message: `length ${problem.edgeScore.length} differs from edgeNeed's ${edgeCount}` });
  }
  if (issues.length > 0) throw CivicGridError.validation(subject, issues);

  const { needCount, resourceCapacity } = problem;
  const resourceCount = resourceCapacity.length;
  const capacity = new Float64Array(resourceCount);
  for (let r = 0; r < resourceCount; r++) {
    const value = resourceCapacity[r];
    if (!isNonNegativeInteger(value)) issues.push({ path: ['resourceCapacity', r], message: `capacity must be an integer >= 0, got ${String(value)}` });
    else capacity[r] = value;
  }
  // Int32 copies of integer typed arrays hold every value exactly; anything else goes through
  // Float64 (non-numbers become NaN). Either way the checks stay monomorphic.
  const edgeNeed = int32Copy(problem.edgeNeed);
  const edgeResource = int32Copy(problem.edgeResource);
  const needs = edgeNeed ?? exactCopy(problem.edgeNeed);
  const resourcesOf = edgeResource ?? exactCopy(problem.edgeResource);
  const scores = exactCopy(problem.edgeScore);
  const edgeCount = needs.length;
  const limit = scoreLimit(needCount + resourceCount);
  const integerIndices = edgeNeed !== null && edgeResource !== null;
  for (let k = 0; k < edgeCount; k++) {
    const need = needs[k] as number;
    const resource = resourcesOf[k] as number;
    const score = scores[k] as number;
    // NaN fails every comparison; Int32 indices need no integer test.
    if (need >= 0 && need < needCount && resource >= 0 && resource < resourceCount && score >= 0 && score <= limit && Math.floor(score) === score && (integerIndices || (Math.floor(need) === need && Math.floor(resource) === resource))) {
      continue;
    }
    if (!(Number.isInteger(need) && need >= 0 && need < needCount)) issues.push({ path: ['edgeNeed', k], message: `unknown need index ${String(problem.edgeNeed[k])} (needCount ${needCount})` });
    if (!(Number.isInteger(resource) && resource >= 0 && resource < resourceCount)) issues.push({ path: ['edgeResource', k], message: `unknown resource index ${String(problem.edgeResource[k])} (${resourceCount} resources)` });
    const badScore = scoreIssue(['edgeScore', k], problem.edgeScore[k], limit);
    if (badScore !== null) issues.push(badScore);
  }
  if (issues.length > 0) throw CivicGridError.validation(subject, issues);

  const graph = groupEdges(needCount, resourceCount, edgeNeed ?? Int32Array.from(needs), edgeResource ?? Int32Array.from(resourcesOf), scores, capacity, problem.objective ?? 'max-matched-then-score');
  const duplicates = duplicateEdgeIssues(graph, (k) => ['edgeNeed', k], (e) => `need ${problem.edgeNeed[e]} → resource ${problem.edgeResource[e]}`);
  if (duplicates.length > 0) throw CivicGridError.validation(subject, duplicates);
  return graph;
}

/** A copy of an integer typed array that fits Int32 exactly, or null for any other input. */
function int32Copy(values: ArrayLike<number>): Int32Array | null {
  if (values instanceof Int32Array) return values.slice();
  if (values instanceof Int16Array || values instanceof Uint16Array || values instanceof Int8Array || values instanceof Uint8Array) return new Int32Array(values);
  return null;
}

/** Typed arrays copy in bulk; anything else element by element, with non-numbers as NaN. */
function exactCopy(values: ArrayLike<number>): Float64Array {
  const copy = new Float64Array(values.length);
  if (ArrayBuffer.isView(values) && !(values instanceof BigInt64Array || values instanceof BigUint64Array)) copy.set(values);
  else for (let k = 0; k < values.length; k++) copy[k] = typeof values[k] === 'number' ? (values[k] as number) : Number.NaN;
  return copy;
}

function indexIds(items: readonly unknown[], listName: string, noun: string, issues: Issue[]): Map<string, number> {
  const indexOfId = new Map<string, number>();
  items.forEach((item, k) => {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id.length === 0) {
      issues.push({ path: [listName, k, 'id'], message: `${noun} id must be a non-empty string` });
      return;
    }
    const first = indexOfId.get(id);
    if (first !== undefined) issues.push({ path: [listName, k, 'id'], message: `duplicate ${noun} id "${id}" (first at ${listName}.${first})` });
    else indexOfId.set(id, k);
  });
  return indexOfId;
}

function sortedOrder(ids: string[]): Int32Array {
  const order = Int32Array.from(ids.keys());
  order.sort((a, b) => compareIds(ids[a] as string, ids[b] as string));
  return order;
}

function rankOf(order: Int32Array): Int32Array {
  const rank = new Int32Array(order.length);
  for (let position = 0; position < order.length; position++) rank[order[position] as number] = position;
  return rank;
}

/** Counting sort by need, then by resource inside each need: O(edges + needs + resources). */
function groupEdges(
  needCount: number,
  resourceCount: number,
  inNeed: Int32Array,
  inResource: Int32Array,
  inScore: Float64Array,
  capacity: Float64Array,
  objective: AssignmentObjective,
): AssignmentGraph {
  const edgeCount = inNeed.length;
  const needStart = new Int32Array(needCount + 1);
  for (let k = 0; k < edgeCount; k++) (needStart[(inNeed[k] as number) + 1] as number)++;
  for (let i = 0; i < needCount; i++) needStart[i + 1] = (needStart[i + 1] as number) + (needStart[i] as number);
  // The inputs are the caller's own copies: already in canonical order, they are taken as they are.
  const sorted = isCanonicalOrder(inNeed, inResource);
  const order = sorted ? identity(edgeCount) : groupedOrder(inNeed, inResource, needCount, resourceCount);
  const edgeNeed = sorted ? inNeed : new Int32Array(edgeCount);
  const edgeResource = sorted ? inResource : new Int32Array(edgeCount);
  const edgeScore = sorted ? inScore : new Float64Array(edgeCount);
  for (let e = 0; e < edgeCount && !sorted; e++) {
    const k = order[e] as number;
    edgeNeed[e] = inNeed[k] as number;
    edgeResource[e] = inResource[k] as number;
    edgeScore[e] = inScore[k] as number;
  }
  return {
    objective,
    needCount,
    resourceCount,
    needStart,
    edgeNeed,
    edgeResource,
    edgeScore,
    edgeInput: order,
    capacity,
    needInput: identity(needCount),
    resourceInput: identity(resourceCount),
  };
}

/** Grouped by need, resources strictly ascending inside each need (no duplicates either). */
function isCanonicalOrder(inNeed: Int32Array, inResource: Int32Array): boolean {
  for (let k = 1; k < inNeed.length; k++) {
    const need = inNeed[k] as number;
    const previous = inNeed[k - 1] as number;
    if (need < previous || (need === previous && (inResource[k] as number) <= (inResource[k - 1] as number))) return false;
  }
  return true;
}

/**
 * Edge order grouped by need, resources ascending inside each need, stable. Input already grouped
 * by need (the usual columnar layout) only needs its small groups sorted; anything else takes two
 * counting sorts.
 */
function groupedOrder(inNeed: Int32Array, inResource: Int32Array, needCount: number, resourceCount: number): Int32Array {
  const edgeCount = inNeed.length;
  let grouped = true;
  for (let k = 1; k < edgeCount && grouped; k++) grouped = (inNeed[k] as number) >= (inNeed[k - 1] as number);
  if (!grouped) return countingOrder(inNeed, needCount, countingOrder(inResource, resourceCount, null));
  const order = identity(edgeCount);
  let groupStart = 0;
  for (let k = 1; k <= edgeCount; k++) {
    if (k < edgeCount && inNeed[k] === inNeed[groupStart]) continue;
    // Insertion sort of one need's edges by resource: stable, and linear when already sorted.
    for (let a = groupStart + 1; a < k; a++) {
      const item = order[a] as number;
      const key = inResource[item] as number;
      let b = a - 1;
      while (b >= groupStart && (inResource[order[b] as number] as number) > key) {
        order[b + 1] = order[b] as number;
        b--;
      }
      order[b + 1] = item;
    }
    groupStart = k;
  }
  return order;
}

/** Stable counting sort of `items` (or 0..n-1) by key. */
function countingOrder(key: Int32Array, keyCount: number, items: Int32Array | null): Int32Array {
  const count = key.length;
  const start = new Int32Array(keyCount + 1);
  for (let k = 0; k < count; k++) (start[(key[k] as number) + 1] as number)++;
  for (let v = 0; v < keyCount; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  const out = new Int32Array(count);
  for (let position = 0; position < count; position++) {
    const item = items === null ? position : (items[position] as number);
    const slot = (start[key[item] as number] as number)++;
    out[slot] = item;
  }
  return out;
}

function identity(count: number): Int32Array {
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  return order;
}

function duplicateEdgeIssues(graph: AssignmentGraph, pathOf: (input: number) => Issue['path'], describe: (input: number) => string): Issue[] {
  const issues: Issue[] = [];
  const { needStart, edgeResource, edgeInput } = graph;
  for (let i = 0; i < graph.needCount; i++) {
    for (let e = (needStart[i] as number) + 1; e < (needStart[i + 1] as number); e++) {
      if (edgeResource[e] !== edgeResource[e - 1]) continue;
      const first = edgeInput[e - 1] as number;
      const again = edgeInput[e] as number;
      issues.push({ path: pathOf(again), message: `duplicate edge ${describe(again)} (first at ${pathOf(first).join('.')})` });
    }
  }
  return issues;
}

/** The canonical edge from `need` to `resource`, or -1: binary search in the need's sorted edges. */
export function findEdge(graph: AssignmentGraph, need: number, resource: number): number {
  let low = graph.needStart[need] as number;
  let high = (graph.needStart[need + 1] as number) - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = graph.edgeResource[middle] as number;
    if (at === resource) return middle;
    if (at < resource) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
