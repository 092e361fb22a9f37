import { applyPatches } from 'immer';
import { describe, expect, it } from 'vitest';
import {
  EventReportSchema,
  TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE,
  allowedEventCommands,
  closeWithDuplicates,
  createEventPolicy,
  transitionEvent,
  workingTimeBetween,
  type GridEvent,
} from '../../../src/index.js';
import { expectCivicGridError } from '../../support/expect-error.js';
import { DISPATCH, NEIGHBOUR_DISPUTE, beijing, calendar, openPolicy, report, run } from './event-fixtures.js';

const HOUR = 3_600_000;
const policy = openPolicy();

describe('transitionEvent: the closed loop', () => {
  it('reportEvent keeps every field a report has (it lists them rather than spreading the report)', () => {
    const full = { reporter: { name: '王芳', phone: '13800000000' }, location: { nodeId: 'g1', point: { x: 1, y: 2 } } };
    const event = report('e1', beijing('2026-03-02T09:00'), policy, full);
    const reportFields = Object.keys(EventReportSchema.shape);
    expect(Object.keys(event).filter((key) => reportFields.includes(key)).sort()).toEqual([...reportFields].sort());
    expect(event.reporter).toEqual(full.reporter);
    expect(event.location).toEqual(full.location);
  });

  it('goes reported → registered → dispatched → inProgress → handled → (rework) → closed → evaluated, keeping every stage timestamp', () => {
    const at = beijing('2026-03-02T09:00');
    let event = report('e1', at, policy, { reporter: { name: '王芳', phone: '13800000000' } });
    event = run(event, at, policy, { type: 'register' }, DISPATCH, { type: 'start' }, { type: 'handle' });
    expect(event.status).toBe('handled');
    const sentBack = transitionEvent(event, { type: 'sendBack', reason: 'still noisy' }, { at, calendar, policy });
    expect(sentBack.event.status).toBe('inProgress');
    expect(sentBack.event.reworkCount).toBe(1);
    expect(sentBack.effects).toContainEqual({ type: 'notify', to: 'assignee', reason: 'sendBack' });
    event = run(sentBack.event, at, policy, { type: 'handle' }, { type: 'close' }, { type: 'evaluate', score: 4 });
    expect(event.status).toBe('evaluated');
    expect(event.evaluation?.score).toBe(4);
    expect(event.stageHistory.map((entry) => entry.status)).toEqual([
      'reported',
      'registered',
      'dispatched',
      'inProgress',
      'handled',
      'inProgress',
      'handled',
      'closed',
      'evaluated',
    ]);
  });

  it('keeps handled apart from closed: a handled event still needs the check (close or sendBack)', () => {
    const at = beijing('2026-03-02T09:00');
    const handled = run(report('e1', at, policy), at, policy, { type: 'register' }, DISPATCH, { type: 'start' }, { type: 'handle' });
    expect(handled.status).toBe('handled');
    expect(allowedEventCommands('handled')).toEqual(expect.arrayContaining(['close', 'sendBack']));
    expect(handled.deadline?.stage).toBe('handled');
  });

  it('a dispute registered Friday 2026-02-13 16:00 with a 1-working-day limit is due Saturday 16:00 (a make-up workday)', () => {
    const friday = beijing('2026-02-13T16:00');
    const daily = openPolicy({ stageLimits: { registered: { days: 1 } } });
    const { event, effects } = transitionEvent(report('e1', friday, daily), { type: 'register' }, { at: friday, calendar, policy: daily });
    expect(event.deadline?.dueAt).toBe(beijing('2026-02-14T16:00').toISOString());
    expect(event.deadline?.limitWorkingMs).toBe(7 * HOUR);
    expect(effects).toContainEqual({ type: 'deadlineSet', deadline: event.deadline });
  });

  it('the neighbour-dispute handling limit (1 working day) runs from the start of handling', () => {
    const friday = beijing('2026-02-13T16:00');
    const event = run(report('e1', friday, policy), friday, policy, { type: 'register' }, DISPATCH, { type: 'start' });
    expect(event.deadline).toEqual({ stage: 'inProgress', dueAt: beijing('2026-02-14T16:00').toISOString(), limitWorkingMs: 7 * HOUR });
  });

  it('a deferral pauses the clock and resume adds the working time left from the resume instant', () => {
    const started = run(report('e1', beijing('2026-02-13T10:00'), policy), beijing('2026-02-13T10:00'), policy, { type: 'register' }, DISPATCH, { type: 'start' });
    expect(started.deadline?.dueAt).toBe(beijing('2026-02-14T10:00').toISOString());
    const deferred = transitionEvent(started, { type: 'defer', reason: 'party abroad' }, { at: beijing('2026-02-13T11:00'), calendar, policy });
    // Left: Fri 11:00–12:00, 14:00–17:30, Sat 08:30–10:00 = 6 h.
    expect(deferred.event.deferrals[0]?.remainingWorkingMs).toBe(6 * HOUR);
    expect(deferred.effects).toContainEqual({ type: 'clockPaused', remainingWorkingMs: 6 * HOUR });
    // The Spring Festival break (02-15..23) passes while deferred; Tuesday 02-24 09:00 + 6 h = 17:00.
    const resumed = transitionEvent(deferred.event, { type: 'resume' }, { at: beijing('2026-02-24T09:00'), calendar, policy });
    expect(resumed.event.status).toBe('inProgress');
    expect(resumed.event.deadline?.dueAt).toBe(beijing('2026-02-24T17:00').toISOString());
    expect(resumed.event.deferrals[0]?.resumedAt).toBe(beijing('2026-02-24T09:00').toISOString());
  });

  it('an approved extension adds working time to the running deadline and to its limit', () => {
    const at = beijing('2026-03-02T09:00');
    const started = run(report('e1', at, policy), at, policy, { type: 'register' }, DISPATCH, { type: 'start' });
    const extended = transitionEvent(
      started,
      { type: 'extend', amount: { hours: 2 }, reason: 'awaiting mediator', actor: { id: 'lead-7', role: 'supervisor' } },
      { at, calendar, policy },
    ).event;
    expect(extended.deadline?.dueAt).toBe(beijing('2026-03-03T11:00').toISOString());
    expect(extended.deadline?.limitWorkingMs).toBe(started.deadline!.limitWorkingMs + 2 * HOUR);
    expect(extended.extensions).toEqual([{ at: at.toISOString(), amount: { hours: 2 }, reason: 'awaiting mediator', approvedBy: 'lead-7' }]);
  });

  it('a subclass with staged limits takes completeStep between steps and handle only at the last', () => {
    const at = beijing('2026-03-02T09:00');
    const fireHazard = { classCode: '02', subclassCode: '02' };
    const started = run(report('e1', at, policy, { category: fireHazard }), at, policy, { type: 'register' }, DISPATCH, { type: 'start' });
    expect(started.deadline?.dueAt).toBe(beijing('2026-03-02T11:00').toISOString());
    const early = expectCivicGridError(() => transitionEvent(started, { type: 'handle' }, { at, calendar, policy }), 'INVALID_TRANSITION');
    expect(early.message).toContain('completeStep');
    const second = transitionEvent(started, { type: 'completeStep' }, { at, calendar, policy }).event;
    expect(second.handlingStep).toBe(1);
    expect(second.deadline?.dueAt).toBe(beijing('2026-03-05T09:00').toISOString());
    expectCivicGridError(() => transitionEvent(second, { type: 'completeStep' }, { at, calendar, policy }), 'INVALID_TRANSITION');
    expect(transitionEvent(second, { type: 'handle' }, { at, calendar, policy }).event.status).toBe('handled');
  });

  it('reopens within the window (72 h wall clock) and refuses after it', () => {
    const at = beijing('2026-03-02T09:00');
    const closed = run(report('e1', at, policy), at, policy, { type: 'register' }, DISPATCH, { type: 'start' }, { type: 'handle' }, { type: 'close' });
    const reopened = transitionEvent(closed, { type: 'reopen', reason: 'noise is back' }, { at: new Date(at.getTime() + 72 * HOUR), calendar, policy });
    expect(reopened.event.status).toBe('registered');
    const late = expectCivicGridError(
      () => transitionEvent(closed, { type: 'reopen', reason: 'noise is back' }, { at: new Date(at.getTime() + 72 * HOUR + 1), calendar, policy }),
      'INVALID_TRANSITION',
    );
    expect(late.issues[0]?.path).toEqual(['at']);
  });

  it('returns immer patches that turn the old event into the new one', () => {
    const at = beijing('2026-03-02T09:00');
    const event = report('e1', at, policy);
    const { event: next, patches } = transitionEvent(event, { type: 'register' }, { at, calendar, policy });
    expect(applyPatches(event, patches)).toEqual(next);
  });
});

