import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import {
  type AssignmentGraph,
  type AssignmentObjective,
  type AssignmentProblem,
  type ColumnarAssignmentProblem,
  ASSIGNMENT_OBJECTIVES,
  buildAssignmentGraph,
  buildColumnarGraph,
  findEdge,
} from './assignment-problem.js';
import { type AssignmentResult, type ColumnarAssignmentResult, type WarmStart, assignmentResult, columnarResult, solveGraph } from './assign.js';

/** What changed since the previous solve. Edges of removed needs and resources go with them. */
export interface AssignmentChange {
  addNeeds?: { id: string }[];
  removeNeeds?: string[];
  addResources?: { id: string; capacity: number }[];
  removeResources?: string[];
  /** New capacities of existing resources. */
  capacities?: { id: string; capacity: number }[];
  /** New edges; their needs and resources may be old or added. */
  addEdges?: { need: string; resource: string; score: number }[];
  objective?: AssignmentObjective;
}

const IdSchema = z.string().min(1);
const ChangeSchema = z
  .object({
    addNeeds: z.array(z.object({ id: IdSchema }).strict()).optional(),
    removeNeeds: z.array(IdSchema).optional(),
    addResources: z.array(z.object({ id: IdSchema, capacity: z.number() }).strict()).optional(),
    removeResources: z.array(IdSchema).optional(),
    capacities: z.array(z.object({ id: IdSchema, capacity: z.number() }).strict()).optional(),
    addEdges: z.array(z.object({ need: IdSchema, resource: IdSchema, score: z.number() }).strict()).optional(),
    objective: z.enum(ASSIGNMENT_OBJECTIVES).optional(),
  })
  .strict();

/**
 * Warm re-solve: applies `change` to the previous problem and re-solves starting from the previous
 * pairs and certificate duals, repairing only what the change disturbed (the default objective as
 * one max-score problem whose pair weight puts cardinality first, so its duals carry over as they
 * are). Same optimum and same certificate guarantees as `assign` on the new problem. Bad input
 * throws VALIDATION_FAILED.
 */
