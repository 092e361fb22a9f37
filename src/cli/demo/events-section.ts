import { generateEvents } from '../../generate/generate-events.js';
import type { GridEvent } from '../../model/grid-event.js';
import { chinaWorkCalendar } from '../../rules/calendar/index.js';
import { TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE } from '../../rules/events/event-catalogues.js';
import { createEventPolicy, findEventSubclass } from '../../rules/events/event-policy.js';
import { sweepOverdue } from '../../rules/events/sweep-overdue.js';
import { evaluateKpis } from '../../rules/kpi/engine.js';
import { formatKpiValue } from '../../rules/kpi/format.js';
import { GRID_EVENT_KPI_DEFINITIONS } from '../../rules/kpi/grid-event-kpi-definitions.js';
import { resolvePeriod } from '../../rules/kpi/period.js';
import { standardKpiEntityRegistry } from '../../rules/kpi/standard-pack.js';
import type { DemoSection } from '../commands/demo.js';
import { bilingual, formatCount, padDisplay, say } from './bilingual.js';

const YEAR = 2025;
/** The year's last working afternoon, Beijing time: the backlog is swept then, and the KPIs read. */
const SWEEP_AT = new Date('2025-12-31T15:00:00+08:00');
const TOP_CATEGORIES = 5;

/**
 * Grid events (网格事件): a Tongchuan-scale year (generateEvents' default 3,000 events, each run
 * through the state machine with the China working calendar), swept for overdue events at the
 * year's end, then the funnel by stage and the standard pack's grid-event KPIs.
 */
export const eventsSection: DemoSection = (context) => {
  const started = performance.now();
  const calendar = chinaWorkCalendar();
  const policy = createEventPolicy({ catalogue: TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE });
  const year = generateEvents({ seed: context.seed, city: context.city, calendar, policy, year: YEAR });
  const swept = new Map(sweepOverdue(year.events, SWEEP_AT, { calendar, policy }).map((transition) => [transition.eventId, transition.event]));
  const events = year.events.map((event) => swept.get(event.id) ?? event);
  const [evaluation] = evaluateKpis({
    hierarchy: context.hierarchy,
    definitions: GRID_EVENT_KPI_DEFINITIONS,
    registry: standardKpiEntityRegistry(),
    periods: [resolvePeriod({ kind: 'year', year: YEAR }, { at: SWEEP_AT })],
    records: events.map((record) => ({ kind: 'gridEvent', record, nodeId: record.location.nodeId })),
  });
  const elapsedMs = performance.now() - started;
  const kpi = (id: string) => {
    const value = evaluation!.value(id, context.hierarchy.rootId);
    return { value, text: formatKpiValue(evaluation!.definition(id), value) };
  };

  const has = (pick: (event: GridEvent) => string | undefined) => events.filter((event) => pick(event) !== undefined).length;
  const funnel = [
    { key: 'reported', zh: '上报', en: 'reported', count: events.length },
    { key: 'registered', zh: '立案', en: 'registered', count: has((event) => event.milestones?.registeredAt) },
    { key: 'dispatched', zh: '派遣', en: 'dispatched', count: has((event) => event.milestones?.dispatchedAt) },
    { key: 'handled', zh: '处置反馈', en: 'handled', count: has((event) => event.milestones?.handledAt) },
    { key: 'closed', zh: '核查结案', en: 'closed', count: has((event) => event.milestones?.closedAt) },
    { key: 'evaluated', zh: '评价', en: 'evaluated', count: events.filter((event) => event.status === 'evaluated').length },
  ];
  const byCategory = new Map<string, { zh: string; en: string; count: number }>();
  for (const event of events) {
    const key = `${event.category.classCode}/${event.category.subclassCode}`;
    const name = findEventSubclass(policy, event.category)?.name ?? { zh: key, en: key };
    const entry = byCategory.get(key) ?? { ...name, count: 0 };
    entry.count += 1;
    byCategory.set(key, entry);
  }
  const top = [...byCategory].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0])).slice(0, TOP_CATEGORIES);
  const onTime = kpi('gridEvents.onTimeClosureRate');
  const closure = kpi('gridEvents.closureRate');
  const timeToClose = kpi('gridEvents.timeToClose');
  const overdue = kpi('gridEvents.overdueNow');
  const escalated = kpi('gridEvents.escalated');
  const duplicates = kpi('gridEvents.duplicates');
  const closedWithOriginal = events.filter((event) => event.status === 'closedAsDuplicate').length;
  const label = (text: { zh: string; en: string }) => (text.zh === text.en ? text.zh : bilingual(context, text.zh, text.en));

  say(context, `== ${bilingual(context, '网格事件', 'Grid events')}: ${formatCount(events.length)} ${bilingual(context, `件（${YEAR} 年，铜川规模）`, `events (${YEAR}, Tongchuan scale)`)} ==`);
  say(context, `  ${bilingual(context, '每件事件都经状态机流转，时限按中国工作日历（含调休）计算；年末最后一个工作日 15:00 扫描超期', 'every event runs through the state machine, limits in China working time (make-up days included); overdue sweep on the last working afternoon of the year')}`);
  say(context, `${bilingual(context, '流程漏斗', 'Funnel by stage')}:`);
  for (const stage of funnel) {
    say(context, `  ${padDisplay(bilingual(context, stage.zh, stage.en), 22)}${padDisplay(formatCount(stage.count), 7, 'start')}  ${((100 * stage.count) / Math.max(1, events.length)).toFixed(1)}%`);
  }
  say(context, `${bilingual(context, '按期结案率', 'On-time closure rate')}: ${label(onTime.text)} (${formatCount(onTime.value.numerator ?? 0)} / ${formatCount(onTime.value.denominator ?? 0)} ${bilingual(context, '应结案', 'due to close')}); ${bilingual(context, '结案率', 'closure rate')} ${label(closure.text)}`);
  say(context, `${bilingual(context, '结案用时（工作时）', 'Time to close (working hours)')}: ${label(timeToClose.text)}`);
  say(context, `${bilingual(context, '当前超期', 'Overdue now')}: ${formatCount(overdue.value.value ?? 0)}; ${bilingual(context, '升级事件', 'escalated events')}: ${formatCount(escalated.value.value ?? 0)}`);
  say(context, `${bilingual(context, '重复上报', 'Duplicates found')}: ${formatCount(duplicates.value.value ?? 0)} (${bilingual(context, '随原事件结案', 'closed with their original')} ${formatCount(closedWithOriginal)})`);
  say(context, `${bilingual(context, '事件最多的类别', 'Top categories')}:`);
  for (const [code, entry] of top) say(context, `  ${code}  ${padDisplay(bilingual(context, entry.zh, entry.en), 28)}${padDisplay(formatCount(entry.count), 6, 'start')}`);
  say(context, `${bilingual(context, '用时', 'Time')}: ${elapsedMs.toFixed(0)} ms`);
  say(context);
  context.report.events = {
    year: YEAR,
    events: events.length,
    funnel: Object.fromEntries(funnel.map((stage) => [stage.key, stage.count])),
    onTimeClosureRate: { value: onTime.value.value, closedOnTime: onTime.value.numerator, dueToClose: onTime.value.denominator },
    closureRate: closure.value.value,
    timeToCloseWorkingHours: { median: timeToClose.value.value, p90: timeToClose.value.p90 ?? null },
    overdueNow: overdue.value.value,
    escalated: escalated.value.value,
    duplicates: duplicates.value.value,
    closedWithOriginal,
    topCategories: top.map(([code, entry]) => ({ code, name: { zh: entry.zh, en: entry.en }, events: entry.count })),
    elapsedMs,
  };
};