describe('transitionEvent: duplicates', () => {
  it('markDuplicate links to the original; closeWithDuplicates closes the waiting duplicates and lists them', () => {
    const at = beijing('2026-03-02T09:00');
    const original = run(report('orig', at, policy), at, policy, { type: 'register' }, DISPATCH, { type: 'start' }, { type: 'handle' });
    const copy = transitionEvent(report('copy', at, policy), { type: 'markDuplicate', originalId: 'orig' }, { at, calendar, policy });
    expect(copy.event).toMatchObject({ status: 'duplicate', duplicateOf: 'orig' });
    expect(copy.effects).toContainEqual({ type: 'duplicateLinked', originalId: 'orig' });
    const other = report('other', at, policy);
    const result = closeWithDuplicates(original, [copy.event, other, original], { type: 'close' }, { at, calendar, policy });
    expect(result.original.event.status).toBe('closed');
    expect(result.duplicates.map((d) => [d.eventId, d.event.status])).toEqual([['copy', 'closedAsDuplicate']]);
    expect(result.original.effects).toContainEqual({ type: 'duplicatesClosed', originalId: 'orig', duplicateIds: ['copy'] });
  });

  it('closeWithDuplicates refuses an original that is not handled yet', () => {
    const at = beijing('2026-03-02T09:00');
    const copy = transitionEvent(report('copy', at, policy), { type: 'markDuplicate', originalId: 'orig' }, { at, calendar, policy }).event;
    const error = expectCivicGridError(() => closeWithDuplicates(report('orig', at, policy), [copy], { type: 'close' }, { at, calendar, policy }), 'INVALID_TRANSITION');
    expect(error.message).toContain('allowed from reported');
  });

  it('refuses an event marked as its own duplicate', () => {
    const at = beijing('2026-03-02T09:00');
    const error = expectCivicGridError(() => transitionEvent(report('e1', at, policy), { type: 'markDuplicate', originalId: 'e1' }, { at, calendar, policy }), 'VALIDATION_FAILED');
    expect(error.issues[0]?.path).toEqual(['command', 'originalId']);
  });
});

