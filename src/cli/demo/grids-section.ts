import type { GeneratedBuilding } from '../../generate/generate-city.js';
import { allocateGrids } from '../../rules/grids/allocate-grids.js';
import type { GridBuilding, GridPlan } from '../../rules/grids/grid-plan.js';
import type { DemoSection } from '../commands/demo.js';
import { bilingual, formatCount, say } from './bilingual.js';

/**
 * Grid allocation (网格划分): each community of the generated city is
 * partitioned afresh from its buildings into 300-500-household grids coded
 * under the community's code, and the plan is checked and measured.
 */
export const gridsSection: DemoSection = (context) => {
  const { city } = context;
  const codeOf = new Map(city.nodes.filter((node) => node.level === 'community').map((node) => [node.id, node.code]));
  const buildingsOf = new Map<string, GridBuilding[]>();
  for (const building of city.buildings) {
    const list = buildingsOf.get(building.communityId) ?? [];
    list.push(toGridBuilding(building));
    buildingsOf.set(building.communityId, list);
  }
  const plans: { communityId: string; plan: GridPlan }[] = [];
  const started = performance.now();
  for (const [communityId, buildings] of buildingsOf) {
    const code = codeOf.get(communityId);
    plans.push({ communityId, plan: allocateGrids({ buildings, ...(code === undefined ? {} : { communityCode: code }) }) });
  }
  const elapsedMs = performance.now() - started;

  const counts = plans.map(({ plan }) => plan.grids.length).sort((a, b) => a - b);
  const total = counts.reduce((sum, count) => sum + count, 0);
  const special = plans.reduce((sum, { plan }) => sum + plan.grids.filter((grid) => grid.site !== undefined).length, 0);
  const sum = (pick: (plan: GridPlan) => number): number => plans.reduce((acc, { plan }) => acc + pick(plan), 0);
  const households = sum((plan) => plan.grids.reduce((acc, grid) => acc + grid.households, 0));
  const infeasible = plans.flatMap(({ plan }) => plan.infeasible);
  const kinds = new Map<string, number>();
  for (const entry of infeasible) {
    const kind = entry.reason.includes('oversize') ? 'oversize' : entry.reason.includes('fewer than the minimum') ? 'undersized piece' : entry.reason.includes('site') ? 'site not connected' : 'other';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  // Plan metrics combined over communities: distance weighted by households, Polsby-Popper by grids, edge cut by buildings.
  const weighted = (value: (plan: GridPlan) => number, weight: (plan: GridPlan) => number): number => {
    const totalWeight = sum(weight);
    return totalWeight === 0 ? 0 : sum((plan) => value(plan) * weight(plan)) / totalWeight;
  };
  const meanDistance = weighted((plan) => plan.metrics.meanDistanceToCentroid, (plan) => plan.grids.reduce((acc, grid) => acc + grid.households, 0));
  const polsbyPopper = weighted((plan) => plan.metrics.polsbyPopper, (plan) => plan.grids.length);
  const edgeCut = weighted((plan) => plan.metrics.edgeCutRatio, (plan) => plan.basis.buildings.length);
  const outOfBounds = sum((plan) => plan.metrics.outOfBounds);
  const nonContiguous = sum((plan) => plan.metrics.nonContiguous);
  const median = counts[Math.floor(counts.length / 2)] ?? 0;

  say(context, `== ${bilingual(context, '网格划分', 'Grid allocation')}: ${formatCount(city.buildings.length)} ${bilingual(context, '栋楼', 'buildings')}, ${formatCount(households)} ${bilingual(context, '户', 'households')}, ${plans.length} ${bilingual(context, '个社区', 'communities')} ==`);
  const current = city.nodes.filter((node) => node.level === 'grid').length;
  say(
    context,
    `  ${bilingual(context, `按同一批楼栋重新划分（每格 300-500 户），方案建议 ${formatCount(total)} 个网格，层级中现有 ${formatCount(current)} 个；方案只是建议，不写入存储`, `re-partitions the same buildings into 300-500-household grids: the plan proposes ${formatCount(total)} grids against the hierarchy's current ${formatCount(current)}; a proposal only, nothing is stored`)}`,
  );
  say(context, `${bilingual(context, '建议网格数', 'Proposed grids')}: ${formatCount(total)} (${bilingual(context, '其中专属网格', 'special grids')} ${special}); ${bilingual(context, '每社区', 'per community')} min ${counts[0] ?? 0} / median ${median} / max ${counts[counts.length - 1] ?? 0}`);
  say(context, `${bilingual(context, '规模检查', 'Bounds check')} (300-500 ${bilingual(context, '户', 'households')}): ${bilingual(context, '超出', 'out of bounds')} ${outOfBounds}, ${bilingual(context, '不连通', 'non-contiguous')} ${nonContiguous}, ${bilingual(context, '已说明', 'reported')} ${infeasible.length}${kinds.size === 0 ? '' : ` (${[...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ')})`}`);
  say(context, `${bilingual(context, '紧凑度', 'Compactness')}: ${bilingual(context, '到中心平均距离', 'mean distance to centroid')} ${meanDistance.toFixed(0)} m, Polsby-Popper ${polsbyPopper.toFixed(3)}, ${bilingual(context, '边切割率', 'edge cut')} ${(100 * edgeCut).toFixed(1)}%`);
  say(context, `${bilingual(context, '用时', 'Time')}: ${elapsedMs.toFixed(0)} ms`);
  say(context);
  context.report.grids = {
    communities: plans.length,
    grids: total,
    currentGrids: current,
    specialGrids: special,
    perCommunity: { min: counts[0] ?? 0, median, max: counts[counts.length - 1] ?? 0 },
    outOfBounds,
    nonContiguous,
    infeasible: Object.fromEntries(kinds),
    meanDistanceToCentroid: meanDistance,
    polsbyPopper,
    edgeCutRatio: edgeCut,
    elapsedMs,
  };
};

/** A generated building as grid allocation takes it. */
export function toGridBuilding(building: GeneratedBuilding): GridBuilding {
  const { id, households, x, y, site } = building;
  return site === undefined ? { id, households, x, y } : { id, households, x, y, site };
}
