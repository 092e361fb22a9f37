import { createMemoryAdapter } from '../../adapters/memory/index.js';
import { createStore } from '../../adapters/store.js';
import { SeededRandom } from '../../generate/seeded-random.js';
import { type Claim, ClaimSchema } from '../../model/claim.js';
import type { BilingualText, KpiTarget } from '../../model/kpi-definition.js';
import { NEED_CATEGORIES, type Need, NeedSchema } from '../../model/need.js';
import { type Project, ProjectSchema } from '../../model/project.js';
import { rankKpi } from '../../rules/kpi/ranking.js';
import type { KpiFigure } from '../../rules/kpi/report.js';
import { standardKpiEntityRegistry, standardKpiPack } from '../../rules/kpi/standard-pack.js';
import { KPI_STATUS_LABELS } from '../../rules/kpi/targets.js';
import { CLAIMING_TRANSITIONS } from '../../services/claiming/claiming.js';
import { computeKpis } from '../../services/kpi/compute-kpis.js';
import type { DemoContext, DemoSection } from '../commands/demo.js';
import { bilingual, formatCount, say } from './bilingual.js';

/** The source's publication date: "so far this year" is measured to here. */
const AT = new Date('2020-07-13T10:00:00+08:00');
const HISTORY_START = Date.parse('2019-01-01T00:00:00+08:00');
const NEEDS = 24_000;
const PROJECTS = 1_158;
const DAY = 86_400_000;
const DRILL_DOWN = ['needs.fulfilmentRate', 'claims.taken', 'claims.communityCoverage', 'projects.signed'];

/**
 * The Tongchuan dashboard: a seeded season of needs, claims and projects is
 * stored in the memory store, then the standard KPI pack is computed from the
 * store for "so far this year" (今年以来) at the source's date, with each
 * figure's formula, target, status and change, and a drill-down of one district.
 */
export const kpiSection: DemoSection = async (context) => {
  const { hierarchy, city } = context;
  const registry = standardKpiEntityRegistry();
  const pack = standardKpiPack(registry);
  const store = createStore(createMemoryAdapter(), { kinds: { need: NeedSchema, claim: ClaimSchema, project: ProjectSchema }, transitions: CLAIMING_TRANSITIONS, clock: () => AT, actor: 'demo' });
  const season = generateSeason(context);
  const started = performance.now();
  await store.insertMany('need', season.needs);
  await store.insertMany('claim', season.claims);
  await store.insertMany('project', season.projects);
  const stored = performance.now();
  const result = await computeKpis({ store, hierarchy, definitions: pack, registry, period: { kind: 'yearToDate' }, at: AT });
  const computed = performance.now();
  await store.close();

  const report = result.report();
  const district = hierarchy.children(hierarchy.rootId)[0];
  const drillDown = district === undefined ? null : result.report(district.id);
  const communities = hierarchy.atLevel('community').map((node) => node.id);
  const ranking = rankKpi(result.current, 'needs.fulfilmentRate', { nodeIds: communities, minSampleSize: 120 });

  const text = (value: BilingualText): string => (value.zh === value.en ? value.zh : bilingual(context, value.zh, value.en));
  say(context, `== ${bilingual(context, `${city.scale.cityName}指标看板`, `${city.scale.cityNameEn} KPI dashboard`)}: ${pack.name}@${pack.version} ==`);
  say(context, `${bilingual(context, '统计期', 'Period')}: ${text(result.period.label)} [${result.period.timeZone}]; ${bilingual(context, '对比', 'compared with')} ${text(result.previousPeriod.label)}`);
  say(context, `${bilingual(context, '数据', 'Data')}: ${formatCount(season.needs.length)} ${bilingual(context, '需求', 'needs')}, ${formatCount(season.claims.length)} ${bilingual(context, '认领', 'claims')}, ${formatCount(season.projects.length)} ${bilingual(context, '项目', 'projects')}`);
  for (const figure of report.figures) {
    say(context, `  [${figure.tag ?? ' '}] ${text(figure.label)}: ${text(figure.display)}  ${targetText(context, figure)}${changeText(context, figure)}`);
    say(context, `       = ${text(figure.formula)}`);
  }
  if (drillDown !== null && district !== undefined) {
    say(context, `${bilingual(context, '下钻', 'Drill-down')}: ${district.name}`);
    for (const id of DRILL_DOWN) {
      const figure = drillDown.figures.find((each) => each.id === id);
      if (figure === undefined) continue;
      say(context, `  ${text(figure.label)}: ${text(figure.display)}`);
      for (const child of figure.children) say(context, `    ${child.name.padEnd(10)} ${text(child.display).padStart(8)}  ${text(KPI_STATUS_LABELS[child.status])}`);
    }
  }
  const top = ranking.ranked.slice(0, 3).map((entry) => `${hierarchy.getOrThrow(entry.nodeId).name} ${(entry.value * 100).toFixed(1)}%`);
  say(context, `${bilingual(context, '社区兑现率前三', 'Top communities by fulfilment rate')}: ${top.join(', ')} (${text(ranking.note)})`);
  say(context, `${bilingual(context, '用时', 'Time')}: ${bilingual(context, '写入存储', 'store')} ${(stored - started).toFixed(0)} ms, ${bilingual(context, '全部指标、全部层级', 'every KPI at every level')} ${(computed - stored).toFixed(0)} ms`);
  say(context);

  context.report.kpi = { pack: { name: pack.name, version: pack.version }, report, drillDown, ranking, timings: { storeMs: stored - started, computeMs: computed - stored } };
};

