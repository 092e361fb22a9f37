import { z } from 'zod';
import { CivicGridError } from '../errors/civic-grid-error.js';
import { parseWithSchema } from '../errors/parse-with-schema.js';
import type { GridEvent, GridEventCategory, GridEventSource, GridEventStatus, Point } from '../model/grid-event.js';
import { addWorkingTime, type WorkCalendar } from '../rules/calendar/index.js';
import type { EventCommand } from '../rules/events/event-command.js';
import { checkedEventPolicy, type EventPolicy } from '../rules/events/event-policy.js';
import { reportEvent, type EventReport } from '../rules/events/report-event.js';
import { transitionEvent } from '../rules/events/transition-event.js';
import type { GeneratedCity } from './generate-city.js';
import { SeededRandom } from './seeded-random.js';

/**
 * Shares of the generated events. notRegistered, duplicate and open exclude each other (the rest
 * runs to closed); reworked, deferred, extended and late apply to the events that reach handling;
 * evaluated to the closed ones.
 */
export interface GeneratedEventShares {
  notRegistered: number;
  duplicate: number;
  /** Left open at a random stage, reported in the year's last 30 days (a backlog). */
  open: number;
  reworked: number;
  deferred: number;
  extended: number;
  /** Handled after the deadline: escalated at the due instant first. */
  late: number;
  evaluated: number;
}

/** A plausible year: most events close, a few are rejected, duplicated, left open or run late. */
export const DEFAULT_GENERATED_EVENT_SHARES: GeneratedEventShares = {
  notRegistered: 0.05,
  duplicate: 0.05,
  open: 0.08,
  reworked: 0.1,
  deferred: 0.04,
  extended: 0.06,
  late: 0.1,
  evaluated: 0.6,
};

/** What `generateEvents` takes: a seed, the generated city, the event policy and the calendar. */
export interface GenerateEventsOptions {
  seed: number;
  /** Grids are the locations; an event gets a point near one of its grid's buildings, if the grid has any. */
  city: Pick<GeneratedCity, 'nodes' | 'buildings'>;
  policy: EventPolicy;
  /** Must know `year` and the start of the next one (a deadline may fall there). */
  calendar: WorkCalendar;
  year: number;
  /** Default 3,000 (a Tongchuan year). */
  count?: number;
  shares?: Partial<GeneratedEventShares>;
}

/** One event's history: the report and every command, so a bench can replay it through transitionEvent. */
export interface GeneratedEventLog {
  report: EventReport;
  reportedAt: string;
  steps: { command: EventCommand; at: string }[];
}

/** Synthetic grid events and, for each, the commands that produced it. */
export interface GeneratedEvents {
  /** In report order. */
  events: GridEvent[];
  /** events[i]'s history. */
  logs: GeneratedEventLog[];
}

const Share = z.number().min(0).max(1);
const OptionsSchema = z
  .object({
    seed: z.number().int(),
    year: z.number().int().min(1970).max(9999),
    count: z.number().int().min(0).max(10_000_000),
    shares: z
      .object({ notRegistered: Share, duplicate: Share, open: Share, reworked: Share, deferred: Share, extended: Share, late: Share, evaluated: Share })
      .strict()
      .refine((s) => s.notRegistered + s.duplicate + s.open <= 1, { message: 'notRegistered + duplicate + open must not exceed 1', path: ['open'] }),
  })
  .strict();

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SOURCES: readonly GridEventSource[] = ['patrol', 'patrol', 'patrol', 'resident', 'hotline', 'camera', 'other'];
const OPEN_STOPS: readonly GridEventStatus[] = ['reported', 'registered', 'dispatched', 'inProgress', 'handled', 'deferred'];
/** How far a report lies from its building: most within a courtyard. */
const POINT_SPREAD_METRES = 30;
/** A duplicate's original: reported this recently, in the same subclass. */
const DUPLICATE_LOOKBACK_MS = 7 * DAY_MS;

interface Location {
  nodeId: string;
  name: string;
  buildings: { x: number; y: number }[];
}

/**
 * A seeded year of grid events for a generated city: each event runs a real command sequence
 * (report → register → dispatch → start → handle → close → evaluate, some rejected, duplicated,
 * deferred, extended, escalated, sent back or left open) through reportEvent and transitionEvent, so
 * every event is valid by construction. Pure: the same options give the same events; no clock.
 */
