import { Immer, enablePatches, type Draft, type Patch } from 'immer';
import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import type { Level } from '../../model/level.js';
import type { DeadlineFlag, GridEvent, GridEventStatus, StageDeadline, WorkingAmount } from '../../model/grid-event.js';
import { addWorkingTime, workingTimeBetween, type WorkCalendar } from '../calendar/index.js';
import { checkedGridEvent, markCheckedGridEvent, stageEnteredMs } from './checked-grid-event.js';
import { DeadlineTransitions } from './deadline-transitions.js';
import { nextMilestones } from './event-milestones.js';
import { deadlineFrom, remainingWorkingMs, stageLimit } from './stage-deadline.js';
import { EventCommandSchema, type EventCommand, type EventCommandType } from './event-command.js';
import { checkedEventPolicy, findEventSubclass, type EventPolicy } from './event-policy.js';

enablePatches();
// Not frozen by immer: markCheckedGridEvent marks the new event before freezing what is new in it.
const immer = new Immer({ autoFreeze: false });

const HOUR_MS = 3_600_000;

/** What the caller should do after a transition: plain data, applied by the app (notify, schedule…). */
export type EventEffect =
  | { type: 'stageEntered'; status: GridEventStatus; at: string }
  | { type: 'deadlineSet'; deadline: StageDeadline }
  | { type: 'deadlineCleared'; stage: GridEventStatus }
  | { type: 'clockPaused'; remainingWorkingMs?: number }
  | { type: 'escalated'; fromLevel: number; toLevel: number; to: Level }
  | { type: 'flagged'; flag: DeadlineFlag }
  | { type: 'notify'; to: 'assignee' | 'reporter' | Level; reason: EventCommandType }
  | { type: 'duplicateLinked'; originalId: string }
  | { type: 'duplicatesClosed'; originalId: string; duplicateIds: string[] };

/** What a grid-event transition needs besides the event and command: the time, the work calendar and the policy. */
export interface EventContext {
  at: Date;
  calendar: WorkCalendar;
  policy: EventPolicy;
}

/**
 * The new event (frozen), its effects, and immer patches from the old event to the new one. The lists are
 * read-only: transitions made at one instant share them (a sweep's 80k escalations, one list per level and stage).
 */
export interface EventTransition {
  event: GridEvent;
  effects: readonly EventEffect[];
  patches: readonly Patch[];
}

/** Statuses from which each command may be issued. */
const COMMAND_FROM: Readonly<Record<EventCommandType, readonly GridEventStatus[]>> = {
  register: ['reported'],
  reject: ['reported'],
  // From dispatched too: a reassignment.
  dispatch: ['registered', 'dispatched'],
  start: ['dispatched'],
  completeStep: ['inProgress'],
  handle: ['inProgress'],
  close: ['handled'],
  sendBack: ['handled'],
  evaluate: ['closed'],
  reopen: ['closed', 'evaluated'],
  extend: ['dispatched', 'inProgress'],
  defer: ['registered', 'dispatched', 'inProgress'],
  resume: ['deferred'],
  markDuplicate: ['reported', 'registered'],
  closeAsDuplicate: ['duplicate'],
  escalate: ['reported', 'registered', 'dispatched', 'inProgress', 'handled'],
  flag: ['reported', 'registered', 'dispatched', 'inProgress', 'handled'],
};

/** The commands an event in `status` accepts. */
export function allowedEventCommands(status: GridEventStatus): EventCommandType[] {
  return (Object.keys(COMMAND_FROM) as EventCommandType[]).filter((type) => COMMAND_FROM[type].includes(status));
}

function invalidTransition(event: GridEvent, command: EventCommand, why: string, path: Issue['path'] = ['command', 'type']): CivicGridError {
  const allowed = allowedEventCommands(event.status);
  const instead = allowed.length === 0 ? `${event.status} is final` : `allowed from ${event.status}: ${allowed.join(', ')}`;
  return new CivicGridError('INVALID_TRANSITION', `Grid event "${event.id}": cannot ${command.type}: ${why} (${instead})`, {
    issues: [{ path, message: `${why} (${instead})` }],
  });
}

function parseInput<S extends z.ZodType>(schema: S, input: unknown, path: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw CivicGridError.validation(`Grid event ${path}`, zodIssuesToIssues(result.error, [path]), result.error);
  return result.data;
}

/**
 * Applies one command to a grid event: pure, no clock (the time is `context.at`). Deadlines are fixed
 * when a stage is entered and counted in the calendar's working time; a deferral pauses the clock and
 * keeps the working time left; an extension adds working time to the running deadline.
 * Throws VALIDATION_FAILED (bad event, command, time or category), FORBIDDEN (role not allowed by
 * policy.commandRoles) or INVALID_TRANSITION (naming the commands allowed instead).
 */
