import { SeededRandom } from '../../generate/seeded-random.js';
import type { GeneratedCity } from '../../generate/generate-city.js';
import type { Claim } from '../../model/claim.js';
import { NEED_CATEGORIES, NEED_CATEGORY_LABELS, type Need, type NeedCategory } from '../../model/need.js';
import type { Project } from '../../model/project.js';
import { RESOURCE_KINDS, type Resource } from '../../model/resource.js';
import type { Hierarchy } from '../../rules/hierarchy/hierarchy.js';

/** The demo's "now": the source's publication date. Dispatch runs and "so far this year" is measured here. */
export const DEMO_AT = new Date('2020-07-13T10:00:00+08:00');
const HISTORY_START = Date.parse('2019-01-01T00:00:00+08:00');
const YEAR_START = Date.parse('2020-01-01T00:00:00+08:00');
const DAY = 86_400_000;
/** Needs raised since 2019 and already handled (closed, or claimed earlier). */
export const HISTORY_NEEDS = 30_000;
/** Needs of the last 45 days still open (published): today's dispatch run takes these. */
export const OPEN_NEEDS = 3_000;
const OPEN_DAYS = 45;
/** Projects signed this year: 1,158 by the 716 units in the source. */
const PROJECTS = 1_158;

/** Needs per category: elderly care and hardship aid dominate, as in the source's examples. */
const CATEGORY_WEIGHTS: Readonly<Record<NeedCategory, number>> = {
  elderlyCare: 22,
  childCare: 10,
  hardshipAid: 16,
  medical: 12,
  legal: 6,
  employment: 10,
  education: 8,
  housingRepair: 8,
  cultureSports: 5,
  environment: 3,
};

export type Scoped<T> = { value: T; scope: string[] };

/**
 * One seeded dataset shared by the dispatch and KPI sections: the needs handled
 * since 2019 with their claims, the needs still open today, the units' resource
 * lists and this year's projects. The dispatch section dispatches the open needs
 * and writes everything to the store; the KPI section reads the store.
 */
export interface DemoSeason {
  history: { needs: Scoped<Need>[]; claims: Scoped<Claim>[] };
  openNeeds: Need[];
  resources: Resource[];
  projects: Scoped<Project>[];
}

export function generateSeason(input: { seed: number; city: GeneratedCity; hierarchy: Hierarchy }): DemoSeason {
  const { city, hierarchy } = input;
  const random = new SeededRandom(input.seed + 4);
  const history = historyOf(city, hierarchy, random);
  return { history, openNeeds: openNeedsOf(city, random), resources: resourcesOf(city, random), projects: projectsOf(city, hierarchy, history.claims, random) };
}

const iso = (time: number) => new Date(time).toISOString();

function historyOf(city: GeneratedCity, hierarchy: Hierarchy, random: SeededRandom): DemoSeason['history'] {
  const unitIds = city.units.map((unit) => unit.id);
  const needs: Scoped<Need>[] = [];
  const claims: Scoped<Claim>[] = [];
  const span = DEMO_AT.getTime() - OPEN_DAYS * DAY - HISTORY_START;
  for (let index = 0; index < HISTORY_NEEDS; index++) {
    const building = random.pick(city.buildings);
    const created = HISTORY_START + Math.floor(random.float() * span);
    const roll = random.float();
    const status = roll < 0.88 ? 'fulfilled' : roll < 0.92 ? 'claimed' : roll < 0.96 ? 'withdrawn' : 'rejected';
    const scope = hierarchy.pathOf(building.id);
    const need: Need = {
      id: `need-h${String(index + 1).padStart(5, '0')}`,
      category: weightedCategory(random),
      description: 'demo need (handled)',
      locationId: building.id,
      quantity: 1,
      urgency: random.int(1, 5),
      requester: { kind: 'household', id: `${building.id}-h${random.int(1, Math.max(1, building.households))}` },
      createdAt: iso(created),
      status,
    };
    needs.push({ value: need, scope });
    if (status === 'fulfilled' || status === 'claimed') {
      const unitId = random.pick(unitIds);
      const direction = random.float() < 0.7 ? 'unitClaimsNeed' : 'communityClaimsResource';
      const claimedBy = direction === 'unitClaimsNeed' ? unitId : building.communityId;
      const claim: Claim = { id: `claim-h${String(index + 1).padStart(5, '0')}`, needId: need.id, unitId, direction, claimedBy, via: 'dispatch', status: status === 'fulfilled' ? 'fulfilled' : 'accepted', createdAt: iso(created + DAY) };
      claims.push({ value: claim, scope });
    }
  }
  return { needs, claims };
}

