import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CivicGridError } from '../../../src/errors/civic-grid-error.js';
import type { HierarchyNode } from '../../../src/model/hierarchy-node.js';
import type { Need } from '../../../src/model/need.js';
import type { Resource } from '../../../src/model/resource.js';
import { createHierarchy } from '../../../src/rules/hierarchy/hierarchy.js';
import { type MatchNeedsInput, matchNeeds } from '../../../src/rules/matching/match-needs.js';

// city → district → street → communities c1, c2 → grids → one building each → two households each.
const nodes: HierarchyNode[] = [
  { id: 'tc', level: 'city', name: '铜川市', parentId: null },
  { id: 'wy', level: 'district', name: '王益区', parentId: 'tc' },
  { id: 's1', level: 'street', name: '街道', parentId: 'wy' },
];
for (const c of ['c1', 'c2']) {
  nodes.push({ id: c, level: 'community', name: c, parentId: 's1' });
  for (const g of ['g1', 'g2']) {
    nodes.push({ id: `${c}${g}`, level: 'grid', name: g, parentId: c });
    nodes.push({ id: `${c}${g}b`, level: 'building', name: 'b', parentId: `${c}${g}` });
    for (const h of ['h1', 'h2']) nodes.push({ id: `${c}${g}b${h}`, level: 'household', name: h, parentId: `${c}${g}b` });
  }
}
const hierarchy = createHierarchy(nodes);
const places = nodes.filter((node) => ['community', 'grid', 'building', 'household'].includes(node.level)).map((node) => node.id);
const grids = nodes.filter((node) => node.level === 'grid').map((node) => node.id);
const units = grids.map((grid, k) => ({ id: `u${k}`, nodeId: grid }));
const at = new Date('2020-06-01T00:00:00+08:00');
const day = (offset: number): string => new Date(at.getTime() + offset * 86_400_000).toISOString();
const categories = ['elderlyCare', 'medical', 'legal'] as const;

const needArbitrary = fc.record({
  category: fc.constantFrom(...categories),
  locationId: fc.constantFrom(...places),
  urgency: fc.integer({ min: 1, max: 5 }),
  createdDaysAgo: fc.integer({ min: 0, max: 40 }),
  window: fc.option(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 1, max: 5 })), { nil: undefined }),
  requester: fc.constantFrom('p1', 'p2', 'p3'),
});
const resourceArbitrary = fc.record({
  unit: fc.nat(units.length - 1),
  categories: fc.subarray([...categories], { minLength: 1 }),
  capacity: fc.integer({ min: 0, max: 3 }),
  serviceArea: fc.subarray(['tc', 'c1', 'c2', ...grids], { minLength: 1, maxLength: 2 }),
  availability: fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 1, max: 10 })),
  expired: fc.boolean(),
  declinesRequester: fc.option(fc.constantFrom('p1', 'p2'), { nil: undefined }),
});

const scenario = fc.record({ needs: fc.array(needArbitrary, { maxLength: 12 }), resources: fc.array(resourceArbitrary, { maxLength: 6 }), loadBalance: fc.constantFrom(0, 3) }).map(({ needs, resources, loadBalance }) => {
  const builtNeeds: Need[] = needs.map((need, k) => ({
    id: `n${k}`,
    category: need.category,
    description: 'need',
    locationId: need.locationId,
    quantity: 1,
    urgency: need.urgency,
    ...(need.window === undefined ? {} : { window: { start: day(need.window[0]), end: day(need.window[0] + need.window[1]) } }),
    requester: { kind: 'resident', id: need.requester },
    createdAt: day(-need.createdDaysAgo),
    status: 'published',
  }));
  const builtResources: Resource[] = resources.map((resource, k) => ({
    id: `r${k}`,
    unitId: (units[resource.unit] as { id: string }).id,
    kind: 'service',
    title: 'offer',
    categories: resource.categories,
    capacity: resource.capacity,
    serviceArea: resource.serviceArea,
    availability: { start: day(resource.availability[0]), end: day(resource.availability[0] + resource.availability[1]) },
    validity: resource.expired ? { from: day(-30), to: day(-1) } : { from: day(-30), to: day(60) },
    ...(resource.declinesRequester === undefined ? {} : { declines: { requesters: [resource.declinesRequester] } }),
  }));
  return { needs: builtNeeds, resources: builtResources, units, hierarchy, at, weights: { loadBalance } } satisfies MatchNeedsInput;
});

/** The compatibility rules, written out independently of the implementation. */
function compatible(need: Need, resource: Resource): boolean {
  if (!resource.categories.includes(need.category) || resource.declines?.requesters?.includes(need.requester.id)) return false;
  if (!resource.serviceArea.some((root) => hierarchy.isWithin(need.locationId, root))) return false;
  const now = at.getTime();
  if (!(Date.parse(resource.validity.from) <= now && now < Date.parse(resource.validity.to))) return false;
  const resourceEnd = Date.parse(resource.availability.end);
  if (resourceEnd <= now) return false;
  if (need.window === undefined) return true;
  const needEnd = Date.parse(need.window.end);
  const start = Math.max(now, Date.parse(need.window.start), Date.parse(resource.availability.start));
  return needEnd > now && start < Math.min(needEnd, resourceEnd);
}

