import type { Issue } from '../../errors/civic-grid-error.js';
import {
  type AssignmentGraph,
  type AssignmentProblem,
  type ColumnarAssignmentProblem,
  buildAssignmentGraph,
  buildColumnarGraph,
  findEdge,
} from './assignment-problem.js';

/** Whether an assignment result is feasible and proven optimal, and every violation found. */
export interface AssignmentVerdict {
  /** True when the result is feasible and the certificate proves it optimal. */
  valid: boolean;
  /** Every violation found (at most `MAX_REPORTED`), each naming the offender. */
  issues: Issue[];
}

const MAX_REPORTED = 50;

/**
 * Checks a result of `assign` against its problem in O(edges): the pairs are edges, no need is
 * matched twice, no resource beyond capacity, the counts add up; and the certificate's duals are
 * feasible and complementary-slack with the pairs, which proves the result optimal. A bad
 * problem throws VALIDATION_FAILED like `assign`; a bad result is reported, not thrown.
 */
export function verifyAssignment(problem: AssignmentProblem, result: unknown): AssignmentVerdict {
  const graph = buildAssignmentGraph(problem, 'verifyAssignment');
  const issues: Issue[] = [];
  const shaped = result as { pairs?: unknown; matched?: unknown; totalScore?: unknown; certificate?: unknown } | null;
  if (shaped === null || typeof shaped !== 'object' || !Array.isArray(shaped.pairs)) {
    return { valid: false, issues: [{ path: ['pairs'], message: 'result must have a pairs array' }] };
  }
  const needRank = rankByInput(graph.needInput);
  const resourceRank = rankByInput(graph.resourceInput);
  const needIndex = new Map(problem.needs.map((need, k) => [need.id, needRank[k] as number]));
  const resourceIndex = new Map(problem.resources.map((resource, k) => [resource.id, resourceRank[k] as number]));
  const needEdge = new Int32Array(graph.needCount).fill(-1);
  shaped.pairs.forEach((pair: unknown, k: number) => {
    const { need, resource, score } = (pair ?? {}) as { need?: unknown; resource?: unknown; score?: unknown };
    const i = typeof need === 'string' ? needIndex.get(need) : undefined;
    const r = typeof resource === 'string' ? resourceIndex.get(resource) : undefined;
    if (i === undefined || r === undefined) {
      report(issues, ['pairs', k], `pair ${String(need)} → ${String(resource)} names an unknown need or resource`);
      return;
    }
    const e = findEdge(graph, i, r);
    if (e < 0) return report(issues, ['pairs', k], `pair "${need as string}" → "${resource as string}" is not an edge`);
    if (score !== graph.edgeScore[e]) report(issues, ['pairs', k, 'score'], `score ${String(score)} differs from the edge's ${graph.edgeScore[e]}`);
    if (needEdge[i] !== -1) return report(issues, ['pairs', k], `need "${need as string}" is matched more than once`);
    needEdge[i] = e;
  });
  checkSolution(graph, needEdge, shaped, issues, (i) => `need "${problem.needs[graph.needInput[i] as number]?.id}"`, (r) => `resource "${problem.resources[graph.resourceInput[r] as number]?.id}"`);
  return { valid: issues.length === 0, issues };
}

/** `verifyAssignment` for `assignColumnar`'s problems and results. */
export function verifyColumnarAssignment(problem: ColumnarAssignmentProblem, result: unknown): AssignmentVerdict {
  const graph = buildColumnarGraph(problem, 'verifyColumnarAssignment');
  const issues: Issue[] = [];
  const shaped = result as { needResource?: ArrayLike<number>; matched?: unknown; totalScore?: unknown; certificate?: unknown } | null;
  const needResource = shaped?.needResource;
  if (shaped === null || typeof shaped !== 'object' || needResource?.length !== graph.needCount) {
    return { valid: false, issues: [{ path: ['needResource'], message: `result must have needResource with one entry per need (${graph.needCount})` }] };
  }
  const needEdge = new Int32Array(graph.needCount).fill(-1);
  for (let i = 0; i < graph.needCount; i++) {
    const r = needResource[i] as number;
    if (r === -1) continue;
    const e = Number.isInteger(r) && r >= 0 && r < graph.resourceCount ? findEdge(graph, i, r) : -1;
    if (e < 0) report(issues, ['needResource', i], `need ${i} → resource ${String(r)} is not an edge`);
    else needEdge[i] = e;
  }
  checkSolution(graph, needEdge, shaped, issues, (i) => `need ${i}`, (r) => `resource ${r}`);
  return { valid: issues.length === 0, issues };
}