describe('transitionEvent: bad input', () => {
  const at = beijing('2026-03-02T09:00');

  it('a command from the wrong state is INVALID_TRANSITION naming the allowed commands', () => {
    const error = expectCivicGridError(() => transitionEvent(report('e1', at, policy), { type: 'close' }, { at, calendar, policy }), 'INVALID_TRANSITION');
    expect(error.message).toContain('allowed from reported: register, reject, markDuplicate, escalate, flag');
  });

  it('a final status allows nothing', () => {
    const rejected = run(report('e1', at, policy), at, policy, { type: 'reject', reason: 'not our matter' });
    expect(expectCivicGridError(() => transitionEvent(rejected, { type: 'register' }, { at, calendar, policy }), 'INVALID_TRANSITION').message).toContain(
      'notRegistered is final',
    );
  });

  it('an unknown category is VALIDATION_FAILED at event.category', () => {
    const event: GridEvent = { ...report('e1', at, policy), category: { classCode: '09', subclassCode: '01' } };
    expect(expectCivicGridError(() => transitionEvent(event, { type: 'register' }, { at, calendar, policy }), 'VALIDATION_FAILED').issues[0]?.path).toEqual([
      'event',
      'category',
    ]);
  });

  it('a malformed command, a time before the current stage and an invalid date are VALIDATION_FAILED with their paths', () => {
    const event = report('e1', at, policy);
    const badScore = expectCivicGridError(() => transitionEvent(event, { type: 'evaluate', score: 9 }, { at, calendar, policy }), 'VALIDATION_FAILED');
    expect(badScore.issues[0]?.path).toEqual(['command', 'score']);
    const early = expectCivicGridError(() => transitionEvent(event, { type: 'register' }, { at: new Date(at.getTime() - 1), calendar, policy }), 'VALIDATION_FAILED');
    expect(early.issues[0]?.path).toEqual(['at']);
    expectCivicGridError(() => transitionEvent(event, { type: 'register' }, { at: new Date(Number.NaN), calendar, policy }), 'VALIDATION_FAILED');
  });

  it('a role outside policy.commandRoles is FORBIDDEN', () => {
    const strict = createEventPolicy({ catalogue: TONGCHUAN_SOCIAL_GOVERNANCE_CATALOGUE });
    const event = report('e1', at, strict);
    expectCivicGridError(() => transitionEvent(event, { type: 'register' }, { at, calendar, policy: strict }), 'FORBIDDEN');
    expectCivicGridError(() => transitionEvent(event, { type: 'register', actor: { id: 'w1', role: 'gridWorker' } }, { at, calendar, policy: strict }), 'FORBIDDEN');
    expect(transitionEvent(event, { type: 'register', actor: { id: 's1', role: 'supervisor' } }, { at, calendar, policy: strict }).event.status).toBe('registered');
  });

  it('escalating past the top of the chain is INVALID_TRANSITION', () => {
    const short = openPolicy({ escalation: [{ to: 'community', limit: { hours: 4 } }] });
    const escalated = run(report('e1', at, short), at, short, { type: 'escalate' });
    expect(escalated.escalationLevel).toBe(1);
    expect(workingTimeBetween(calendar, at, new Date(escalated.deadline!.dueAt))).toBe(4 * HOUR);
    expectCivicGridError(() => transitionEvent(escalated, { type: 'escalate' }, { at, calendar, policy: short }), 'INVALID_TRANSITION');
  });

  it('leaves the input event untouched', () => {
    const event = report('e1', at, policy);
    const before = structuredClone(event);
    transitionEvent(event, { type: 'register' }, { at, calendar, policy });
    expect(event).toEqual(before);
    expect(NEIGHBOUR_DISPUTE.classCode).toBe('01');
  });
});

