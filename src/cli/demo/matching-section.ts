import { SeededRandom } from '../../generate/seeded-random.js';
import { NEED_CATEGORIES, NEED_CATEGORY_LABELS, type Need, type NeedCategory } from '../../model/need.js';
import { RESOURCE_KINDS, type Resource } from '../../model/resource.js';
import { type MatchNeedsResult, type UnmatchedReason, matchNeeds } from '../../rules/matching/match-needs.js';
import type { DemoContext, DemoSection } from '../commands/demo.js';
import { bilingual, formatCount, say } from './bilingual.js';

/** Dispatch day: the source's publication date. */
const AT = new Date('2020-07-13T10:00:00+08:00');
const DAY = 86_400_000;
/** Open needs in the season's needs list (需求清单). */
const NEEDS = 6_000;
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

const REASON_LABELS: Readonly<Record<UnmatchedReason, { zh: string; en: string }>> = {
  'no-resource-of-category': { zh: '无此类资源', en: 'no resource of its category' },
  'outside-service-area': { zh: '不在任何服务范围内', en: 'outside every service area' },
  'no-overlapping-window': { zh: '时间不匹配', en: 'no overlapping time window' },
  'all-compatible-full': { zh: '可用资源已满', en: 'all compatible resources full' },
};

/**
 * One-to-one precise dispatch (一对一精准派单) on the Tongchuan city: a seeded season of
 * needs lists and unit resource lists, dispatched at once by `matchNeeds`, with the matched
 * and unmatched needs (grouped by reason), the load per unit and the solve time.
 */
export const matchingSection: DemoSection = (context) => {
  const season = generateSeason(context);
  const started = performance.now();
  const result = matchNeeds({ needs: season.needs, resources: season.resources, units: context.city.units, hierarchy: context.hierarchy, at: AT, weights: { loadBalance: 1 } });
  const solveMs = performance.now() - started;
  const summary = summarise(result, season, context);
  context.report['matching'] = { ...summary, solveMs: Math.round(solveMs) };

  say(context);
  say(context, bilingual(context, '一对一精准派单（需求清单 × 资源清单）', 'One-to-one precise dispatch (needs list × resource lists)'));
  say(context, `  ${bilingual(context, '需求', 'needs')}: ${formatCount(season.needs.length)}   ${bilingual(context, '资源', 'resources')}: ${formatCount(season.resources.length)} (${bilingual(context, '单位', 'units')} ${formatCount(new Set(season.resources.map((r) => r.unitId)).size)})   ${bilingual(context, '候选配对', 'candidate pairs')}: ${formatCount(result.candidateCount)}`);
  say(context, `  ${bilingual(context, '已派单', 'matched')}: ${formatCount(summary.matched)} (${((100 * summary.matched) / season.needs.length).toFixed(1)}%)   ${bilingual(context, '平均距离', 'mean distance')}: ${summary.meanDistance.toFixed(2)} ${bilingual(context, '跳', 'hops')}   ${bilingual(context, '总分', 'total score')}: ${formatCount(result.totalScore)}`);
  say(context, `  ${bilingual(context, '未派单', 'unmatched')}: ${formatCount(result.unmatched.length)}`);
  for (const [reason, count] of Object.entries(summary.unmatchedByReason)) {
    const label = REASON_LABELS[reason as UnmatchedReason];
    say(context, `    ${bilingual(context, label.zh, label.en)}: ${formatCount(count)}`);
  }
  say(context, `  ${bilingual(context, '各类需求派单率', 'matched by category')}:`);
  for (const category of NEED_CATEGORIES) {
    const { total, matched } = summary.byCategory[category] ?? { total: 0, matched: 0 };
    const label = NEED_CATEGORY_LABELS[category];
    say(context, `    ${bilingual(context, label.zh, label.en).padEnd(context.lang === 'en' ? 30 : 40)} ${formatCount(matched).padStart(5)} / ${formatCount(total).padStart(5)}`);
  }
  say(context, `  ${bilingual(context, '单位负载（已派/容量）', 'load per unit (assigned / capacity)')}: ${summary.load.fullUnits} ${bilingual(context, '家满负荷', 'full')}, ${summary.load.idleUnits} ${bilingual(context, '家空闲', 'idle')}, ${bilingual(context, '平均', 'mean')} ${(100 * summary.load.meanShare).toFixed(0)}%`);
  for (const unit of summary.load.busiest) say(context, `    ${unit.name}: ${unit.assigned} / ${unit.capacity}`);
  say(context, `  ${bilingual(context, '求解用时', 'solve time')}: ${solveMs.toFixed(0)} ms (${bilingual(context, '精确最优，带证书', 'exact optimum with a certificate')})`);
};

interface Season {
  needs: Need[];
  resources: Resource[];
}