function openNeedsOf(city: GeneratedCity, random: SeededRandom): Need[] {
  const needs: Need[] = [];
  for (let index = 0; index < OPEN_NEEDS; index++) {
    const building = random.pick(city.buildings);
    const created = DEMO_AT.getTime() - random.int(0, OPEN_DAYS - 1) * DAY;
    const withWindow = random.float() < 0.3;
    const windowStart = DEMO_AT.getTime() + random.int(-10, 20) * DAY;
    needs.push({
      id: `need-${String(index + 1).padStart(5, '0')}`,
      category: weightedCategory(random),
      description: 'demo need (open)',
      locationId: random.float() < 0.8 ? building.id : building.gridId,
      quantity: 1,
      urgency: random.int(1, 5),
      ...(withWindow ? { window: { start: iso(windowStart), end: iso(windowStart + random.int(1, 14) * DAY) } } : {}),
      requester: { kind: 'household', id: `${building.id}-h${random.int(1, Math.max(1, building.households))}` },
      createdAt: iso(created),
      status: 'published',
    });
  }
  return needs;
}

/** Every unit lists one to three resources; most serve their community, some their whole street. */
function resourcesOf(city: GeneratedCity, random: SeededRandom): Resource[] {
  const communityOfGrid = new Map(city.buildings.map((building) => [building.gridId, building.communityId]));
  const streetOfCommunity = new Map(city.nodes.filter((node) => node.level === 'community').map((node) => [node.id, node.parentId as string]));
  const resources: Resource[] = [];
  for (const unit of city.units) {
    const community = communityOfGrid.get(unit.nodeId) ?? unit.nodeId;
    const offers = random.int(1, 3);
    for (let k = 0; k < offers; k++) {
      const first = weightedCategory(random);
      const categories = random.float() < 0.3 ? [...new Set([first, weightedCategory(random)])] : [first];
      const area = random.float() < 0.25 ? (streetOfCommunity.get(community) ?? community) : community;
      const start = DEMO_AT.getTime() - random.int(0, 60) * DAY;
      resources.push({
        id: `${unit.id}-r${k + 1}`,
        unitId: unit.id,
        kind: random.pick(RESOURCE_KINDS),
        title: `${unit.name} ${NEED_CATEGORY_LABELS[first].zh}`,
        categories,
        capacity: random.int(1, 9),
        serviceArea: [area],
        availability: { start: iso(start), end: iso(start + random.int(20, 150) * DAY) },
        validity: { from: iso(start), to: iso(DEMO_AT.getTime() + 180 * DAY) },
      });
    }
  }
  return resources;
}

/** 1,158 projects signed this year, every unit signing at least one (716 units in the source), each from a handled claim. */
function projectsOf(city: GeneratedCity, hierarchy: Hierarchy, claims: readonly Scoped<Claim>[], random: SeededRandom): Scoped<Project>[] {
  const unitIds = city.units.map((unit) => unit.id);
  const communities = hierarchy.atLevel('community');
  return Array.from({ length: PROJECTS }, (_, index): Scoped<Project> => {
    const community = communities[index % communities.length] as (typeof communities)[number];
    const signedAt = iso(YEAR_START + Math.floor(random.float() * (DEMO_AT.getTime() - YEAR_START)));
    return {
      value: {
        id: `project-${index + 1}`,
        title: `${community.name}共建项目${index + 1}`,
        category: random.pick(NEED_CATEGORIES),
        unitId: index < unitIds.length ? (unitIds[index] as string) : random.pick(unitIds),
        communityId: community.id,
        signedAt,
        startDate: signedAt,
        status: 'signed',
        beneficiaries: random.int(10, 200),
        outcomes: { residentsIntoJobs: random.int(2, 8) },
        claimIds: [random.pick(claims).value.id],
      },
      scope: hierarchy.pathOf(community.id),
    };
  });
}

function weightedCategory(random: SeededRandom): NeedCategory {
  const total = Object.values(CATEGORY_WEIGHTS).reduce((sum, weight) => sum + weight, 0);
  let ticket = random.int(1, total);
  for (const category of NEED_CATEGORIES) {
    ticket -= CATEGORY_WEIGHTS[category];
    if (ticket <= 0) return category;
  }
  return 'elderlyCare';
}