function targetText(context: DemoContext, figure: KpiFigure): string {
  const status = bilingual(context, KPI_STATUS_LABELS[figure.status].zh, KPI_STATUS_LABELS[figure.status].en);
  if (figure.target === null) return '';
  return `(${bilingual(context, '目标', 'target')} ${targetValue(figure.kind, figure.target)}: ${status})`;
}

function targetValue(kind: KpiFigure['kind'], target: KpiTarget): string {
  const sign = target.direction === 'atLeast' ? '≥' : target.direction === 'atMost' ? '≤' : '=';
  const value = kind === 'ratio' || kind === 'coverage' ? `${(target.value * 100).toFixed(0)}%` : String(target.value);
  return `${sign} ${value}`;
}

function changeText(context: DemoContext, figure: KpiFigure): string {
  if (figure.change === null) return '';
  const share = figure.kind === 'ratio' || figure.kind === 'coverage';
  const amount = share ? `${(figure.change * 100).toFixed(1)} ${bilingual(context, '个百分点', 'pts')}` : figure.change.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return ` ${bilingual(context, '较上期', 'vs previous')} ${figure.change >= 0 ? '+' : ''}${amount}`;
}

type Stored<T> = { value: T; scope: string[] };

/** A seeded season: 1,158 projects signed by exactly 716 units this year, and needs with their claims since 2019. */
function generateSeason(context: DemoContext) {
  const { hierarchy, city } = context;
  const random = new SeededRandom(context.seed);
  const buildings = city.buildings;
  const unitIds = city.units.map((unit) => unit.id);
  const span = AT.getTime() - HISTORY_START;
  const iso = (time: number) => new Date(time).toISOString();
  const needs: Stored<Need>[] = [];
  const claims: Stored<Claim>[] = [];
  for (let index = 0; index < NEEDS; index++) {
    const building = buildings[random.int(0, buildings.length - 1)] as (typeof buildings)[number];
    const created = HISTORY_START + Math.floor(random.float() * span);
    const roll = random.float();
    const status = roll < 0.86 ? 'fulfilled' : roll < 0.9 ? 'claimed' : roll < 0.93 ? 'published' : roll < 0.96 ? 'withdrawn' : 'rejected';
    const scope = hierarchy.pathOf(building.id);
    const need: Need = {
      id: `need-${index}`,
      category: random.pick(NEED_CATEGORIES),
      description: 'demo',
      locationId: building.id,
      quantity: 1,
      urgency: random.int(1, 5),
      requester: { kind: 'household', id: `${building.id}-h${random.int(1, building.households)}` },
      createdAt: iso(created),
      status,
    };
    needs.push({ value: need, scope });
    if (status === 'fulfilled' || status === 'claimed') {
      const unitId = random.pick(unitIds);
      const direction = random.float() < 0.7 ? 'unitClaimsNeed' : 'communityClaimsResource';
      const claimedBy = direction === 'unitClaimsNeed' ? unitId : (scope[3] ?? building.communityId);
      const claim: Claim = { id: `claim-${index}`, needId: need.id, unitId, direction, claimedBy, via: 'dispatch', status: status === 'fulfilled' ? 'fulfilled' : 'accepted', createdAt: iso(created + DAY) };
      claims.push({ value: claim, scope });
    }
  }
  const communities = hierarchy.atLevel('community');
  const yearStart = Date.parse('2020-01-01T00:00:00+08:00');
  const projects = Array.from({ length: PROJECTS }, (_, index): Stored<Project> => {
    const community = communities[index % communities.length] as (typeof communities)[number];
    const signedAt = iso(yearStart + Math.floor(random.float() * (AT.getTime() - yearStart)));
    return {
      value: {
        id: `project-${index}`,
        title: `${community.name}共建项目${index + 1}`,
        category: random.pick(NEED_CATEGORIES),
        unitId: index < unitIds.length ? (unitIds[index] as string) : random.pick(unitIds),
        communityId: community.id,
        signedAt,
        startDate: signedAt,
        status: 'signed',
        beneficiaries: random.int(10, 200),
        outcomes: { residentsIntoJobs: random.int(2, 8) },
        claimIds: [`claim-of-project-${index}`],
      },
      scope: hierarchy.pathOf(community.id),
    };
  });
  return { needs, claims, projects };
}
