import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { scoreLimit } from './assignment-problem.js';

/**
 * What changed in a dispatch session's problem since its last solve, in the columnar form:
 * needs and resources are indices, lists are arrays or typed arrays. Applied in this order:
 * edge removals, need and resource removals, new needs and resources (appended: their indices
 * follow the existing ones), capacities, new edges. A removed need or resource keeps its index
 * without edges (a removed resource also at capacity 0), so later changes may give it edges again.
 */
export interface DispatchChange {
  /** Edges to remove (each must exist), as parallel lists. */
  removeEdges?: { edgeNeed: ArrayLike<number>; edgeResource: ArrayLike<number> };
  /** Needs that lose every edge. */
  removeNeeds?: ArrayLike<number>;
  /** Resources that lose every edge and go to capacity 0. */
  removeResources?: ArrayLike<number>;
  /** How many needs to append. */
  addNeeds?: number;
  /** Capacities of the resources to append, one per resource. */
  addResources?: ArrayLike<number>;
  /** New capacities (integers >= 0) of existing or appended resources, as parallel lists. */
  capacities?: { resource: ArrayLike<number>; capacity: ArrayLike<number> };
  /** Edges to add (none may exist after the removals), as parallel lists; scores are integers >= 0. */
  addEdges?: { edgeNeed: ArrayLike<number>; edgeResource: ArrayLike<number>; edgeScore: ArrayLike<number> };
}

const isNumberList = (value: unknown): value is ArrayLike<number> =>
  Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array));
const NumberList = z.custom<ArrayLike<number>>(isNumberList, { message: 'must be an array of numbers or a numeric typed array' });
const DispatchChangeSchema = z
  .object({
    removeEdges: z.object({ edgeNeed: NumberList, edgeResource: NumberList }).strict().optional(),
    removeNeeds: NumberList.optional(),
    removeResources: NumberList.optional(),
    addNeeds: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    addResources: NumberList.optional(),
    capacities: z.object({ resource: NumberList, capacity: NumberList }).strict().optional(),
    addEdges: z.object({ edgeNeed: NumberList, edgeResource: NumberList, edgeScore: NumberList }).strict().optional(),
  })
  .strict();

/** What the validation reads from the session's current graph. */
export interface DispatchGraphView {
  needCount: number;
  resourceCount: number;
  /** The edge id from `need` to `resource`, or -1. */
  findEdge(need: number, resource: number): number;
}

