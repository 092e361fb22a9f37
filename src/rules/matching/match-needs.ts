import { areIntervalsOverlapping, differenceInCalendarDays, max as latest } from 'date-fns';
import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { NodeIdSchema } from '../../model/hierarchy-node.js';
import { MAX_HIERARCHY_HOPS } from '../../model/level.js';
import { type Need, NeedSchema } from '../../model/need.js';
import { type Resource, ResourceSchema } from '../../model/resource.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { assignColumnar } from './assign.js';

/** Integer weights of the score components. */
export interface MatchWeights {
  /** Per hop closer than the farthest possible (12 hops): same grid beats same community beats same street. */
  proximity: number;
  /** Per urgency level (1–5). */
  urgency: number;
  /** Per day waited since the need was created, up to `maxWaitingDays`. */
  waiting: number;
  maxWaitingDays: number;
  /** Score lost by each extra need a resource takes (convex, so loads even out); 0 turns it off. */
  loadBalance: number;
}

/** The weights {@link matchNeeds} uses when the caller gives none; load balancing is off. */
export const DEFAULT_MATCH_WEIGHTS: Readonly<MatchWeights> = { proximity: 10, urgency: 6, waiting: 1, maxWaitingDays: 30, loadBalance: 0 };

/** What {@link matchNeeds} dispatches: open needs, resources, their units' locations, the hierarchy and the time. */
export interface MatchNeedsInput {
  /** The open needs to dispatch. */
  needs: readonly Need[];
  resources: readonly Resource[];
  /** Where each resource's unit sits, for proximity. */
  units: readonly { id: string; nodeId: string }[];
  hierarchy: Hierarchy;
  at: Date;
  weights?: Partial<MatchWeights>;
  /** Accepted claims: these pairs stay, use up capacity, and the rest is optimised around them. */
  locked?: readonly { needId: string; resourceId: string }[];
}

/** The parts a match score is made of, each already weighted. */
export interface ScoreComponents {
  proximity: number;
  urgency: number;
  waiting: number;
  /** 0 or negative: what taking one more need costs the resource. */
  loadBalance: number;
}

/** One need dispatched to one resource, with its score and how it was made. */
export interface MatchAssignment {
  needId: string;
  resourceId: string;
  unitId: string;
  /** Sum of the components. */
  score: number;
  components: ScoreComponents;
  /** Tree hops from the need to the resource's unit. */
  distance: number;
  /** True for an accepted claim kept as it was. */
  locked: boolean;
}

/** Why a need found no resource, checked in this order. */
export const UNMATCHED_REASONS = ['no-resource-of-category', 'outside-service-area', 'no-overlapping-window', 'all-compatible-full'] as const;
/** One of {@link UNMATCHED_REASONS}. */
export type UnmatchedReason = (typeof UNMATCHED_REASONS)[number];

/** A need left without a resource, and why. */
export interface UnmatchedNeed {
  needId: string;
  reason: UnmatchedReason;
  /** For 'all-compatible-full': the compatible resources, all full. */
  resourceIds: string[];
}

/** The outcome of {@link matchNeeds}: the assignments, the needs left unmatched, and the total score. */
export interface MatchNeedsResult {
  assignments: MatchAssignment[];
  unmatched: UnmatchedNeed[];
  /** Compatible (need, resource) pairs considered. */
  candidateCount: number;
  totalScore: number;
}

const WeightsSchema = z
  .object({
    proximity: z.number().int().min(0),
    urgency: z.number().int().min(0),
    waiting: z.number().int().min(0),
    maxWaitingDays: z.number().int().min(0),
    loadBalance: z.number().int().min(0),
  })
  .partial()
  .strict();

const InputSchema = z.object({
  needs: z.array(NeedSchema),
  resources: z.array(ResourceSchema),
  units: z.array(z.object({ id: z.string().min(1), nodeId: NodeIdSchema }).loose()),
  hierarchy: z.custom<Hierarchy>((value) => typeof (value as Hierarchy | null)?.pathOf === 'function', 'hierarchy must be a Hierarchy'),
  at: z.date().refine((date) => !Number.isNaN(date.getTime()), 'at must be a valid date'),
  weights: WeightsSchema.optional(),
  locked: z.array(z.object({ needId: z.string().min(1), resourceId: z.string().min(1) }).strict()).optional(),
});

/**
 * One-to-one precise dispatch (一对一精准派单): builds the compatible pairs, scores them, and
 * assigns optimally (most needs matched, then the highest total score) with `assign`. Every
 * assignment lists its score components; every unmatched need gets a reason.
 */