export function reassign(previous: { problem: AssignmentProblem; result: AssignmentResult }, change: AssignmentChange): { problem: AssignmentProblem; result: AssignmentResult } {
  const parsed = parseWithSchema(ChangeSchema, change, 'reassign');
  const oldProblem = previous.problem;
  const issues: Issue[] = [];
  const needIds = new Set(oldProblem.needs.map((need) => need.id));
  const resourceIds = new Set(oldProblem.resources.map((resource) => resource.id));
  const unknown = (ids: string[] | undefined, known: Set<string>, key: string, noun: string): void =>
    ids?.forEach((id, k) => {
      if (!known.has(id)) issues.push({ path: [key, k], message: `unknown ${noun} "${id}"` });
    });
  unknown(parsed.removeNeeds, needIds, 'removeNeeds', 'need');
  unknown(parsed.removeResources, resourceIds, 'removeResources', 'resource');
  unknown(parsed.capacities?.map((entry) => entry.id), resourceIds, 'capacities', 'resource');
  if (issues.length > 0) throw CivicGridError.validation('reassign', issues);

  const removedNeeds = new Set(parsed.removeNeeds);
  const removedResources = new Set(parsed.removeResources);
  const newCapacity = new Map(parsed.capacities?.map((entry) => [entry.id, entry.capacity]));
  const problem: AssignmentProblem = {
    needs: [...oldProblem.needs.filter((need) => !removedNeeds.has(need.id)), ...(parsed.addNeeds ?? [])],
    resources: [
      ...oldProblem.resources
        .filter((resource) => !removedResources.has(resource.id))
        .map((resource) => (newCapacity.has(resource.id) ? { id: resource.id, capacity: newCapacity.get(resource.id) as number } : resource)),
      ...(parsed.addResources ?? []),
    ],
    edges: [...oldProblem.edges.filter((edge) => !removedNeeds.has(edge.need) && !removedResources.has(edge.resource)), ...(parsed.addEdges ?? [])],
    objective: parsed.objective ?? oldProblem.objective ?? 'max-matched-then-score',
  };
  const graph = buildAssignmentGraph(problem, 'reassign');
  const warm = emptyWarmStart(graph);
  const oldNeedIndex = new Map(oldProblem.needs.map((need, k) => [need.id, k]));
  const oldResourceIndex = new Map(oldProblem.resources.map((resource, k) => [resource.id, k]));
  const { certificate } = previous.result;
  const sameObjective = certificate.objective === graph.objective;
  for (let i = 0; i < graph.needCount; i++) {
    const k = oldNeedIndex.get((problem.needs[graph.needInput[i] as number] as { id: string }).id);
    if (k === undefined || !sameObjective) continue;
    warm.needCardinality[i] = certificate.needCardinality[k] as number;
    warm.needScore[i] = certificate.needScore[k] as number;
  }
  const resourceIndex = new Map<string, number>();
  for (let r = 0; r < graph.resourceCount; r++) {
    const id = (problem.resources[graph.resourceInput[r] as number] as { id: string }).id;
    resourceIndex.set(id, r);
    const k = oldResourceIndex.get(id);
    if (k === undefined || !sameObjective) continue;
    warm.resourceCardinality[r] = certificate.resourceCardinality[k] as number;
    warm.resourceScore[r] = certificate.resourceScore[k] as number;
  }
  const needIndex = new Map<string, number>();
  for (let i = 0; i < graph.needCount; i++) needIndex.set((problem.needs[graph.needInput[i] as number] as { id: string }).id, i);
  for (const pair of previous.result.pairs) {
    const i = needIndex.get(pair.need);
    const r = resourceIndex.get(pair.resource);
    if (i !== undefined && r !== undefined) warm.needEdge[i] = findEdge(graph, i, r);
  }
  return { problem, result: assignmentResult(problem, graph, solveGraph(graph, warm)) };
}

/**
 * Warm re-solve for columnar callers: needs and resources keep their indices between solves,
 * new ones are appended, and a removed one simply loses its edges or capacity.
 */
export function reassignColumnar(problem: ColumnarAssignmentProblem, previous: ColumnarAssignmentResult): ColumnarAssignmentResult {
  const graph = buildColumnarGraph(problem, 'reassignColumnar');
  const warm = emptyWarmStart(graph);
  const { certificate } = previous;
  const sameObjective = certificate.objective === graph.objective;
  const oldNeeds = Math.min(graph.needCount, previous.needResource.length, certificate.needScore.length);
  const oldResources = Math.min(graph.resourceCount, certificate.resourceScore.length);
  for (let i = 0; i < oldNeeds; i++) {
    const r = previous.needResource[i] as number;
    if (r >= 0 && r < graph.resourceCount) warm.needEdge[i] = findEdge(graph, i, r);
    if (!sameObjective) continue;
    warm.needCardinality[i] = certificate.needCardinality[i] as number;
    warm.needScore[i] = certificate.needScore[i] as number;
  }
  for (let r = 0; r < oldResources && sameObjective; r++) {
    warm.resourceCardinality[r] = certificate.resourceCardinality[r] as number;
    warm.resourceScore[r] = certificate.resourceScore[r] as number;
  }
  return columnarResult(graph, solveGraph(graph, warm));
}

function emptyWarmStart(graph: AssignmentGraph): WarmStart {
  return {
    needEdge: new Int32Array(graph.needCount).fill(-1),
    needCardinality: new Float64Array(graph.needCount).fill(NaN),
    needScore: new Float64Array(graph.needCount).fill(NaN),
    resourceCardinality: new Float64Array(graph.resourceCount).fill(NaN),
    resourceScore: new Float64Array(graph.resourceCount).fill(NaN),
  };
}
