import { describe, expect, it } from 'vitest';
import { expectCivicGridError } from '../../support/expect-error.js';
import {
  GRID_EVENT_KPI_DEFINITIONS,
  TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE,
  chinaWorkCalendar,
  createEventPolicy,
  createHierarchy,
  evaluateKpis,
  generateCity,
  generateEvents,
  gridEventRateDefinitions,
  milestonesFromHistory,
  reportEvent,
  resolvePeriod,
  standardKpiEntityRegistry,
  standardKpiPack,
  sweepOverdue,
  transitionEvent,
  workingTimeBetween,
  type GridEvent,
  type KpiEvaluation,
} from '../../../src/index.js';

// A Tongchuan year of grid events, swept once at the year's last working afternoon, then every
// grid-event KPI of the standard pack against a count made here from the command logs alone.
const city = generateCity({ seed: 2020 });
const hierarchy = createHierarchy(city.nodes);
const calendar = chinaWorkCalendar();
const policy = createEventPolicy({ catalogue: TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE });
const year = generateEvents({ seed: 11, city, calendar, policy, year: 2025 });
const sweepAt = new Date('2025-12-31T15:00:00+08:00');
const sweptById = new Map(sweepOverdue(year.events, sweepAt, { calendar, policy }).map((t) => [t.eventId, t.event]));
const events = year.events.map((event) => sweptById.get(event.id) ?? event);
const period = resolvePeriod({ kind: 'year', year: 2025 }, { at: sweepAt });

function evaluate(records: readonly GridEvent[]): KpiEvaluation {
  const [evaluation] = evaluateKpis({
    hierarchy,
    definitions: standardKpiPack(),
    registry: standardKpiEntityRegistry(),
    periods: [period],
    records: records.map((record) => ({ kind: 'gridEvent', record, nodeId: record.location.nodeId })),
  });
  return evaluation as KpiEvaluation;
}

/** What the command log says about one event, replayed step by step (no milestone read). */
function fromLog(index: number) {
  const log = year.logs[index]!;
  const types = log.steps.map((step) => step.command.type);
  let event = reportEvent(log.report, { at: new Date(log.reportedAt), calendar, policy }).event;
  let everyHandlingOnTime = true;
  for (const step of log.steps) {
    const late = event.deadline !== undefined && Date.parse(step.at) > Date.parse(event.deadline.dueAt);
    if ((step.command.type === 'handle' && late) || (step.command.type === 'escalate' && event.status === 'inProgress')) everyHandlingOnTime = false;
    event = transitionEvent(event, step.command, { at: new Date(step.at), calendar, policy }).event;
  }
  const final = events[index]!;
  const closed = final.status === 'closed' || final.status === 'evaluated';
  const lastClose = log.steps.findLast((step) => step.command.type === 'close');
  const registered = types.includes('register');
  const inPeriod = (iso: string): boolean => Date.parse(iso) >= period.start.getTime() && Date.parse(iso) < period.end.getTime();
  return {
    // The year is Beijing's: a report after 16:00 UTC on 31 December falls in the next one.
    reportedInPeriod: inPeriod(log.reportedAt),
    closedInPeriod: lastClose !== undefined && inPeriod(lastClose.at),
    registered,
    dispatched: types.includes('dispatch'),
    handled: types.includes('handle'),
    closed,
    dueToClose: registered && !['duplicate', 'closedAsDuplicate', 'deferred'].includes(final.status),
    closedOnTime: closed && everyHandlingOnTime,
    reworked: types.includes('sendBack'),
    extended: types.includes('extend'),
    workingMsToClose: closed && lastClose !== undefined ? workingTimeBetween(calendar, new Date(log.reportedAt), new Date(lastClose.at)) : undefined,
  };
}