export function matchNeeds(input: MatchNeedsInput): MatchNeedsResult {
  const parsed = parseWithSchema(InputSchema, input, 'matchNeeds');
  const { needs, resources, hierarchy, at } = parsed;
  const weights: MatchWeights = { ...DEFAULT_MATCH_WEIGHTS, ...stripUndefined(parsed.weights ?? {}) };
  const locked = parsed.locked ?? [];
  const unitById = new Map(parsed.units.map((unit) => [unit.id, unit]));
  checkReferences(needs, resources, unitById, hierarchy, locked);

  const lockedNeeds = new Set(locked.map((pair) => pair.needId));
  const lockedLoad = new Map<string, number>();
  for (const pair of locked) lockedLoad.set(pair.resourceId, (lockedLoad.get(pair.resourceId) ?? 0) + 1);
  const resourceById = new Map(resources.map((resource) => [resource.id, resource]));
  const needById = new Map(needs.map((need) => [need.id, need]));

  const openNeeds = needs.filter((need) => !lockedNeeds.has(need.id));
  const remaining = resources.map((resource) => Math.max(0, resource.capacity - (lockedLoad.get(resource.id) ?? 0)));
  const areaRoots = resources.map((resource) => resource.serviceArea);
  const resourcesByCategory = new Map<string, number[]>();
  resources.forEach((resource, r) => {
    for (const category of resource.categories) {
      if (resource.declines?.categories?.includes(category)) continue;
      const list = resourcesByCategory.get(category);
      if (list === undefined) resourcesByCategory.set(category, [r]);
      else list.push(r);
    }
  });
  const liveResource = resources.map((resource) => Date.parse(resource.validity.from) <= at.getTime() && at.getTime() < Date.parse(resource.validity.to));

  // Candidate pairs, and for each need without any, the first condition that failed.
  const edgeNeed: number[] = [];
  const edgeResource: number[] = [];
  const edgeScore: number[] = [];
  const edgeParts: ScoreComponents[] = [];
  const edgeDistance: number[] = [];
  const reasonOf = new Map<string, UnmatchedReason>();
  const compatibleOf = new Map<string, number[]>();
  const maxCapacity = remaining.reduce((most, capacity) => Math.max(most, capacity), 1);
  // Keeps scores >= 0 when load balance subtracts; constant per pair, so the optimum is unchanged.
  const loadOffset = weights.loadBalance * (maxCapacity - 1);
  const slotsOf = remaining.map((capacity) => (weights.loadBalance > 0 ? capacity : Math.min(capacity, 1)));
  const slotStart: number[] = [];
  let slotCount = 0;
  for (const slots of slotsOf) {
    slotStart.push(slotCount);
    slotCount += slots;
  }

  openNeeds.forEach((need, n) => {
    const inCategory = (resourcesByCategory.get(need.category) ?? []).filter((r) => !resources[r]?.declines?.requesters?.includes(need.requester.id));
    if (inCategory.length === 0) return reasonOf.set(need.id, 'no-resource-of-category');
    const path = new Set(hierarchy.pathOf(need.locationId));
    const inArea = inCategory.filter((r) => (areaRoots[r] as string[]).some((root) => path.has(root)));
    if (inArea.length === 0) return reasonOf.set(need.id, 'outside-service-area');
    const inTime = inArea.filter((r) => liveResource[r] === true && windowsOverlap(need, resources[r] as Resource, at));
    if (inTime.length === 0) return reasonOf.set(need.id, 'no-overlapping-window');
    compatibleOf.set(need.id, inTime);
    for (const r of inTime) {
      const resource = resources[r] as Resource;
      const { components, distance } = scoreOf(need, resource, unitById, hierarchy, weights, at);
      for (let slot = 0; slot < (slotsOf[r] as number); slot++) {
        const parts = { ...components, loadBalance: 0 - weights.loadBalance * ((lockedLoad.get(resource.id) ?? 0) + slot) };
        edgeNeed.push(n);
        edgeResource.push((slotStart[r] as number) + slot);
        edgeScore.push(loadOffset + parts.proximity + parts.urgency + parts.waiting + parts.loadBalance);
        edgeParts.push(parts);
        edgeDistance.push(distance);
      }
    }
  });

  // Without load balance each resource is one column of its remaining capacity; with it, one column per unit of capacity.
  const slotResource: number[] = [];
  slotsOf.forEach((slots, r) => {
    for (let slot = 0; slot < slots; slot++) slotResource.push(r);
  });
  const slotCapacity = slotResource.map((r) => (weights.loadBalance > 0 ? 1 : (remaining[r] as number)));
  const solved = assignColumnar({ needCount: openNeeds.length, resourceCapacity: slotCapacity, edgeNeed, edgeResource, edgeScore });

  const assignments: MatchAssignment[] = locked.map((pair) => {
    const need = needById.get(pair.needId) as Need;
    const resource = resourceById.get(pair.resourceId) as Resource;
    const { components, distance } = scoreOf(need, resource, unitById, hierarchy, weights, at);
    return { needId: need.id, resourceId: resource.id, unitId: resource.unitId, score: total(components), components, distance, locked: true };
  });
  const used = new Map<number, number>();
  let totalScore = 0;
  openNeeds.forEach((need, n) => {
    const e = solved.needEdge[n] as number;
    if (e < 0) return;
    const r = slotResource[edgeResource[e] as number] as number;
    const resource = resources[r] as Resource;
    const components = edgeParts[e] as ScoreComponents;
    const score = total(components);
    used.set(r, (used.get(r) ?? 0) + 1);
    totalScore += score;
    assignments.push({ needId: need.id, resourceId: resource.id, unitId: resource.unitId, score, components, distance: edgeDistance[e] as number, locked: false });
  });

  const unmatched: UnmatchedNeed[] = [];
  openNeeds.forEach((need, n) => {
    if ((solved.needEdge[n] as number) >= 0) return;
    const reason = reasonOf.get(need.id);
    if (reason !== undefined) return unmatched.push({ needId: need.id, reason, resourceIds: [] });
    const compatible = (compatibleOf.get(need.id) ?? []).map((r) => (resources[r] as Resource).id);
    unmatched.push({ needId: need.id, reason: 'all-compatible-full', resourceIds: compatible });
  });
  return { assignments, unmatched, candidateCount: edgeParts.length, totalScore };
}

