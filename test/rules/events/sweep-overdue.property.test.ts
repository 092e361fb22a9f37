import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE,
  createEventPolicy,
  createWorkCalendar,
  deadlineFlagAt,
  reportEvent,
  sweepOverdue,
  transitionEvent,
  type DeadlineFlag,
  type EventCommand,
  type EventPolicy,
  type GridEvent,
  type SweepTransition,
  type WorkCalendar,
} from '../../../src/index.js';
import { calendar as chinaCalendar } from './event-fixtures.js';

const HOUR = 3_600_000;
const SWEEP_ACTOR = { id: 'sweepOverdue', role: 'system' };
const FLAG_RANK: Record<DeadlineFlag, number> = { amber: 1, red: 2, overdue: 3 };
const TIMED = ['reported', 'registered', 'dispatched', 'inProgress', 'handled'];
// West of UTC, one range a day.
const losAngeles = createWorkCalendar({
  timeZone: 'America/Los_Angeles',
  weeklyHours: { mon: [{ start: '09:00', end: '17:00' }], tue: [{ start: '09:00', end: '17:00' }], wed: [{ start: '09:00', end: '17:00' }], thu: [{ start: '09:00', end: '17:00' }], fri: [{ start: '09:00', end: '17:00' }] },
  knownYears: { from: 2026, to: 2026 },
});
const subclasses = TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE.classes.flatMap((c) =>
  c.subclasses.map((s) => ({ category: { classCode: c.code, subclassCode: s.code }, handlingSteps: s.handlingLimits.length })),
);
/** Ids with `/`, `%`, `_` and prefixes of each other. */
const ID_STEMS = ['e', 'e/', 'e%', 'e_', 'e/1'];
const DISPATCH: EventCommand = { type: 'dispatch', assignee: { kind: 'unit', id: 'u/1' } };
/** How far along the loop each event gets before the sweeps: none, registered, dispatched, started, handled, deferred. */
const PROGRESS: ((handlingSteps: number) => EventCommand[])[] = [
  () => [],
  () => [{ type: 'register' }],
  () => [{ type: 'register' }, DISPATCH],
  () => [{ type: 'register' }, DISPATCH, { type: 'start' }],
  (steps) => [{ type: 'register' }, DISPATCH, { type: 'start' }, ...Array.from({ length: steps - 1 }, (): EventCommand => ({ type: 'completeStep' })), { type: 'handle' }],
  () => [{ type: 'register' }, { type: 'defer', reason: 'waiting' }],
];

const amountArbitrary = fc.oneof(fc.record({ hours: fc.integer({ min: 1, max: 16 }).map((quarters) => quarters / 4) }), fc.record({ days: fc.integer({ min: 1, max: 3 }) }));
const policyArbitrary: fc.Arbitrary<EventPolicy> = fc
  .record({
    escalation: fc.array(fc.record({ to: fc.constantFrom('community', 'street', 'district'), limit: amountArbitrary }), { maxLength: 3 }),
    stageLimits: fc.record({ reported: amountArbitrary, registered: amountArbitrary, dispatched: amountArbitrary, handled: amountArbitrary }, { requiredKeys: [] }),
    // Narrow gaps between amber and red, and ties with the share used at whole hours.
    flags: fc.tuple(fc.integer({ min: 1, max: 19 }), fc.integer({ min: 1, max: 20 })).map(([amber, gap]) => ({ amber: amber / 20, red: Math.min(1, (amber + gap) / 20) })),
  })
  .filter((policy) => policy.flags.amber < policy.flags.red)
  .map((policy) => createEventPolicy({ catalogue: TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE, commandRoles: {}, ...policy }));

/** The command the sweep's documented rule gives `event` at `at`, from deadlineFlagAt (Date parsing, no shortcut). */
function expectedCommand(event: GridEvent, at: Date, calendar: WorkCalendar, policy: EventPolicy): EventCommand | undefined {
  if (event.deadline === undefined || !TIMED.includes(event.status)) return undefined;
  const flag = deadlineFlagAt(event, at, calendar, policy);
  if (flag === 'overdue' && event.escalationLevel < policy.escalation.length) return { type: 'escalate', actor: SWEEP_ACTOR };
  if (flag === undefined || (event.flag !== undefined && FLAG_RANK[event.flag] >= FLAG_RANK[flag])) return undefined;
  return { type: 'flag', flag, actor: SWEEP_ACTOR };
}

/** The reference: transitionEvent on a plain copy (parsed again, nothing shared or cached), one event at a time. */
function referenceSweep(events: GridEvent[], at: Date, calendar: WorkCalendar, policy: EventPolicy): SweepTransition[] {
  return events.flatMap((event) => {
    const command = expectedCommand(event, at, calendar, policy);
    return command === undefined ? [] : [{ eventId: event.id, command, ...transitionEvent(structuredClone(event), command, { at, calendar, policy }) }];
  });
}

describe('sweepOverdue against transitionEvent one event at a time', () => {
  it('gives the same transitions (events, effects, patches) over successive sweeps, on both calendars', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<WorkCalendar>(chinaCalendar, losAngeles),
        policyArbitrary,
        fc.array(fc.record({ subclass: fc.constantFrom(...subclasses), startHour: fc.integer({ min: 0, max: 20 * 24 }), progress: fc.nat(PROGRESS.length - 1) }), { minLength: 1, maxLength: 8 }),
        // Minutes from the last report to the first sweep, then between sweeps (several, so events a sweep made are swept
        // again); null: exactly at the next deadline still ahead, a tie with the due check.
        fc.array(fc.option(fc.integer({ min: 0, max: 2 * 24 * 60 }), { freq: 3, nil: null }), { minLength: 1, maxLength: 6 }),
        (calendar, policy, specs, sweepGaps) => {
          const base = Date.parse('2026-03-02T00:00:00Z');
          let events = specs.map((spec, index) => {
            const at = new Date(base + spec.startHour * HOUR);
            const reported = reportEvent(
              { id: `${ID_STEMS[index % ID_STEMS.length]}${index}`, category: spec.subclass.category, description: 'x', location: { nodeId: 'grid' }, source: 'resident' },
              { at, calendar, policy },
            ).event;
            return PROGRESS[spec.progress]!(spec.subclass.handlingSteps).reduce((event, command) => transitionEvent(event, command, { at, calendar, policy }).event, reported);
          });
          let sweepMs = base + Math.max(...specs.map((spec) => spec.startHour)) * HOUR;
          for (const minutes of sweepGaps) {
            const ahead = events.map((event) => Date.parse(event.deadline?.dueAt ?? '')).filter((due) => due > sweepMs);
            sweepMs = minutes !== null ? sweepMs + minutes * 60_000 : ahead.length === 0 ? sweepMs : Math.min(...ahead);
            const at = new Date(sweepMs);
            const expected = referenceSweep(events, at, calendar, policy);
            const swept = sweepOverdue(events, at, { calendar, policy });
            expect(swept).toStrictEqual(expected);
            const byId = new Map(swept.map((transition) => [transition.eventId, transition.event]));
            events = events.map((event) => byId.get(event.id) ?? event);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
