import type { GridEvent, GridEventMilestones, StageEntry } from '../../model/grid-event.js';
import { workingTimeBetween, type WorkCalendar } from '../calendar/index.js';
import type { EventCommandType } from './event-command.js';

/** The milestones of a new report at `reportedAt`. */
export function reportedMilestones(reportedAt: string): GridEventMilestones {
  return { reportedAt, reworked: false, extended: false, deferred: false, workingClock: { reported: 0 } };
}

/**
 * Milestones rebuilt from the history, for an event stored before they existed. handlingOnTime,
 * handlingDueAt and the working clock's close reading cannot be told from it and stay absent.
 */
export function milestonesFromHistory(event: GridEvent): GridEventMilestones {
  const first = (status: StageEntry['status']): string | undefined => event.stageHistory.find((entry) => entry.status === status)?.at;
  const last = (status: StageEntry['status']): string | undefined => event.stageHistory.findLast((entry) => entry.status === status)?.at;
  const registeredAt = first('registered');
  const dispatchedAt = first('dispatched');
  const handledAt = last('handled');
  const closedAt = event.status === 'closed' || event.status === 'evaluated' ? last('closed') : undefined;
  return {
    ...reportedMilestones((event.stageHistory[0] as StageEntry).at),
    ...(registeredAt === undefined ? {} : { registeredAt }),
    ...(dispatchedAt === undefined ? {} : { dispatchedAt }),
    ...(handledAt === undefined ? {} : { handledAt }),
    ...(closedAt === undefined ? {} : { closedAt }),
    reworked: event.reworkCount > 0,
    extended: event.extensions.length > 0,
    deferred: event.deferrals.length > 0,
  };
}

/**
 * `source` off time (handlingOnTime false), written field by field in the schema's order by a
 * constructor, as GridEventCopy does and for the same reason: a sweep makes one per escalated handling
 * round, and an Object.assign copy keeps four fields in the object and the rest in a second array.
 */
const OffTimeMilestones = function (this: GridEventMilestones, source: GridEventMilestones): void {
  this.reportedAt = source.reportedAt;
  if (source.registeredAt !== undefined) this.registeredAt = source.registeredAt;
  if (source.dispatchedAt !== undefined) this.dispatchedAt = source.dispatchedAt;
  if (source.handledAt !== undefined) this.handledAt = source.handledAt;
  if (source.handlingDueAt !== undefined) this.handlingDueAt = source.handlingDueAt;
  this.handlingOnTime = false;
  if (source.closedAt !== undefined) this.closedAt = source.closedAt;
  this.reworked = source.reworked;
  this.extended = source.extended;
  this.deferred = source.deferred;
  this.workingClock = source.workingClock;
} as unknown as new (source: GridEventMilestones) => GridEventMilestones;
OffTimeMilestones.prototype = Object.prototype;

/** The milestones of an event escalated at `status`: escalating a handling round means it missed its deadline. */
export function escalatedMilestones(event: GridEvent): GridEventMilestones | undefined {
  // Already off time (a second escalation of the round): unchanged, so no milestones patch.
  if (event.status !== 'inProgress' || event.milestones?.handlingOnTime === false) return event.milestones;
  return new OffTimeMilestones(event.milestones ?? milestonesFromHistory(event));
}

/**
 * The milestones after `command` was applied to `event` at `at` (the command was accepted). At a
 * feedback (handle) the handling deadline then in force is kept, and whether it was met; at a close
 * the working clock is read with the calendar.
 */
export function nextMilestones(event: GridEvent, command: EventCommandType, at: Date, calendar: WorkCalendar): GridEventMilestones {
  const milestones: GridEventMilestones = Object.assign({}, event.milestones ?? milestonesFromHistory(event));
  const atIso = at.toISOString();
  switch (command) {
    case 'register':
      milestones.registeredAt ??= atIso;
      break;
    case 'dispatch':
      milestones.dispatchedAt ??= atIso;
      break;
    case 'handle': {
      const dueAt = event.deadline?.dueAt;
      milestones.handledAt = atIso;
      if (dueAt === undefined) delete milestones.handlingDueAt;
      else milestones.handlingDueAt = dueAt;
      milestones.handlingOnTime = (milestones.handlingOnTime ?? true) && (dueAt === undefined || at.getTime() <= Date.parse(dueAt));
      break;
    }
    case 'close':
      milestones.closedAt = atIso;
      milestones.workingClock = { reported: 0, closed: Math.round(workingTimeBetween(calendar, new Date(milestones.reportedAt), at)) };
      break;
    case 'reopen':
      delete milestones.closedAt;
      milestones.workingClock = { reported: 0 };
      break;
    case 'sendBack':
      milestones.reworked = true;
      break;
    case 'extend':
      milestones.extended = true;
      break;
    case 'defer':
      milestones.deferred = true;
      break;
    default:
      break;
  }
  return milestones;
}