/** Both windows still open at `at` and overlapping from `at` on; a need without a window fits any time. */
function windowsOverlap(need: Need, resource: Resource, at: Date): boolean {
  const availabilityEnd = new Date(resource.availability.end);
  if (availabilityEnd <= at) return false;
  const availability = { start: latest([at, new Date(resource.availability.start)]), end: availabilityEnd };
  if (need.window === undefined) return true;
  const needEnd = new Date(need.window.end);
  if (needEnd <= at) return false;
  return areIntervalsOverlapping({ start: latest([at, new Date(need.window.start)]), end: needEnd }, availability);
}

/** The named score components of a pair, before load balance. */
function scoreOf(need: Need, resource: Resource, unitById: Map<string, { nodeId: string }>, hierarchy: Hierarchy, weights: MatchWeights, at: Date): { components: ScoreComponents; distance: number } {
  const distance = hierarchy.distance(need.locationId, (unitById.get(resource.unitId) as { nodeId: string }).nodeId);
  const waited = Math.max(0, differenceInCalendarDays(at, new Date(need.createdAt)));
  const components = {
    proximity: weights.proximity * Math.max(0, MAX_HIERARCHY_HOPS - distance),
    urgency: weights.urgency * need.urgency,
    waiting: weights.waiting * Math.min(weights.maxWaitingDays, waited),
    loadBalance: 0,
  };
  return { components, distance };
}

function total(components: ScoreComponents): number {
  return components.proximity + components.urgency + components.waiting + components.loadBalance;
}

/** Every reference must resolve: needs' locations, resources' units and areas, units' nodes, locked pairs. */
function checkReferences(
  needs: readonly Need[],
  resources: readonly Resource[],
  unitById: Map<string, { nodeId: string }>,
  hierarchy: Hierarchy,
  locked: readonly { needId: string; resourceId: string }[],
): void {
  const issues: Issue[] = [];
  const duplicates = (items: readonly { id: string }[], key: string): Set<string> => {
    const seen = new Set<string>();
    items.forEach((item, k) => {
      if (seen.has(item.id)) issues.push({ path: [key, k, 'id'], message: `duplicate id "${item.id}"` });
      seen.add(item.id);
    });
    return seen;
  };
  const needIds = duplicates(needs, 'needs');
  const resourceIds = duplicates(resources, 'resources');
  needs.forEach((need, k) => {
    if (!hierarchy.has(need.locationId)) issues.push({ path: ['needs', k, 'locationId'], message: `unknown hierarchy node "${need.locationId}"` });
  });
  resources.forEach((resource, k) => {
    const unit = unitById.get(resource.unitId);
    if (unit === undefined) issues.push({ path: ['resources', k, 'unitId'], message: `unknown unit "${resource.unitId}"` });
    else if (!hierarchy.has(unit.nodeId)) issues.push({ path: ['resources', k, 'unitId'], message: `unit "${resource.unitId}" sits at unknown node "${unit.nodeId}"` });
    resource.serviceArea.forEach((root, j) => {
      if (!hierarchy.has(root)) issues.push({ path: ['resources', k, 'serviceArea', j], message: `unknown hierarchy node "${root}"` });
    });
  });
  const lockedNeeds = new Set<string>();
  locked.forEach((pair, k) => {
    if (!needIds.has(pair.needId)) issues.push({ path: ['locked', k, 'needId'], message: `unknown need "${pair.needId}"` });
    if (!resourceIds.has(pair.resourceId)) issues.push({ path: ['locked', k, 'resourceId'], message: `unknown resource "${pair.resourceId}"` });
    if (lockedNeeds.has(pair.needId)) issues.push({ path: ['locked', k, 'needId'], message: `need "${pair.needId}" is locked twice` });
    lockedNeeds.add(pair.needId);
  });
  if (issues.length > 0) throw CivicGridError.validation('matchNeeds', issues);
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
