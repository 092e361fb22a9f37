import type { DeadlineFlag, GridEvent, GridEventMilestones, StageDeadline } from '../../model/grid-event.js';

interface GridEventCopyConstructor {
  new (source: GridEvent, escalationLevel: number, deadline: StageDeadline | undefined, flag: DeadlineFlag | undefined, milestones: GridEventMilestones | undefined): GridEvent;
}

/**
 * `source` with a new escalation level, deadline, flag and milestones (each left out when undefined),
 * written field by field in the schema's order by a constructor. A sweep copies tens of thousands of
 * events, and allocating them is most of its time: a spread or Object.assign copy keeps four fields in
 * the object and the rest in a second array, while V8 sizes objects built by `new` to hold every
 * field, and gives every copy with the same fields one hidden class whatever the source's key order.
 * Its prototype is Object.prototype, so a copy is a plain object like any other event.
 */
const GridEventCopy = function (
  this: GridEvent,
  source: GridEvent,
  escalationLevel: number,
  deadline: StageDeadline | undefined,
  flag: DeadlineFlag | undefined,
  milestones: GridEventMilestones | undefined,
): void {
  this.id = source.id;
  this.category = source.category;
  this.description = source.description;
  this.location = source.location;
  this.source = source.source;
  if (source.reporter !== undefined) this.reporter = source.reporter;
  this.status = source.status;
  if (source.assignee !== undefined) this.assignee = source.assignee;
  if (deadline !== undefined) this.deadline = deadline;
  this.escalationLevel = escalationLevel;
  if (flag !== undefined) this.flag = flag;
  this.handlingStep = source.handlingStep;
  if (source.duplicateOf !== undefined) this.duplicateOf = source.duplicateOf;
  this.reworkCount = source.reworkCount;
  this.extensions = source.extensions;
  this.deferrals = source.deferrals;
  if (source.evaluation !== undefined) this.evaluation = source.evaluation;
  this.stageHistory = source.stageHistory;
  if (milestones !== undefined) this.milestones = milestones;
} as unknown as GridEventCopyConstructor;
GridEventCopy.prototype = Object.prototype;

/** `source` escalated to `escalationLevel` with `deadline` and `milestones`, unflagged (a new deadline starts unflagged). */
export function escalatedGridEventCopy(source: GridEvent, escalationLevel: number, deadline: StageDeadline, milestones: GridEventMilestones | undefined): GridEvent {
  return new GridEventCopy(source, escalationLevel, deadline, undefined, milestones);
}

/** `source` carrying `flag` on its running deadline. */
export function flaggedGridEventCopy(source: GridEvent, flag: DeadlineFlag): GridEvent {
  return new GridEventCopy(source, source.escalationLevel, source.deadline, flag, source.milestones);
}
