import type { GridEventStatus } from '../../model/grid-event.js';
import type { KpiDefinition, KpiFilter } from '../../model/kpi-definition.js';
import { gridEventRateDefinitions } from './grid-event-rates.js';

const text = (zh: string, en: string) => ({ zh, en });

/** Statuses that run a deadline (deferred is paused, duplicates borrow their original's). */
const TIMED: readonly GridEventStatus[] = ['reported', 'registered', 'dispatched', 'inProgress', 'handled'];

/**
 * 应结案 (due to close): registered (立案), not merged into another event as its duplicate, and,
 * as Jinhua counts, not deferred (挂账/缓办) when counted. Events enter the rates by when they were
 * reported, so in a period still running, cases whose limit has not come yet count as due.
 */
const DUE_TO_CLOSE: KpiFilter = {
  'milestones.registeredAt': { exists: true },
  status: { notIn: ['duplicate', 'closedAsDuplicate'] },
};
const DUE_TO_CLOSE_TEXT = text(
  '应结案 = 本期上报、已立案、未并为重复件且统计时未挂账（缓办）的事件；期间未结束时，未到时限的也计入',
  'due to close = reported in the period, registered, not merged as a duplicate and not deferred (put on hold) when counted; in a running period, cases not yet at their limit count too',
);
const ON_TIME_TEXT = text(
  '按期 = 每一轮处置（含返工）都在其处置时限（含批准的延期）内反馈，且未因超时升级',
  'on time = every handling round (rework included) fed back by its deadline (approved extensions included) and none escalated for missing it',
);

/**
 * The six GB/T 30428 rates on the GridEvent entity, read from the milestones the state machine keeps
 * (events stored without them: backfill with milestonesFromHistory). Deferred cases are out of
 * "due to close", as Jinhua counts; rework is divided by cases due to close, as Zhengzhou does.
 */
const RATES: readonly KpiDefinition[] = gridEventRateDefinitions({
  dateField: 'milestones.reportedAt',
  excludeDeferred: true,
  filters: {
    // 受理: every report received, duplicates included (they are not registered).
    accepted: {},
    registered: { 'milestones.registeredAt': { exists: true } },
    dispatched: { 'milestones.dispatchedAt': { exists: true } },
    handled: { 'milestones.handledAt': { exists: true } },
    dueToClose: DUE_TO_CLOSE,
    closed: { 'milestones.closedAt': { exists: true } },
    closedOnTime: { 'milestones.closedAt': { exists: true }, 'milestones.handlingOnTime': { eq: true } },
    reworked: { 'milestones.reworked': { eq: true } },
    extended: { 'milestones.extended': { eq: true } },
    notDeferred: { status: { ne: 'deferred' } },
  },
}).map((definition) => {
  if (definition.kind !== 'ratio' || definition.denominator.filter?.['milestones.registeredAt'] === undefined) return definition;
  const notes = definition.id === 'gridEvents.onTimeClosureRate' ? [DUE_TO_CLOSE_TEXT, ON_TIME_TEXT] : [DUE_TO_CLOSE_TEXT];
  return { ...definition, formula: text([definition.formula.zh, ...notes.map((note) => note.zh)].join('；'), [definition.formula.en, ...notes.map((note) => note.en)].join('; ')) };
});

/** Working-time limits per subclass and stage (CJ/T 315-2009, 立案、处置和结案); escalation when a limit runs out, as DIGIT PGR's auto-escalation does. */
const LIMITS = 'CJ/T 315-2009 (digital city management: 立案、处置和结案, working-time limits); escalation after DIGIT PGR workflow auto-escalation (egovernments docs)';

/**
 * Grid-event KPIs for the standard pack: the six rates, time to close in working hours, overdue now,
 * escalations and duplicates.
 */
export const GRID_EVENT_KPI_DEFINITIONS: readonly KpiDefinition[] = [
  ...RATES,
  {
    id: 'gridEvents.timeToClose',
    label: text('结案用时（工作时）', 'time to close (working hours)'),
    description: text('本期结案的事件从上报到结案的工作时间', 'working time from report to close, for events closed in the period'),
    kind: 'duration',
    entity: 'gridEvent',
    filter: { 'milestones.closedAt': { exists: true } },
    from: 'milestones.workingClock.reported',
    to: 'milestones.workingClock.closed',
    unit: 'hours',
    dateField: 'milestones.closedAt',
    formula: text(
      '上报至结案之间的工作时间（按工作日历，含挂账期间），取中位数与90分位；重新打开后以最后一次结案为准',
      'working time between report and close on the calendar (deferred time included): median and p90; a reopened event counts from its last close',
    ),
    source: LIMITS,
    tag: 'L',
  },
  {
    id: 'gridEvents.overdueNow',
    label: text('当前超期', 'overdue now'),
    description: text('上次超期扫描时已过时限且无可升级层级的未结事件', 'open events past their deadline with no escalation left, as of the last overdue sweep'),
    kind: 'count',
    entity: 'gridEvent',
    filter: { status: { in: [...TIMED] }, flag: { eq: 'overdue' } },
    formula: text(
      '标记为超期的未结事件数（存量，不分期间）；升级的事件在新层级获得新时限，该时限也用完时才计入',
      'open events flagged overdue (a stock, whatever the period); an escalated event gets a fresh limit at its new level and counts once that runs out too',
    ),
    source: LIMITS,
    tag: 'L',
  },
  {
    id: 'gridEvents.escalated',
    label: text('升级事件', 'events escalated'),
    description: text('本期上报且至少升级一次的事件', 'events reported in the period that were escalated at least once'),
    kind: 'count',
    entity: 'gridEvent',
    filter: { escalationLevel: { gte: 1 } },
    dateField: 'milestones.reportedAt',
    formula: text('升级层级 ≥ 1 的事件数', 'events with escalation level ≥ 1'),
    source: LIMITS,
    tag: 'L',
  },
  {
    id: 'gridEvents.escalations',
    label: text('升级次数', 'escalations'),
    description: text('本期上报事件的升级次数合计', 'escalations of the events reported in the period'),
    kind: 'sum',
    field: 'escalationLevel',
    entity: 'gridEvent',
    dateField: 'milestones.reportedAt',
    formula: text('各事件升级层级之和（每次升级加一级）', 'sum of the events’ escalation levels (each escalation adds one)'),
    source: LIMITS,
    tag: 'L',
  },
  {
    id: 'gridEvents.duplicates',
    label: text('重复上报', 'duplicate reports'),
    description: text('本期上报并被并入原事件的重复件', 'events reported in the period and linked to an original as duplicates'),
    kind: 'count',
    entity: 'gridEvent',
    filter: { duplicateOf: { exists: true } },
    dateField: 'milestones.reportedAt',
    formula: text('标记为重复的事件数', 'events marked as duplicates'),
    source: 'FixMyStreet (mySociety) duplicate-report suggestions within a radius; Open311 GeoReport v2 practice',
    tag: 'L',
  },
];
