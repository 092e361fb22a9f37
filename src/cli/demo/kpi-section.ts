import stringWidth from 'string-width';
import type { BilingualText, KpiDefinition, KpiTarget } from '../../model/kpi-definition.js';
import { GRID_EVENT_KPI_DEFINITIONS } from '../../rules/kpi/grid-event-kpi-definitions.js';
import { extendKpiPack } from '../../rules/kpi/pack.js';
import { rankKpi } from '../../rules/kpi/ranking.js';
import type { KpiFigure } from '../../rules/kpi/report.js';
import { standardKpiEntityRegistry, standardKpiPack } from '../../rules/kpi/standard-pack.js';
import { KPI_STATUS_LABELS } from '../../rules/kpi/targets.js';
import { computeKpis } from '../../services/kpi/compute-kpis.js';
import type { DemoContext, DemoSection } from '../commands/demo.js';
import { bilingual, formatCount, localName, padDisplay, say } from './bilingual.js';
import { DEMO_AT } from './season.js';
import type { DemoStore } from './storage-section.js';

/** The figures the drill-downs show (the demo's district, the report's table). */
export const DRILL_DOWN = ['needs.fulfilmentRate', 'claims.taken', 'claims.communityCoverage', 'projects.signed'];

/**
 * The Tongchuan dashboard: the standard KPI pack computed over what is in the
 * demo's store (the season the dispatch section wrote, and the hierarchy), for
 * "so far this year" (今年以来) at the source's date, with each figure's formula,
 * target, status and change, and a drill-down of one district. A change is shown
 * only where the previous period has records of the figure's entity.
 */
export const kpiSection: DemoSection = async (context) => {
  const { hierarchy, city } = context;
  const handle = context.store;
  if (handle === undefined) throw new Error('the storage section opens the demo store before the KPIs');
  const registry = standardKpiEntityRegistry();
  // Grid events have their own section (a generated year, in memory); the demo store holds no gridEvent kind.
  const pack = extendKpiPack(standardKpiPack(registry), { remove: GRID_EVENT_KPI_DEFINITIONS.map((definition) => definition.id) }, registry);
  const started = performance.now();
  const result = await computeKpis({ store: handle.store, hierarchy, definitions: pack, registry, period: { kind: 'yearToDate' }, at: DEMO_AT });
  const computed = performance.now();
  context.kpis = result;

  const report = result.report();
  const stored = { need: await countStored(handle.store, 'need'), claim: await countStored(handle.store, 'claim'), project: await countStored(handle.store, 'project') };
  const previous = report.previousPeriod;
  const previousRecords = previous === null ? new Map<string, number>() : await recordsInPeriod(handle.store, pack.definitions, previous);
  const hasPrevious = (figureId: string): boolean => {
    const definition = pack.definitions.find((each) => each.id === figureId);
    return definition?.dateField !== undefined && (previousRecords.get(`${definition.entity}.${definition.dateField}`) ?? 0) > 0;
  };
  const district = hierarchy.children(hierarchy.rootId)[0];
  const drillDown = district === undefined ? null : result.report(district.id);
  const communities = hierarchy.atLevel('community').map((node) => node.id);
  const ranking = rankKpi(result.current, 'needs.fulfilmentRate', { nodeIds: communities, minSampleSize: 120 });

  const text = (value: BilingualText): string => (value.zh === value.en ? value.zh : bilingual(context, value.zh, value.en));
  say(context, `== ${bilingual(context, `${city.scale.cityName}指标看板`, `${city.scale.cityNameEn} KPI dashboard`)}: ${pack.name}@${pack.version} ==`);
  say(context, `${bilingual(context, '统计期', 'Period')}: ${text(result.period.label)} [${result.period.timeZone}]; ${bilingual(context, '对比', 'compared with')} ${text(result.previousPeriod.label)}`);
  say(
    context,
    `${bilingual(context, '数据：存储中的全部记录（即上面派单写入的本季数据）', 'Data: every record in the store (the season the dispatch above wrote)')}: ${formatCount(stored.need)} ${bilingual(context, '需求', 'needs')}, ${formatCount(stored.claim)} ${bilingual(context, '认领', 'claims')}, ${formatCount(stored.project)} ${bilingual(context, '项目', 'projects')}; ${bilingual(context, '各指标只计统计期内的记录', 'each figure counts the records in its period')}`,
  );
  say(context, `  ${bilingual(context, '本期含今日待派的需求，尚未兑现，所以兑现率低于已全部办结的上期', "this period includes today's open needs, not fulfilled yet, so its fulfilment rate is below the previous period's, whose needs are all closed")}`);
  for (const figure of report.figures) {
    say(context, `  [${figure.tag ?? ' '}] ${text(figure.label)}: ${text(figure.display)}  ${targetText(context, figure)}${changeText(context, figure, hasPrevious(figure.id))}`);
    say(context, `       = ${text(figure.formula)}`);
  }
  if (drillDown !== null && district !== undefined) {
    say(context, `${bilingual(context, '下钻', 'Drill-down')}: ${localName(context, district)}`);
    for (const id of DRILL_DOWN) {
      const figure = drillDown.figures.find((each) => each.id === id);
      if (figure === undefined) continue;
      say(context, `  ${text(figure.label)}: ${text(figure.display)}`);
      const names = figure.children.map((child) => localName(context, hierarchy.getOrThrow(child.nodeId)));
      const width = Math.max(0, ...names.map((name) => stringWidth(name)));
      figure.children.forEach((child, index) => say(context, `    ${padDisplay(names[index] as string, width)}  ${padDisplay(text(child.display), 8, 'start')}  ${text(KPI_STATUS_LABELS[child.status])}`));
    }
  }
  const top = ranking.ranked.slice(0, 3).map((entry) => `${localName(context, hierarchy.getOrThrow(entry.nodeId))} ${(entry.value * 100).toFixed(1)}%`);
  say(context, `${bilingual(context, '社区兑现率前三', 'Top communities by fulfilment rate')}: ${top.join(', ')} (${text(ranking.note)})`);
  say(context, `${bilingual(context, '用时', 'Time')}: ${bilingual(context, '全部指标、全部层级', 'every KPI at every level')} ${(computed - started).toFixed(0)} ms`);
  say(context);

  context.report.kpi = { pack: { name: pack.name, version: pack.version }, stored, report, drillDown, ranking, timings: { computeMs: computed - started } };
};