describe('matchNeeds', () => {
  it('never pairs incompatible items and never exceeds a capacity', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const result = matchNeeds(input);
        const load = new Map<string, number>();
        for (const assignment of result.assignments) {
          const need = input.needs.find((n) => n.id === assignment.needId) as Need;
          const resource = input.resources.find((r) => r.id === assignment.resourceId) as Resource;
          expect(compatible(need, resource)).toBe(true);
          const { proximity, urgency, waiting, loadBalance } = assignment.components;
          expect(assignment.score).toBe(proximity + urgency + waiting + loadBalance);
          load.set(resource.id, (load.get(resource.id) ?? 0) + 1);
        }
        for (const resource of input.resources) expect(load.get(resource.id) ?? 0).toBeLessThanOrEqual(resource.capacity);
        expect(result.assignments.length + result.unmatched.length).toBe(input.needs.length);
      }),
      { numRuns: 200 },
    );
  });

  it('never leaves a need unmatched for lack of capacity while a compatible resource has room', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const result = matchNeeds(input);
        const load = new Map<string, number>();
        for (const assignment of result.assignments) load.set(assignment.resourceId, (load.get(assignment.resourceId) ?? 0) + 1);
        for (const unmatched of result.unmatched) {
          const need = input.needs.find((n) => n.id === unmatched.needId) as Need;
          const compatibleResources = input.resources.filter((resource) => compatible(need, resource));
          for (const resource of compatibleResources) expect(load.get(resource.id) ?? 0).toBe(resource.capacity);
          if (unmatched.reason === 'all-compatible-full') expect(unmatched.resourceIds.sort()).toEqual(compatibleResources.map((r) => r.id).sort());
          else expect(compatibleResources).toEqual([]);
          if (unmatched.reason === 'no-resource-of-category') expect(input.resources.some((r) => r.categories.includes(need.category) && !r.declines?.requesters?.includes(need.requester.id))).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  const base = (): MatchNeedsInput => ({
    needs: [
      { id: 'near', category: 'medical', description: 'x', locationId: 'c1g1bh1', quantity: 1, urgency: 3, requester: { kind: 'resident', id: 'p1' }, createdAt: day(-2), status: 'published' },
      { id: 'far', category: 'medical', description: 'x', locationId: 'c2g2bh1', quantity: 1, urgency: 3, requester: { kind: 'resident', id: 'p2' }, createdAt: day(-2), status: 'published' },
    ],
    resources: [
      { id: 'clinic', unitId: 'u0', kind: 'service', title: 'clinic', categories: ['medical'], capacity: 1, serviceArea: ['tc'], availability: { start: day(-1), end: day(10) }, validity: { from: day(-30), to: day(30) } },
    ],
    units,
    hierarchy,
    at,
  });

  it('prefers the nearer need and explains both outcomes', () => {
    const result = matchNeeds(base());
    expect(result.assignments).toEqual([
      { needId: 'near', resourceId: 'clinic', unitId: 'u0', score: 10 * (12 - 2) + 18 + 2, components: { proximity: 100, urgency: 18, waiting: 2, loadBalance: 0 }, distance: 2, locked: false },
    ]);
    expect(result.unmatched).toEqual([{ needId: 'far', reason: 'all-compatible-full', resourceIds: ['clinic'] }]);
  });

  it('keeps locked pairs and optimises the rest around them', () => {
    const input = base();
    const result = matchNeeds({ ...input, locked: [{ needId: 'far', resourceId: 'clinic' }] });
    expect(result.assignments.map((a) => [a.needId, a.locked])).toEqual([['far', true]]);
    expect(result.unmatched).toEqual([{ needId: 'near', reason: 'all-compatible-full', resourceIds: ['clinic'] }]);
  });

  it('spreads load when load balance is on', () => {
    const input = base();
    const resources: Resource[] = [
      { ...(input.resources[0] as Resource), capacity: 2 },
      { ...(input.resources[0] as Resource), id: 'far-clinic', unitId: 'u3', capacity: 2 },
    ];
    const needs = input.needs.map((need) => ({ ...need, locationId: 'c1g1bh1' }));
    expect(new Set(matchNeeds({ ...input, needs, resources }).assignments.map((a) => a.resourceId)).size).toBe(1);
    expect(new Set(matchNeeds({ ...input, needs, resources, weights: { loadBalance: 100 } }).assignments.map((a) => a.resourceId)).size).toBe(2);
  });

  it('gives each failing condition as the reason', () => {
    const input = base();
    const need = input.needs[0] as Need;
    const reasons = (needs: Need[], resources = input.resources) => matchNeeds({ ...input, needs, resources }).unmatched.map((u) => u.reason);
    expect(reasons([{ ...need, category: 'legal' }])).toEqual(['no-resource-of-category']);
    expect(reasons([need], [{ ...(input.resources[0] as Resource), serviceArea: ['c2'] }])).toEqual(['outside-service-area']);
    expect(reasons([{ ...need, window: { start: day(20), end: day(21) } }])).toEqual(['no-overlapping-window']);
  });

  it('names every bad reference', () => {
    const input = base();
    try {
      matchNeeds({
        ...input,
        needs: [...input.needs, { ...(input.needs[0] as Need), locationId: 'nowhere' }],
        resources: [{ ...(input.resources[0] as Resource), unitId: 'ghost', serviceArea: ['mars'] }],
        locked: [{ needId: 'zzz', resourceId: 'clinic' }],
      });
      throw new Error('expected a throw');
    } catch (error) {
      expect((error as CivicGridError).code).toBe('VALIDATION_FAILED');
      expect((error as CivicGridError).issues.map((issue) => issue.path)).toEqual([
        ['needs', 2, 'id'],
        ['needs', 2, 'locationId'],
        ['resources', 0, 'unitId'],
        ['resources', 0, 'serviceArea', 0],
        ['locked', 0, 'needId'],
      ]);
    }
    expect(() => matchNeeds({ ...input, at: new Date(Number.NaN), weights: { urgency: -1 } })).toThrow(CivicGridError);
  });
});