const INDEX_LIMIT = 2 ** 31 - 1;
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isIndexBelow = (value: unknown, count: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < count;

/**
 * Checks a change against the graph it will be applied to, without touching it: every offender
 * is reported (VALIDATION_FAILED with its path), so a rejected change leaves the session as it was.
 * Returns the change with its lists checked, and the edge ids it removes.
 */
export function checkDispatchChange(change: unknown, graph: DispatchGraphView, subject: string): { change: DispatchChange; removedEdges: number[] } {
  const parsed = parseWithSchema(DispatchChangeSchema, change, subject) as DispatchChange;
  const issues: Issue[] = [];
  const parallel = (key: string, lists: Record<string, ArrayLike<number>>): number => {
    const [first, ...rest] = Object.entries(lists) as [string, ArrayLike<number>][];
    const length = (first as [string, ArrayLike<number>])[1].length;
    for (const [name, list] of rest) if (list.length !== length) issues.push({ path: [key, name], message: `length ${list.length} differs from ${(first as [string, ArrayLike<number>])[0]}'s ${length}` });
    return length;
  };
  const { needCount, resourceCount } = graph;
  const addedResources = parsed.addResources?.length ?? 0;
  const needsAfter = needCount + (parsed.addNeeds ?? 0);
  const resourcesAfter = resourceCount + addedResources;
  if (needsAfter > INDEX_LIMIT) issues.push({ path: ['addNeeds'], message: `needs would number ${needsAfter}, above ${INDEX_LIMIT}` });
  if (resourcesAfter > INDEX_LIMIT) issues.push({ path: ['addResources'], message: `resources would number ${resourcesAfter}, above ${INDEX_LIMIT}` });
  for (let k = 0; k < addedResources; k++) {
    const capacity = (parsed.addResources as ArrayLike<number>)[k];
    if (!isCount(capacity)) issues.push({ path: ['addResources', k], message: `capacity must be an integer >= 0, got ${String(capacity)}` });
  }
  const removedNeed = new Set<number>();
  const removedResource = new Set<number>();
  for (const [key, list, count, noun, removed] of [
    ['removeNeeds', parsed.removeNeeds, needCount, 'need', removedNeed],
    ['removeResources', parsed.removeResources, resourceCount, 'resource', removedResource],
  ] as const) {
    for (let k = 0; k < (list?.length ?? 0); k++) {
      const index = (list as ArrayLike<number>)[k];
      if (isIndexBelow(index, count)) removed.add(index);
      else issues.push({ path: [key, k], message: `unknown ${noun} index ${String(index)} (${count} ${noun}s)` });
    }
  }
  if (parsed.capacities !== undefined) {
    const { resource, capacity } = parsed.capacities;
    const length = parallel('capacities', { resource, capacity });
    for (let k = 0; k < Math.min(length, resource.length, capacity.length); k++) {
      if (!isIndexBelow(resource[k], resourcesAfter)) issues.push({ path: ['capacities', 'resource', k], message: `unknown resource index ${String(resource[k])} (${resourcesAfter} resources)` });
      if (!isCount(capacity[k])) issues.push({ path: ['capacities', 'capacity', k], message: `capacity must be an integer >= 0, got ${String(capacity[k])}` });
    }
  }
  const wide = needsAfter * resourcesAfter > Number.MAX_SAFE_INTEGER;
  const pairKey = (need: number, resource: number): number | string => (wide ? `${need},${resource}` : need * resourcesAfter + resource);
  const removedEdges: number[] = [];
  const removedEdgeSet = new Set<number>();
  if (parsed.removeEdges !== undefined) {
    const { edgeNeed, edgeResource } = parsed.removeEdges;
    const length = parallel('removeEdges', { edgeNeed, edgeResource });
    for (let k = 0; k < Math.min(length, edgeNeed.length, edgeResource.length); k++) {
      const need = edgeNeed[k];
      const resource = edgeResource[k];
      if (!isIndexBelow(need, needCount)) issues.push({ path: ['removeEdges', 'edgeNeed', k], message: `unknown need index ${String(need)} (${needCount} needs)` });
      if (!isIndexBelow(resource, resourceCount)) issues.push({ path: ['removeEdges', 'edgeResource', k], message: `unknown resource index ${String(resource)} (${resourceCount} resources)` });
      if (!isIndexBelow(need, needCount) || !isIndexBelow(resource, resourceCount)) continue;
      const e = graph.findEdge(need, resource);
      if (e < 0) issues.push({ path: ['removeEdges', 'edgeNeed', k], message: `no edge need ${need} → resource ${resource}` });
      else if (removedEdgeSet.has(e)) issues.push({ path: ['removeEdges', 'edgeNeed', k], message: `edge need ${need} → resource ${resource} is removed twice` });
      else {
        removedEdgeSet.add(e);
        removedEdges.push(e);
      }
    }
  }
  if (parsed.addEdges !== undefined) {
    const { edgeNeed, edgeResource, edgeScore } = parsed.addEdges;
    const length = parallel('addEdges', { edgeNeed, edgeResource, edgeScore });
    const limit = scoreLimit(needsAfter + resourcesAfter);
    const added = new Set<number | string>();
    for (let k = 0; k < Math.min(length, edgeNeed.length, edgeResource.length, edgeScore.length); k++) {
      const need = edgeNeed[k];
      const resource = edgeResource[k];
      const score = edgeScore[k];
      const knownNeed = isIndexBelow(need, needsAfter);
      const knownResource = isIndexBelow(resource, resourcesAfter);
      if (!knownNeed) issues.push({ path: ['addEdges', 'edgeNeed', k], message: `unknown need index ${String(need)} (${needsAfter} needs)` });
      if (!knownResource) issues.push({ path: ['addEdges', 'edgeResource', k], message: `unknown resource index ${String(resource)} (${resourcesAfter} resources)` });
      if (!(typeof score === 'number' && Number.isSafeInteger(score) && score >= 0)) issues.push({ path: ['addEdges', 'edgeScore', k], message: `score must be an integer >= 0, got ${String(score)}` });
      else if (score > limit) issues.push({ path: ['addEdges', 'edgeScore', k], message: `score ${score} exceeds ${limit}, the largest this problem size solves exactly` });
      if (!knownNeed || !knownResource) continue;
      const key = pairKey(need, resource);
      if (added.has(key)) {
        issues.push({ path: ['addEdges', 'edgeNeed', k], message: `duplicate edge need ${need} → resource ${resource}` });
        continue;
      }
      added.add(key);
      const existing = need < needCount && resource < resourceCount ? graph.findEdge(need, resource) : -1;
      if (existing >= 0 && !removedEdgeSet.has(existing) && !removedNeed.has(need) && !removedResource.has(resource)) {
        issues.push({ path: ['addEdges', 'edgeNeed', k], message: `edge need ${need} → resource ${resource} exists already` });
      }
    }
  }
  if (issues.length > 0) throw CivicGridError.validation(subject, issues);
  return { change: parsed, removedEdges };
}