export function transitionEvent(eventInput: GridEvent, commandInput: EventCommand, context: EventContext): EventTransition {
  const event = checkedGridEvent(eventInput, 'Grid event event', ['event']);
  const command = parseInput(EventCommandSchema, commandInput, 'command');
  const at = context.at;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw CivicGridError.validation('Grid event transition', [{ path: ['at'], message: 'must be a valid Date' }]);
  }
  return transitionCheckedEvent(event, command, { at, calendar: context.calendar, policy: checkedEventPolicy(context.policy) });
}

/**
 * transitionEvent for an event already checked (see checkedGridEvent), a parsed command, a valid
 * `at` and a checked policy: what sweepOverdue runs per escalating event, without re-validating.
 * A sweep passes one `deadlines` for all its events, so what they share is made once.
 */
export function transitionCheckedEvent(
  event: GridEvent,
  command: EventCommand,
  context: EventContext,
  deadlines = new DeadlineTransitions(context.at, context.calendar, context.policy),
): EventTransition {
  const { at, calendar, policy } = context;
  const subclass = findEventSubclass(policy, event.category);
  if (subclass === undefined) {
    throw CivicGridError.validation('Grid event', [
      { path: ['event', 'category'], message: `${event.category.classCode}/${event.category.subclassCode} is not in catalogue ${policy.catalogue.id}` },
    ]);
  }
  const lastEntered = event.stageHistory[event.stageHistory.length - 1];
  // NaN (no history) compares false.
  if (lastEntered !== undefined && at.getTime() < stageEnteredMs(event)) {
    throw CivicGridError.validation('Grid event transition', [{ path: ['at'], message: `is before the current stage was entered (${lastEntered.at})` }]);
  }

  const roles = policy.commandRoles[command.type];
  if (roles !== undefined && (command.actor === undefined || !roles.includes(command.actor.role))) {
    throw new CivicGridError('FORBIDDEN', `Grid event "${event.id}": ${command.type} needs one of the roles ${roles.join(', ')}`, {
      issues: [{ path: ['command', 'actor', 'role'], message: `must be one of ${roles.join(', ')}` }],
    });
  }
  if (!COMMAND_FROM[command.type].includes(event.status)) throw invalidTransition(event, command, `not from ${event.status}`);

  if (command.type === 'escalate') {
    const escalated = deadlines.escalate(event);
    if (escalated === undefined) throw invalidTransition(event, command, `already at the top of the escalation chain (level ${event.escalationLevel})`);
    return escalated;
  }
  if (command.type === 'flag') return deadlines.flag(event, command.flag);

  const atIso = at.toISOString();
  const effects: EventEffect[] = [];

  const setDeadline = (draft: Draft<GridEvent>, stage: GridEventStatus, amount: WorkingAmount | undefined): void => {
    if (amount === undefined) {
      if (draft.deadline !== undefined) effects.push({ type: 'deadlineCleared', stage: draft.deadline.stage });
      delete draft.deadline;
      return;
    }
    draft.deadline = deadlineFrom(calendar, stage, at, amount);
    effects.push({ type: 'deadlineSet', deadline: { ...draft.deadline } });
  };
  /** Enters a stage: its timestamp, a fresh clock (no flag) and its own limit. */
  const enter = (draft: Draft<GridEvent>, status: GridEventStatus): void => {
    draft.status = status;
    draft.stageHistory.push({ status, at: atIso });
    delete draft.flag;
    effects.push({ type: 'stageEntered', status, at: atIso });
    setDeadline(draft, status, stageLimit(policy, subclass, status, draft.handlingStep));
  };
  const notifyReporter = (): void => {
    if (event.reporter !== undefined) effects.push({ type: 'notify', to: 'reporter', reason: command.type });
  };

  const applyCommand = (draft: Draft<GridEvent>): void => {
    switch (command.type) {
      case 'register':
        enter(draft, 'registered');
        return;
      case 'reject':
        enter(draft, 'notRegistered');
        notifyReporter();
        return;
      case 'dispatch':
        draft.assignee = command.assignee;
        draft.handlingStep = 0;
        enter(draft, 'dispatched');
        effects.push({ type: 'notify', to: 'assignee', reason: 'dispatch' });
        return;
      case 'start':
        enter(draft, 'inProgress');
        return;
      case 'completeStep': {
        if (draft.handlingStep + 1 >= subclass.handlingLimits.length) throw invalidTransition(event, command, 'this is the last handling step: use handle');
        draft.handlingStep += 1;
        delete draft.flag;
        setDeadline(draft, 'inProgress', stageLimit(policy, subclass, 'inProgress', draft.handlingStep));
        return;
      }
      case 'handle':
        if (draft.handlingStep + 1 < subclass.handlingLimits.length) {
          throw invalidTransition(event, command, `handling step ${draft.handlingStep + 1} of ${subclass.handlingLimits.length} is not the last: use completeStep`);
        }
        enter(draft, 'handled');
        return;
      case 'close':
        enter(draft, 'closed');
        notifyReporter();
        return;
      case 'sendBack':
        draft.reworkCount += 1;
        enter(draft, 'inProgress');
        effects.push({ type: 'notify', to: 'assignee', reason: 'sendBack' });
        return;
      case 'evaluate':
        draft.evaluation = { at: atIso, score: command.score, ...(command.comment === undefined ? {} : { comment: command.comment }) };
        enter(draft, 'evaluated');
        return;
      case 'reopen': {
        const closedAt = [...event.stageHistory].reverse().find((entry) => entry.status === 'closed')?.at;
        const closedMs = closedAt === undefined ? Number.NaN : Date.parse(closedAt);
        if (!(at.getTime() - closedMs <= policy.reopenWindowMs)) {
          throw invalidTransition(event, command, `the reopen window of ${policy.reopenWindowMs / HOUR_MS} h after closing (${closedAt ?? 'never'}) has passed`, ['at']);
        }
        delete draft.evaluation;
        enter(draft, 'registered');
        return;
      }
      case 'extend': {
        const deadline = draft.deadline;
        if (deadline === undefined) throw invalidTransition(event, command, `the ${event.status} stage has no deadline to extend`);
        const due = addWorkingTime(calendar, new Date(deadline.dueAt), command.amount);
        deadline.limitWorkingMs += Math.round(workingTimeBetween(calendar, new Date(deadline.dueAt), due));
        deadline.dueAt = due.toISOString();
        draft.extensions.push({ at: atIso, amount: command.amount, reason: command.reason, ...(command.actor === undefined ? {} : { approvedBy: command.actor.id }) });
        delete draft.flag;
        effects.push({ type: 'deadlineSet', deadline: { ...deadline } });
        return;
      }
      case 'defer': {
        const remaining = draft.deadline === undefined ? undefined : remainingWorkingMs(calendar, draft.deadline, at);
        draft.deferrals.push({ from: event.status, pausedAt: atIso, reason: command.reason, ...(remaining === undefined ? {} : { remainingWorkingMs: remaining }) });
        // The paused stage's deadline stays on record; sweeps skip deferred events.
        draft.status = 'deferred';
        draft.stageHistory.push({ status: 'deferred', at: atIso });
        effects.push({ type: 'stageEntered', status: 'deferred', at: atIso }, remaining === undefined ? { type: 'clockPaused' } : { type: 'clockPaused', remainingWorkingMs: remaining });
        return;
      }
      case 'resume': {
        const deferral = draft.deferrals[draft.deferrals.length - 1];
        if (deferral === undefined) throw invalidTransition(event, command, 'no deferral is recorded');
        deferral.resumedAt = atIso;
        draft.status = deferral.from;
        draft.stageHistory.push({ status: deferral.from, at: atIso });
        effects.push({ type: 'stageEntered', status: deferral.from, at: atIso });
        if (draft.deadline !== undefined && deferral.remainingWorkingMs !== undefined) {
          // The clock restarts from the resume instant with the working time that was left (none left: due at once).
          const due = addWorkingTime(calendar, at, { hours: deferral.remainingWorkingMs / HOUR_MS });
          draft.deadline.dueAt = due.toISOString();
          effects.push({ type: 'deadlineSet', deadline: { ...draft.deadline } });
        }
        return;
      }
      case 'markDuplicate':
        if (command.originalId === event.id) {
          throw CivicGridError.validation('Grid event command', [{ path: ['command', 'originalId'], message: 'an event cannot duplicate itself' }]);
        }
        draft.duplicateOf = command.originalId;
        // The original's deadline governs from now on.
        enter(draft, 'duplicate');
        effects.push({ type: 'duplicateLinked', originalId: command.originalId });
        notifyReporter();
        return;
      case 'closeAsDuplicate':
        enter(draft, 'closedAsDuplicate');
        notifyReporter();
        return;
    }
  };
  const [next, patches] = immer.produceWithPatches(event, (draft) => {
    applyCommand(draft);
    draft.milestones = nextMilestones(event, command.type, at, calendar);
  });
  return { event: markCheckedGridEvent(next, policy.catalogue), effects, patches };
}
