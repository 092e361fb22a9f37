import stringWidth from 'string-width';
import { NEED_CATEGORIES, NEED_CATEGORY_LABELS, type Need, type NeedCategory } from '../../model/need.js';
import type { Resource } from '../../model/resource.js';
import { UNIT_TYPE_LABELS } from '../../model/unit.js';
import { type MatchNeedsResult, type UnmatchedReason, matchNeeds } from '../../rules/matching/match-needs.js';
import { UNMATCHED_REASON_LABELS } from '../../rules/matching/unmatched-reason-labels.js';
import type { DemoContext, DemoSection } from '../commands/demo.js';
import { bilingual, formatCount, padDisplay, say } from './bilingual.js';
import { DEMO_AT, type DemoSeason, generateSeason } from './season.js';

const REASON_LABELS = UNMATCHED_REASON_LABELS;

/**
 * One-to-one precise dispatch (一对一精准派单): today's open needs of the demo season
 * are dispatched at once by `matchNeeds` to the units' resource lists; the matched
 * needs become accepted claims, and the whole season (handled needs, open needs,
 * claims, resources, projects) is written to the demo's store for the KPI section.
 */
export const matchingSection: DemoSection = async (context) => {
  const season = generateSeason(context);
  const started = performance.now();
  const result = matchNeeds({ needs: season.openNeeds, resources: season.resources, units: context.city.units, hierarchy: context.hierarchy, at: DEMO_AT, weights: { loadBalance: 1 } });
  const solveMs = performance.now() - started;
  context.dispatch = { result, season };
  const summary = summarise(result, season.openNeeds, season.resources, context);
  const written = await writeSeason(context, season, result);
  context.report['matching'] = { ...summary, open: season.openNeeds.length, resources: season.resources.length, solveMs: Math.round(solveMs), stored: written };

  const wide = (text: string, width: number) => padDisplay(text, width);
  say(context, `== ${bilingual(context, '一对一精准派单（需求清单 × 资源清单）', 'One-to-one precise dispatch (needs list × resource lists)')} ==`);
  say(context, `  ${bilingual(context, `今日待派需求（近 45 天发布、尚未认领）`, 'open needs today (published in the last 45 days, not yet claimed)')}: ${formatCount(season.openNeeds.length)}`);
  say(context, `  ${bilingual(context, '资源', 'resources')}: ${formatCount(season.resources.length)} (${bilingual(context, '单位', 'units')} ${formatCount(new Set(season.resources.map((r) => r.unitId)).size)})   ${bilingual(context, '候选配对', 'candidate pairs')}: ${formatCount(result.candidateCount)}`);
  say(context, `  ${bilingual(context, '已派单', 'matched')}: ${formatCount(summary.matched)} (${((100 * summary.matched) / season.openNeeds.length).toFixed(1)}%)   ${bilingual(context, '平均距离', 'mean distance')}: ${summary.meanDistance.toFixed(2)} ${bilingual(context, '跳', 'hops')}   ${bilingual(context, '总分', 'total score')}: ${formatCount(result.totalScore)}`);
  say(context, `  ${bilingual(context, '未派单', 'unmatched')}: ${formatCount(result.unmatched.length)}`);
  for (const [reason, count] of Object.entries(summary.unmatchedByReason)) {
    const label = REASON_LABELS[reason as UnmatchedReason];
    say(context, `    ${bilingual(context, label.zh, label.en)}: ${formatCount(count)}`);
  }
  say(context, `  ${bilingual(context, '各类需求派单率', 'matched by category')}:`);
  const labels = NEED_CATEGORIES.map((category) => bilingual(context, NEED_CATEGORY_LABELS[category].zh, NEED_CATEGORY_LABELS[category].en));
  const labelWidth = Math.max(...labels.map((label) => stringWidth(label)));
  NEED_CATEGORIES.forEach((category, index) => {
    const { total, matched } = summary.byCategory[category] ?? { total: 0, matched: 0 };
    say(context, `    ${wide(labels[index] as string, labelWidth)}  ${formatCount(matched).padStart(5)} / ${formatCount(total).padStart(5)}`);
  });
  say(context, `  ${bilingual(context, '单位负载（已派/容量）', 'load per unit (assigned / capacity)')}: ${summary.load.fullUnits} ${bilingual(context, '家满负荷', 'full')}, ${summary.load.idleUnits} ${bilingual(context, '家空闲', 'idle')}, ${bilingual(context, '平均', 'mean')} ${(100 * summary.load.meanShare).toFixed(0)}%`);
  const names = summary.load.busiest.map((unit) => unitName(context, unit.unitId));
  const nameWidth = Math.max(0, ...names.map((name) => stringWidth(name)));
  summary.load.busiest.forEach((unit, index) => say(context, `    ${wide(names[index] as string, nameWidth)}  ${unit.assigned} / ${unit.capacity}`));
  say(context, `  ${bilingual(context, '求解用时', 'solve time')}: ${solveMs.toFixed(0)} ms (${bilingual(context, '精确最优，带证书', 'exact optimum with a certificate')})`);
  const storedLine = written.reused
    ? bilingual(context, `已存有本季数据（同一种子），直接复用`, `the season (same seed) was already stored, reused`)
    : bilingual(
        context,
        `写入存储：需求 ${formatCount(written.needs)}（已处理 ${formatCount(season.history.needs.length)} + 今日 ${formatCount(season.openNeeds.length)}，其中 ${formatCount(summary.matched)} 条派单后为"已认领"），认领 ${formatCount(written.claims)}（含本次派单 ${formatCount(summary.matched)}），资源 ${formatCount(written.resources)}，项目 ${formatCount(written.projects)}`,
        `written to the store: ${formatCount(written.needs)} needs (${formatCount(season.history.needs.length)} handled + ${formatCount(season.openNeeds.length)} open today, ${formatCount(summary.matched)} of them now claimed), ${formatCount(written.claims)} claims (${formatCount(summary.matched)} from this dispatch), ${formatCount(written.resources)} resources, ${formatCount(written.projects)} projects`,
      );
  say(context, `  ${storedLine}`);
  say(context);
};