function checkSolution(
  graph: AssignmentGraph,
  needEdge: Int32Array,
  result: { matched?: unknown; totalScore?: unknown; certificate?: unknown },
  issues: Issue[],
  nameNeed: (i: number) => string,
  nameResource: (r: number) => string,
): void {
  const load = new Float64Array(graph.resourceCount);
  let matched = 0;
  let totalScore = 0;
  for (let i = 0; i < graph.needCount; i++) {
    const e = needEdge[i] as number;
    if (e < 0) continue;
    matched++;
    totalScore += graph.edgeScore[e] as number;
    const r = graph.edgeResource[e] as number;
    load[r] = (load[r] as number) + 1;
  }
  for (let r = 0; r < graph.resourceCount; r++) {
    if ((load[r] as number) > (graph.capacity[r] as number)) report(issues, ['resources', graph.resourceInput[r] as number], `${nameResource(r)} takes ${load[r]} needs, above its capacity ${graph.capacity[r]}`);
  }
  if (result.matched !== matched) report(issues, ['matched'], `matched is ${String(result.matched)}, the pairs count ${matched}`);
  if (result.totalScore !== totalScore) report(issues, ['totalScore'], `totalScore is ${String(result.totalScore)}, the pairs sum to ${totalScore}`);

  const certificate = readCertificate(result.certificate, graph, issues);
  if (certificate === null) return;
  if (certificate.objective !== graph.objective) report(issues, ['certificate', 'objective'], `certificate is for ${String(certificate.objective)}, the problem asks ${graph.objective}`);
  const needA = new Float64Array(graph.needCount);
  const needB = new Float64Array(graph.needCount);
  for (let i = 0; i < graph.needCount; i++) {
    const k = graph.needInput[i] as number;
    const a = certificate.needCardinality[k] as number;
    const b = certificate.needScore[k] as number;
    needA[i] = a;
    needB[i] = b;
    if (compareLex(a, b, 0, 0) < 0) report(issues, ['certificate', 'needScore', k], `${nameNeed(i)} has a negative dual (${a}, ${b})`);
    if (needEdge[i] === -1 && (a !== 0 || b !== 0)) report(issues, ['certificate', 'needScore', k], `${nameNeed(i)} is unmatched but its dual (${a}, ${b}) is not zero`);
  }
  const resourceA = new Float64Array(graph.resourceCount);
  const resourceB = new Float64Array(graph.resourceCount);
  for (let r = 0; r < graph.resourceCount; r++) {
    const k = graph.resourceInput[r] as number;
    const a = certificate.resourceCardinality[k] as number;
    const b = certificate.resourceScore[k] as number;
    resourceA[r] = a;
    resourceB[r] = b;
    if (compareLex(a, b, 0, 0) < 0) report(issues, ['certificate', 'resourceScore', k], `${nameResource(r)} has a negative dual (${a}, ${b})`);
    if ((load[r] as number) < (graph.capacity[r] as number) && (a !== 0 || b !== 0)) {
      report(issues, ['certificate', 'resourceScore', k], `${nameResource(r)} has room left but its dual (${a}, ${b}) is not zero`);
    }
  }
  const weightA = graph.objective === 'max-score' ? 0 : 1;
  for (let e = 0; e < graph.edgeNeed.length; e++) {
    const i = graph.edgeNeed[e] as number;
    const r = graph.edgeResource[e] as number;
    const order = compareLex((needA[i] as number) + (resourceA[r] as number), (needB[i] as number) + (resourceB[r] as number), weightA, graph.edgeScore[e] as number);
    if (order < 0) report(issues, ['certificate'], `the duals of ${nameNeed(i)} and ${nameResource(r)} fall short of their edge's weight`);
    else if (order > 0 && needEdge[i] === e) report(issues, ['certificate'], `matched ${nameNeed(i)} → ${nameResource(r)} is not tight in the duals`);
  }
}

interface CertificateArrays {
  objective: unknown;
  needCardinality: ArrayLike<number>;
  needScore: ArrayLike<number>;
  resourceCardinality: ArrayLike<number>;
  resourceScore: ArrayLike<number>;
}

function readCertificate(value: unknown, graph: AssignmentGraph, issues: Issue[]): CertificateArrays | null {
  const certificate = value as Partial<Record<keyof CertificateArrays, unknown>> | null;
  if (certificate === null || typeof certificate !== 'object') {
    report(issues, ['certificate'], 'certificate is missing');
    return null;
  }
  const sizes = { needCardinality: graph.needCount, needScore: graph.needCount, resourceCardinality: graph.resourceCount, resourceScore: graph.resourceCount };
  let ok = true;
  for (const [key, size] of Object.entries(sizes)) {
    const array = certificate[key as keyof CertificateArrays] as ArrayLike<unknown> | undefined;
    if (array === null || typeof array !== 'object' || array.length !== size) {
      report(issues, ['certificate', key], `${key} must hold ${size} numbers`);
      ok = false;
      continue;
    }
    for (let k = 0; k < size; k++) {
      if (!Number.isSafeInteger(array[k])) {
        report(issues, ['certificate', key, k], `dual must be a safe integer, got ${String(array[k])}`);
        ok = false;
        break;
      }
    }
  }
  return ok ? (certificate as CertificateArrays) : null;
}

function compareLex(a: number, b: number, c: number, d: number): number {
  return a !== c ? a - c : b - d;
}

function rankByInput(order: Int32Array): Int32Array {
  const rank = new Int32Array(order.length);
  for (let position = 0; position < order.length; position++) rank[order[position] as number] = position;
  return rank;
}

function report(issues: Issue[], path: Issue['path'], message: string): void {
  if (issues.length < MAX_REPORTED) issues.push({ path, message });
}