/** Records of a kind in the whole store, page by page. */
async function countStored(store: DemoStore, kind: 'need' | 'claim' | 'project'): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await store.query(kind, { scope: [], limit: 10_000, ...(cursor === undefined ? {} : { cursor }) });
    count += page.records.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return count;
}

/** For each "entity.dateField" the definitions use, how many stored records fall in the period. */
async function recordsInPeriod(store: DemoStore, definitions: readonly KpiDefinition[], period: { start: string; end: string }): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const start = Date.parse(period.start);
  const end = Date.parse(period.end);
  for (const definition of definitions) {
    const { entity, dateField } = definition;
    const key = `${entity}.${dateField}`;
    if (dateField === undefined || counts.has(key) || !(entity === 'need' || entity === 'claim' || entity === 'project')) continue;
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await store.query(entity, { scope: [], limit: 10_000, ...(cursor === undefined ? {} : { cursor }) });
      for (const record of page.records) {
        const time = Date.parse(String(dateField.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], record.data) ?? ''));
        if (time >= start && time < end) count++;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    counts.set(key, count);
  }
  return counts;
}

function targetText(context: DemoContext, figure: KpiFigure): string {
  const status = bilingual(context, KPI_STATUS_LABELS[figure.status].zh, KPI_STATUS_LABELS[figure.status].en);
  if (figure.target === null) return '';
  return `(${bilingual(context, '目标', 'target')} ${targetValue(figure.share, figure.target)}: ${status})`;
}

function targetValue(share: boolean, target: KpiTarget): string {
  const sign = target.direction === 'atLeast' ? '≥' : target.direction === 'atMost' ? '≤' : '=';
  const value = share ? `${(target.value * 100).toFixed(0)}%` : String(target.value);
  return `${sign} ${value}`;
}

function changeText(context: DemoContext, figure: KpiFigure, hasPrevious: boolean): string {
  if (figure.previous === null) return '';
  if (!hasPrevious) return ` ${bilingual(context, '（上期无数据）', '(no previous data)')}`;
  if (figure.change === null) return '';
  const amount = figure.share ? `${(figure.change * 100).toFixed(1)} ${bilingual(context, '个百分点', 'pts')}` : figure.change.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return ` ${bilingual(context, '较上期', 'vs previous')} ${figure.change >= 0 ? '+' : ''}${amount}`;
}