export function generateEvents(options: GenerateEventsOptions): GeneratedEvents {
  const parsed = parseWithSchema(
    OptionsSchema,
    { seed: options.seed, year: options.year, count: options.count ?? 3000, shares: { ...DEFAULT_GENERATED_EVENT_SHARES, ...options.shares } },
    'generateEvents options',
  );
  const { shares, year } = parsed;
  const policy = checkedEventPolicy(options.policy);
  const { calendar } = options;
  const context = { calendar, policy };
  const random = new SeededRandom(parsed.seed);
  const locations = gridLocations(options.city);
  if (locations.length === 0) throw CivicGridError.validation('generateEvents options', [{ path: ['city', 'nodes'], message: 'has no grid node' }]);
  const categories: { category: GridEventCategory; name: string; steps: number }[] = policy.catalogue.classes.flatMap((c) =>
    c.subclasses.map((s) => ({ category: { classCode: c.code, subclassCode: s.code }, name: s.name.zh, steps: s.handlingLimits.length })),
  );

  const yearStart = Date.UTC(year, 0, 1);
  const yearEnd = Date.UTC(year + 1, 0, 1);
  const backlogStart = yearEnd - 30 * DAY_MS;
  type Outcome = 'notRegistered' | 'duplicate' | 'open' | 'closed';
  const plans = Array.from({ length: parsed.count }, () => {
    const draw = random.float();
    const outcome: Outcome =
      draw < shares.notRegistered ? 'notRegistered' : draw < shares.notRegistered + shares.duplicate ? 'duplicate' : draw < shares.notRegistered + shares.duplicate + shares.open ? 'open' : 'closed';
    const from = outcome === 'open' ? backlogStart : yearStart;
    return { outcome, reportedMs: from + Math.floor(random.float() * (yearEnd - 1 - from)) };
  });
  plans.sort((a, b) => a.reportedMs - b.reportedMs);

  const events: GridEvent[] = [];
  const logs: GeneratedEventLog[] = [];
  /** Recent events per subclass, for duplicates to point at. */
  const recentBySubclass = new Map<string, number[]>();
  const width = String(parsed.count).length;

  plans.forEach((plan, index) => {
    const kind = random.pick(categories);
    const location = random.pick(locations);
    const subclassKey = `${kind.category.classCode}/${kind.category.subclassCode}`;
    const recent = recentBySubclass.get(subclassKey) ?? [];
    // An original is an event that was registered (not itself a duplicate or rejected).
    const originalIndex =
      plan.outcome === 'duplicate'
        ? recent.findLast((i) => plan.reportedMs - Date.parse(logs[i]!.reportedAt) <= DUPLICATE_LOOKBACK_MS && events[i]!.stageHistory.some((entry) => entry.status === 'registered'))
        : undefined;
    const original = originalIndex === undefined ? undefined : events[originalIndex];
    const point = original?.location.point ?? pointNear(location, random);
    const source = random.pick(SOURCES);
    const report: EventReport = {
      id: `ev-${year}-${String(index).padStart(width, '0')}`,
      category: kind.category,
      description: `${location.name}${kind.name}`,
      location: { nodeId: original?.location.nodeId ?? location.nodeId, ...(point === undefined ? {} : { point: jitter(point, random) }) },
      source,
      ...(source === 'hotline' ? { reporter: { phone: `138${String(random.int(0, 99_999_999)).padStart(8, '0')}` } } : {}),
    };
    const reportedAt = new Date(plan.reportedMs);
    let event = reportEvent(report, { at: reportedAt, ...context }).event;
    const steps: GeneratedEventLog['steps'] = [];
    let at = reportedAt;
    let stopped = false;
    const stopAt = plan.outcome === 'open' ? random.pick(OPEN_STOPS) : undefined;

    /** Applies `command` at `when` unless the year is over or the event is left open at its stage. */
    const apply = (command: EventCommand, when: Date): void => {
      if (stopped || when.getTime() >= yearEnd) {
        stopped = true;
        return;
      }
      event = transitionEvent(event, command, { at: when, ...context }).event;
      steps.push({ command, at: when.toISOString() });
      at = when;
      if (event.status === stopAt) stopped = true;
    };
    /** The next step's time: a share of the stage's working-time limit (beyond it when late), else a few hours. */
    const next = (late = false): Date => {
      if (stopped) return at;
      const limit = event.deadline?.limitWorkingMs;
      if (limit === undefined) return new Date(at.getTime() + random.int(10, 240) * 60_000);
      const share = late ? 1.05 + random.float() : 0.05 + 0.8 * random.float();
      return addWorkingTime(calendar, at, { hours: (limit * share) / HOUR_MS });
    };
    const actor = (type: EventCommand['type']): NonNullable<EventCommand['actor']> => {
      const role = policy.commandRoles[type]?.[0] ?? 'gridWorker';
      return { id: `${role}-${location.nodeId}`, role };
    };

    if (stopAt === 'reported') stopped = true;
    if (plan.outcome === 'notRegistered') {
      apply({ type: 'reject', reason: '不属于受理范围', actor: actor('reject') }, next());
    } else if (original !== undefined) {
      apply({ type: 'markDuplicate', originalId: original.id, actor: actor('markDuplicate') }, next());
      const closedAt = original.stageHistory.find((entry) => entry.status === 'closed')?.at;
      if (closedAt !== undefined) apply({ type: 'closeAsDuplicate', actor: actor('closeAsDuplicate') }, new Date(Math.max(Date.parse(closedAt), at.getTime())));
    } else {
      runToClose(kind.steps, stopAt === 'deferred');
    }

    function runToClose(handlingSteps: number, deferForGood: boolean): void {
      apply({ type: 'register', actor: actor('register') }, next());
      apply({ type: 'dispatch', assignee: { kind: 'node', id: location.nodeId }, actor: actor('dispatch') }, next());
      apply({ type: 'start', actor: actor('start') }, next());
      if (deferForGood || random.float() < shares.deferred) {
        apply({ type: 'defer', reason: '等待当事人返回', actor: actor('defer') }, next());
        apply({ type: 'resume', actor: actor('resume') }, new Date(at.getTime() + random.int(1, 10) * DAY_MS));
      }
      if (random.float() < shares.extended) apply({ type: 'extend', amount: { days: 1 }, reason: '需协调相关部门', actor: actor('extend') }, next());
      for (let step = 1; step < handlingSteps; step++) apply({ type: 'completeStep', actor: actor('completeStep') }, next());
      if (random.float() < shares.late && !stopped && event.deadline !== undefined && event.escalationLevel < policy.escalation.length) {
        apply({ type: 'escalate', actor: actor('escalate') }, new Date(Math.max(Date.parse(event.deadline.dueAt), at.getTime())));
      }
      apply({ type: 'handle', actor: actor('handle') }, next());
      if (random.float() < shares.reworked) {
        apply({ type: 'sendBack', reason: '现场核查未整改到位', actor: actor('sendBack') }, next());
        apply({ type: 'handle', actor: actor('handle') }, next());
      }
      apply({ type: 'close', actor: actor('close') }, next());
      if (random.float() < shares.evaluated) apply({ type: 'evaluate', score: random.int(3, 5), actor: actor('evaluate') }, next());
    }

    events.push(event);
    logs.push({ report, reportedAt: reportedAt.toISOString(), steps });
    recent.push(index);
    if (recent.length > 32) recent.shift();
    recentBySubclass.set(subclassKey, recent);
  });
  return { events, logs };
}

function gridLocations(city: Pick<GeneratedCity, 'nodes' | 'buildings'>): Location[] {
  const byGrid = new Map<string, Location>();
  for (const node of city.nodes) if (node.level === 'grid') byGrid.set(node.id, { nodeId: node.id, name: node.name, buildings: [] });
  for (const building of city.buildings) byGrid.get(building.gridId)?.buildings.push({ x: building.x, y: building.y });
  return [...byGrid.values()];
}

function pointNear(location: Location, random: SeededRandom): Point | undefined {
  return location.buildings.length === 0 ? undefined : random.pick(location.buildings);
}

function jitter(point: Point, random: SeededRandom): Point {
  return { x: point.x + random.normal() * POINT_SPREAD_METRES, y: point.y + random.normal() * POINT_SPREAD_METRES };
}