const facts = events.map((_, index) => fromLog(index));
const count = (test: (fact: (typeof facts)[number], event: GridEvent) => boolean): number => facts.filter((fact, index) => fact.reportedInPeriod && test(fact, events[index]!)).length;
const nearestRank = (sorted: number[], q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;

describe('grid-event KPIs of the standard pack', () => {
  const evaluation = evaluate(events);
  const value = (id: string) => evaluation.value(id, hierarchy.rootId);

  it('the six GB/T 30428 rates equal a count from the command logs, deferred cases out of "due to close"', () => {
    const due = count((fact) => fact.dueToClose);
    const registered = count((fact) => fact.registered);
    expect(count(() => true)).toBeLessThan(events.length);
    expect(due).toBeGreaterThan(2000);
    expect(count((fact) => fact.closed && !fact.closedOnTime)).toBeGreaterThan(50);
    const expected = {
      'gridEvents.registrationRate': [registered, count(() => true)],
      'gridEvents.dispatchRate': [count((fact) => fact.registered && fact.dispatched), registered],
      'gridEvents.closureRate': [count((fact) => fact.dueToClose && fact.closed), due],
      'gridEvents.onTimeClosureRate': [count((fact) => fact.dueToClose && fact.closedOnTime), due],
      'gridEvents.reworkRate': [count((fact) => fact.dueToClose && fact.reworked), due],
      'gridEvents.extensionRate': [count((fact) => fact.dueToClose && fact.extended), due],
    };
    for (const [id, [numerator, denominator]] of Object.entries(expected)) {
      expect([id, value(id)]).toEqual([id, expect.objectContaining({ numerator, denominator, value: numerator! / denominator! })]);
    }
    expect(GRID_EVENT_KPI_DEFINITIONS.find((d) => d.id === 'gridEvents.closureRate')?.formula.en).toMatch(/due to close = reported in the period, registered, not merged as a duplicate and not deferred/);
  });

  it('time to close is the median and p90 of the working hours from report to close, by the calendar', () => {
    const hours = facts.flatMap((fact) => (fact.workingMsToClose === undefined || !fact.closedInPeriod ? [] : [Math.round(fact.workingMsToClose)])).sort((a, b) => a - b);
    expect(hours.length).toBeGreaterThan(2000);
    expect(value('gridEvents.timeToClose')).toMatchObject({ value: nearestRank(hours, 0.5) / 3_600_000, p90: nearestRank(hours, 0.9) / 3_600_000, sampleSize: hours.length });
  });

  it('overdue now, escalations and duplicates equal their brute-force counts', () => {
    const chainTop = policy.escalation.length;
    const overdue = events.filter(
      (event) => ['reported', 'registered', 'dispatched', 'inProgress', 'handled'].includes(event.status) && event.escalationLevel === chainTop && Date.parse(event.deadline!.dueAt) <= sweepAt.getTime(),
    );
    expect(value('gridEvents.overdueNow').value).toBe(overdue.length);
    expect(value('gridEvents.escalated').value).toBe(count((_, event) => event.escalationLevel > 0));
    expect(value('gridEvents.escalations').value).toBe(events.reduce((sum, event, index) => sum + (facts[index]!.reportedInPeriod ? event.escalationLevel : 0), 0));
    expect(value('gridEvents.escalated').value).toBeGreaterThan(100);
    expect(value('gridEvents.duplicates').value).toBe(count((_, event) => event.duplicateOf !== undefined));
    expect(value('gridEvents.duplicates').value).toBeGreaterThan(50);
  });

  it('events stored before milestones existed count the same once backfilled from their history (but not as on time)', () => {
    const legacy = events.map(({ milestones, ...rest }) => rest as GridEvent);
    const backfilled = evaluate(legacy.map((event) => ({ ...event, milestones: milestonesFromHistory(event) })));
    for (const id of ['gridEvents.registrationRate', 'gridEvents.dispatchRate', 'gridEvents.closureRate', 'gridEvents.reworkRate', 'gridEvents.extensionRate']) {
      expect(backfilled.value(id, hierarchy.rootId)).toEqual(value(id));
    }
    expect(backfilled.value('gridEvents.onTimeClosureRate', hierarchy.rootId).numerator).toBe(0);
    expect(evaluate(legacy).value('gridEvents.closureRate', hierarchy.rootId).denominator).toBe(0);
  });
});

describe('gridEventRateDefinitions with stage filters', () => {
  it('merges conditions on one field, so the numerator stays inside the denominator, and refuses two that cannot both hold', () => {
    const rates = gridEventRateDefinitions({ excludeDeferred: true, filters: { dueToClose: { status: { notIn: ['duplicate'] } }, closed: { status: { in: ['closed'] } }, notDeferred: { status: { ne: 'deferred' } } } });
    const closure = rates.find((definition) => definition.id === 'gridEvents.closureRate');
    expect(closure).toMatchObject({
      denominator: { filter: { status: { notIn: ['duplicate'], ne: 'deferred' } } },
      numerator: { filter: { status: { notIn: ['duplicate'], ne: 'deferred', in: ['closed'] } } },
    });
    const error = expectCivicGridError(() => gridEventRateDefinitions({ excludeDeferred: true, filters: { dueToClose: { status: { ne: 'duplicate' } }, notDeferred: { status: { ne: 'deferred' } } } }), 'VALIDATION_FAILED');
    expect(error.issues[0]?.path).toEqual(['filters']);
  });
});