/** A seeded season: every unit lists one to three resources; needs fall on buildings with realistic categories. */
function generateSeason(context: Pick<DemoContext, 'seed' | 'city'>): Season {
  const random = new SeededRandom(context.seed + 4);
  const { city } = context;
  const communityOfGrid = new Map(city.buildings.map((building) => [building.gridId, building.communityId]));
  const streetOfCommunity = new Map(city.nodes.filter((node) => node.level === 'community').map((node) => [node.id, node.parentId as string]));
  const resources: Resource[] = [];
  for (const unit of city.units) {
    const community = communityOfGrid.get(unit.nodeId) ?? unit.nodeId;
    const offers = random.int(1, 3);
    for (let k = 0; k < offers; k++) {
      const first = weightedCategory(random);
      const categories = random.float() < 0.3 ? [...new Set([first, weightedCategory(random)])] : [first];
      // Most units serve their community; some their whole street.
      const area = random.float() < 0.25 ? (streetOfCommunity.get(community) ?? community) : community;
      const start = AT.getTime() - random.int(0, 60) * DAY;
      resources.push({
        id: `${unit.id}-r${k + 1}`,
        unitId: unit.id,
        kind: random.pick(RESOURCE_KINDS),
        title: `${unit.name} ${NEED_CATEGORY_LABELS[first].zh}`,
        categories,
        capacity: random.int(1, 9),
        serviceArea: [area],
        availability: { start: new Date(start).toISOString(), end: new Date(start + random.int(20, 150) * DAY).toISOString() },
        validity: { from: new Date(start).toISOString(), to: new Date(AT.getTime() + 180 * DAY).toISOString() },
      });
    }
  }
  const needs: Need[] = [];
  for (let k = 0; k < NEEDS; k++) {
    const building = random.pick(city.buildings);
    const created = AT.getTime() - random.int(0, 45) * DAY;
    const withWindow = random.float() < 0.3;
    const windowStart = AT.getTime() + random.int(-10, 20) * DAY;
    needs.push({
      id: `need-${String(k + 1).padStart(5, '0')}`,
      category: weightedCategory(random),
      description: 'season demo need',
      locationId: random.float() < 0.8 ? building.id : building.gridId,
      quantity: 1,
      urgency: random.int(1, 5),
      ...(withWindow ? { window: { start: new Date(windowStart).toISOString(), end: new Date(windowStart + random.int(1, 14) * DAY).toISOString() } } : {}),
      requester: { kind: 'household', id: `${building.id}-h${random.int(1, Math.max(1, building.households))}` },
      createdAt: new Date(created).toISOString(),
      status: 'published',
    });
  }
  return { needs, resources };
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

function summarise(result: MatchNeedsResult, season: Season, context: Pick<DemoContext, 'city'>) {
  const unmatchedByReason: Partial<Record<UnmatchedReason, number>> = {};
  for (const need of result.unmatched) unmatchedByReason[need.reason] = (unmatchedByReason[need.reason] ?? 0) + 1;
  const matchedNeeds = new Set(result.assignments.map((assignment) => assignment.needId));
  const byCategory: Partial<Record<NeedCategory, { total: number; matched: number }>> = {};
  for (const need of season.needs) {
    const tally = byCategory[need.category] ?? { total: 0, matched: 0 };
    tally.total++;
    if (matchedNeeds.has(need.id)) tally.matched++;
    byCategory[need.category] = tally;
  }
  return {
    matched: result.assignments.length,
    meanDistance: result.assignments.reduce((sum, assignment) => sum + assignment.distance, 0) / Math.max(1, result.assignments.length),
    unmatchedByReason,
    byCategory,
    load: loadPerUnit(result, season.resources, context),
  };
}

function loadPerUnit(result: MatchNeedsResult, resources: readonly Resource[], context: Pick<DemoContext, 'city'>) {
  const capacity = new Map<string, number>();
  for (const resource of resources) capacity.set(resource.unitId, (capacity.get(resource.unitId) ?? 0) + resource.capacity);
  const assigned = new Map<string, number>();
  for (const assignment of result.assignments) assigned.set(assignment.unitId, (assigned.get(assignment.unitId) ?? 0) + 1);
  const nameOf = new Map(context.city.units.map((unit) => [unit.id, unit.name]));
  const units = [...capacity].map(([unitId, total]) => ({ unitId, name: nameOf.get(unitId) ?? unitId, capacity: total, assigned: assigned.get(unitId) ?? 0 }));
  const busiest = [...units].sort((a, b) => b.assigned - a.assigned || a.unitId.localeCompare(b.unitId)).slice(0, 5);
  return {
    fullUnits: units.filter((unit) => unit.assigned === unit.capacity).length,
    idleUnits: units.filter((unit) => unit.assigned === 0).length,
    meanShare: units.reduce((sum, unit) => sum + unit.assigned / unit.capacity, 0) / Math.max(1, units.length),
    busiest,
  };
}
