import fc from 'fast-check';
import { applyPatches } from 'immer';
import { describe, expect, it, vi } from 'vitest';
import { GridEventSchema, sweepOverdue, transitionEvent, type GridEvent } from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { DISPATCH, beijing, calendar, openPolicy, report, run } from './event-fixtures.js';

const HOUR = 3_600_000;
const policy = openPolicy();

/** A neighbour dispute in handling from Monday 2026-03-02 09:00, due Tuesday 09:00 (7 working hours). */
function started(id = 'e1'): GridEvent {
  const at = beijing('2026-03-02T09:00');
  return run(report(id, at, policy), at, policy, { type: 'register' }, DISPATCH, { type: 'start' });
}

function apply(events: GridEvent[], at: Date): GridEvent[] {
  const byId = new Map(sweepOverdue(events, at, { calendar, policy }).map((t) => [t.eventId, t.event]));
  return events.map((event) => byId.get(event.id) ?? event);
}

describe('sweepOverdue', () => {
  it('flags amber at half the working-time limit and red at 0.8, once each', () => {
    const event = started();
    expect(sweepOverdue([event], beijing('2026-03-02T12:00'), { calendar, policy })).toEqual([]); // 3 of 7 h
    const amber = sweepOverdue([event], beijing('2026-03-02T14:30'), { calendar, policy }); // 3.5 of 7 h
    expect(amber.map((t) => t.command)).toEqual([{ type: 'flag', flag: 'amber', actor: { id: 'sweepOverdue', role: 'system' } }]);
    expect(amber[0]?.effects).toContainEqual({ type: 'flagged', flag: 'amber' });
    const amberEvent = amber[0]!.event;
    expect(sweepOverdue([amberEvent], beijing('2026-03-02T15:00'), { calendar, policy })).toEqual([]);
    expect(sweepOverdue([amberEvent], beijing('2026-03-02T16:30'), { calendar, policy })).toEqual([]); // 5.5 of 7 h: 0.79
    const red = sweepOverdue([amberEvent], beijing('2026-03-02T16:40'), { calendar, policy }); // 5 h 40 of 7 h: 0.81
    expect(red[0]?.event.flag).toBe('red');
  });

  it('escalates an overdue event one level up the chain with that level’s own new limit, then flags red at the top', () => {
    let events = [started()];
    const due = beijing('2026-03-03T09:00');
    const first = sweepOverdue(events, due, { calendar, policy });
    expect(first[0]?.effects).toContainEqual({ type: 'escalated', fromLevel: 0, toLevel: 1, to: 'community' });
    expect(first[0]?.event.deadline?.dueAt).toBe(beijing('2026-03-04T09:00').toISOString()); // community: 1 working day
    events = apply(events, due);
    expect(sweepOverdue(events, due, { calendar, policy })).toEqual([]);
    events = apply(events, beijing('2026-03-04T09:00')); // → street, 2 days
    events = apply(events, beijing('2026-03-06T09:00')); // → district, 3 days
    expect(events[0]).toMatchObject({ escalationLevel: 3, deadline: { dueAt: beijing('2026-03-11T09:00').toISOString() } });
    const top = sweepOverdue(events, beijing('2026-03-11T09:00'), { calendar, policy });
    expect(top.map((t) => t.command.type)).toEqual(['flag']);
    expect(sweepOverdue(apply(events, beijing('2026-03-11T09:00')), beijing('2026-03-12T09:00'), { calendar, policy })).toEqual([]);
  });

  it('skips deferred events: their clock is paused', () => {
    const deferred = transitionEvent(started(), { type: 'defer', reason: 'court case pending' }, { at: beijing('2026-03-02T10:00'), calendar, policy }).event;
    expect(sweepOverdue([deferred], beijing('2026-04-01T10:00'), { calendar, policy })).toEqual([]);
  });

  it('is idempotent: applying a sweep and sweeping again at the same instant yields nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 * 24 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 60 * 24 }), (starts, sweepHour) => {
        const base = beijing('2026-02-01T00:00').getTime();
        const events = starts.map((hour, index) => {
          const at = new Date(base + hour * HOUR);
          return run(report(`e${index}`, at, policy), at, policy, { type: 'register' }, DISPATCH, { type: 'start' });
        });
        const at = new Date(base + Math.max(sweepHour, ...starts) * HOUR);
        const swept = apply(events, at);
        expect(sweepOverdue(swept, at, { calendar, policy })).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a malformed event with its index, and an invalid instant', () => {
    const broken = { ...started(), escalationLevel: -1 };
    const error = expectCivicGridError(() => sweepOverdue([started('ok'), broken], beijing('2026-03-03T09:00'), { calendar, policy }), 'VALIDATION_FAILED');
    expect(error.issues[0]?.path).toEqual(['events', 1, 'escalationLevel']);
    expectCivicGridError(() => sweepOverdue([], new Date(Number.NaN), { calendar, policy }), 'VALIDATION_FAILED');
  });

  it('a report left unregistered past its limit escalates like any other timed stage (documented choice)', () => {
    const at = beijing('2026-03-02T09:00');
    const swept = sweepOverdue([report('r1', at, policy)], beijing('2026-03-02T10:00'), { calendar, policy }); // 1 working hour to register
    expect(swept.map((t) => t.command.type)).toEqual(['escalate']);
    expect(swept[0]?.event).toMatchObject({ status: 'reported', escalationLevel: 1 });
    const quiet = openPolicy({ stageLimits: { registered: { hours: 1 }, dispatched: { hours: 1 }, handled: { days: 1 } } });
    const unlimited = report('r2', at, quiet);
    expect(unlimited.deadline).toBeUndefined();
    expect(sweepOverdue([unlimited], beijing('2026-04-01T10:00'), { calendar, policy: quiet })).toEqual([]);
  });

  it('escalations and flags return patches that turn the old event into the new one, and events that still parse', () => {
    const amber = sweepOverdue([started()], beijing('2026-03-02T14:30'), { calendar, policy })[0]!;
    const escalated = sweepOverdue([amber.event], beijing('2026-03-03T09:00'), { calendar, policy })[0]!;
    expect(escalated.patches).toContainEqual({ op: 'remove', path: ['flag'] });
    for (const [before, transition] of [[started(), amber], [amber.event, escalated]] as const) {
      expect(applyPatches(before, transition.patches)).toEqual(transition.event);
      expect(GridEventSchema.parse(transition.event)).toEqual(transition.event);
    }
    const red = sweepOverdue([amber.event], beijing('2026-03-02T16:40'), { calendar, policy })[0]!;
    expect(red.patches).toEqual([{ op: 'replace', path: ['flag'], value: 'red' }]);
  });

  it('does not parse again the events reportEvent, transitionEvent or a sweep returned (frozen), but does parse plain copies', () => {
    const events = [started('a'), started('b')];
    const at = beijing('2026-03-03T09:00');
    const swept = apply(events, at);
    const parse = vi.spyOn(GridEventSchema, 'safeParse');
    try {
      expect(sweepOverdue(swept, at, { calendar, policy })).toEqual([]);
      expect(parse).not.toHaveBeenCalled();
      const copies = swept.map((event) => structuredClone(event));
      expect(sweepOverdue(copies, at, { calendar, policy })).toEqual([]);
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
    expect(Object.isFrozen(swept[0]) && Object.isFrozen(swept[0]!.stageHistory) && Object.isFrozen(swept[0]!.deadline)).toBe(true);
    const tampered = { ...structuredClone(swept[0]!), escalationLevel: -1 };
    expect(expectCivicGridError(() => sweepOverdue([tampered], at, { calendar, policy }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['events', 0, 'escalationLevel']);
  });

  it('checks per event what transitionEvent checks: the role per command, the category and the instant', () => {
    // May escalate, may not flag: the first event needing a flag is refused, the overdue one alone is not.
    const escalateOnly = openPolicy({ commandRoles: { escalate: ['system'], flag: ['supervisor'] } });
    const event = started();
    expect(sweepOverdue([event], beijing('2026-03-03T09:00'), { calendar, policy: escalateOnly })).toHaveLength(1);
    expect(expectCivicGridError(() => sweepOverdue([event], beijing('2026-03-02T14:30'), { calendar, policy: escalateOnly }), 'FORBIDDEN').issues[0]?.path).toEqual(['command', 'actor', 'role']);
    // A category the policy's catalogue does not have (the event was checked against another catalogue).
    const otherCatalogue = openPolicy({ catalogue: { ...policy.catalogue, classes: policy.catalogue.classes.slice(1) } });
    expect(expectCivicGridError(() => sweepOverdue([event], beijing('2026-03-03T09:00'), { calendar, policy: otherCatalogue }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['event', 'category']);
    // Due before its stage was entered (stored data the schema accepts): a sweep between the two is before the stage.
    const dueEarly = { ...structuredClone(event), deadline: { ...event.deadline!, dueAt: beijing('2026-03-01T09:00').toISOString() } };
    expect(expectCivicGridError(() => sweepOverdue([dueEarly], beijing('2026-03-01T10:00'), { calendar, policy }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['at']);
  });

  it('looks a category up again unless the event was checked against this very catalogue', () => {
    const escalated = sweepOverdue([started()], beijing('2026-03-03T09:00'), { calendar, policy })[0]!.event;
    const later = beijing('2026-03-10T09:00');
    // The swept copy remembers the catalogue it was checked in; another catalogue without its class refuses it.
    const otherCatalogue = openPolicy({ catalogue: { ...policy.catalogue, classes: policy.catalogue.classes.slice(1) } });
    expect(expectCivicGridError(() => sweepOverdue([escalated], later, { calendar, policy: otherCatalogue }), 'VALIDATION_FAILED').issues[0]?.path).toEqual(['event', 'category']);
    // An equal catalogue that is another object: looked up, found, swept like the original.
    const equalCatalogue = openPolicy({ catalogue: structuredClone(policy.catalogue) });
    expect(sweepOverdue([escalated], later, { calendar, policy: equalCatalogue })).toEqual(sweepOverdue([escalated], later, { calendar, policy }));
  });

  it('shares the effects and patches of transitions made alike, frozen, so no caller can change another’s', () => {
    const swept = sweepOverdue([started('e1'), started('e2')], beijing('2026-03-03T09:00'), { calendar, policy });
    expect(swept).toHaveLength(2);
    for (const transition of swept) {
      expect(Object.isFrozen(transition.effects) && Object.isFrozen(transition.patches)).toBe(true);
      expect(() => (transition.effects as unknown[]).push({ type: 'notify' })).toThrow(TypeError);
    }
    expect(swept[1]!.effects).toEqual(swept[0]!.effects);
  });

  it('refuses a malformed actor before sweeping', () => {
    const error = expectCivicGridError(() => sweepOverdue([started()], beijing('2026-03-03T09:00'), { calendar, policy, actor: { id: '', role: 'system' } }), 'VALIDATION_FAILED');
    expect(error.issues[0]?.path).toEqual(['actor', 'id']);
  });
});