/** A unit's name: the generator's Chinese name, or in English its type and id (units carry no English name). */
function unitName(context: Pick<DemoContext, 'lang' | 'city'>, unitId: string): string {
  const unit = context.city.units.find((each) => each.id === unitId);
  if (unit === undefined) return unitId;
  const english = `${UNIT_TYPE_LABELS[unit.type].en} ${unit.id}`;
  return context.lang === 'zh' ? unit.name : context.lang === 'en' ? english : `${unit.name} (${english})`;
}

/**
 * Writes the season to the demo's store: the dispatched needs become claimed and
 * get an accepted claim each. A persistent store that already holds the season
 * (same seed, a second run) is left as it is.
 */
async function writeSeason(context: DemoContext, season: DemoSeason, result: MatchNeedsResult) {
  const handle = context.store;
  if (handle === undefined) throw new Error('the storage section opens the demo store before dispatch');
  const { store } = handle;
  const { hierarchy } = context;
  const first = season.openNeeds[0];
  if (first !== undefined && (await store.get('need', first.id)) !== null) return { reused: true, needs: 0, claims: 0, resources: 0, projects: 0 };
  const at = DEMO_AT.toISOString();
  const unitNode = new Map(context.city.units.map((unit) => [unit.id, unit.nodeId]));
  const matched = new Map(result.assignments.map((assignment) => [assignment.needId, assignment]));
  const locationOf = new Map(season.openNeeds.map((need) => [need.id, need.locationId]));
  const needs = [
    ...season.history.needs,
    ...season.openNeeds.map((need) => ({ value: matched.has(need.id) ? { ...need, status: 'claimed' as const } : need, scope: hierarchy.pathOf(need.locationId) })),
  ];
  const claims = [
    ...season.history.claims,
    ...result.assignments.map((assignment) => ({
      value: {
        id: `claim-${assignment.needId}`,
        needId: assignment.needId,
        resourceId: assignment.resourceId,
        unitId: assignment.unitId,
        direction: 'unitClaimsNeed' as const,
        claimedBy: assignment.unitId,
        via: 'dispatch' as const,
        status: 'accepted' as const,
        createdAt: at,
        score: assignment.score,
      },
      scope: hierarchy.pathOf(locationOf.get(assignment.needId) ?? hierarchy.rootId),
    })),
  ];
  const resources = season.resources.map((resource) => ({ value: resource, scope: hierarchy.pathOf(unitNode.get(resource.unitId) ?? hierarchy.rootId) }));
  await store.transaction(async (tx) => {
    await tx.insertMany('need', needs);
    await tx.insertMany('claim', claims);
    await tx.insertMany('resource', resources);
    await tx.insertMany('project', season.projects);
  });
  return { reused: false, needs: needs.length, claims: claims.length, resources: resources.length, projects: season.projects.length };
}

function summarise(result: MatchNeedsResult, needs: readonly Need[], resources: readonly Resource[], context: Pick<DemoContext, 'city'>) {
  const unmatchedByReason: Partial<Record<UnmatchedReason, number>> = {};
  for (const need of result.unmatched) unmatchedByReason[need.reason] = (unmatchedByReason[need.reason] ?? 0) + 1;
  const matchedNeeds = new Set(result.assignments.map((assignment) => assignment.needId));
  const byCategory: Partial<Record<NeedCategory, { total: number; matched: number }>> = {};
  for (const need of needs) {
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
    load: loadPerUnit(result, resources, context),
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