describe('transitionEvent: milestones for KPIs', () => {
  const step = (event: GridEvent, command: Parameters<typeof transitionEvent>[1], local: string): GridEvent => transitionEvent(event, command, { at: beijing(local), calendar, policy }).event;
  /** Reported Monday 2026-03-02 09:00, handling started at 10:00 (due Tuesday 10:00). */
  const inProgress = (): GridEvent => {
    const reported = report('m1', beijing('2026-03-02T09:00'), policy);
    return run(reported, beijing('2026-03-02T10:00'), policy, { type: 'register' }, DISPATCH, { type: 'start' });
  };

  it('keeps the handling deadline at feedback and whether it was met, reads the working clock at close, and a reopen drops the close', () => {
    const handled = step(inProgress(), { type: 'handle' }, '2026-03-03T09:00');
    expect(handled.milestones).toMatchObject({ reportedAt: beijing('2026-03-02T09:00').toISOString(), handlingDueAt: beijing('2026-03-03T10:00').toISOString(), handlingOnTime: true });
    const closed = step(handled, { type: 'close' }, '2026-03-03T10:00');
    expect(closed.milestones?.closedAt).toBe(beijing('2026-03-03T10:00').toISOString());
    expect(closed.milestones?.workingClock).toEqual({ reported: 0, closed: workingTimeBetween(calendar, beijing('2026-03-02T09:00'), beijing('2026-03-03T10:00')) });
    const reopened = step(closed, { type: 'reopen', reason: 'noise again' }, '2026-03-04T10:00');
    expect(reopened.milestones).not.toHaveProperty('closedAt');
    expect(reopened.milestones?.workingClock).toEqual({ reported: 0 });
    expect(reopened.milestones?.registeredAt).toBe(closed.milestones?.registeredAt);
  });

  it('a round fed back late or escalated in handling is no longer on time, even after rework on time', () => {
    const late = step(inProgress(), { type: 'handle' }, '2026-03-03T11:00');
    expect(late.milestones?.handlingOnTime).toBe(false);
    const reworked = step(step(late, { type: 'sendBack', reason: 'not fixed' }, '2026-03-03T11:30'), { type: 'handle' }, '2026-03-03T14:00');
    expect(reworked.milestones).toMatchObject({ handlingOnTime: false, reworked: true });
    const escalated = step(inProgress(), { type: 'escalate' }, '2026-03-03T10:00');
    expect(escalated.milestones?.handlingOnTime).toBe(false);
    expect(step(escalated, { type: 'handle' }, '2026-03-03T11:00').milestones?.handlingOnTime).toBe(false);
  });

  it('an event stored without milestones gets them from its history at its next transition', () => {
    const { milestones, ...legacy } = inProgress();
    const next = step(legacy as GridEvent, { type: 'handle' }, '2026-03-03T09:00');
    expect(next.milestones).toEqual({ ...milestones, handledAt: beijing('2026-03-03T09:00').toISOString(), handlingDueAt: beijing('2026-03-03T10:00').toISOString(), handlingOnTime: true });
  });
});
