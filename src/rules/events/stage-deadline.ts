import type { GridEventStatus, StageDeadline, WorkingAmount } from '../../model/grid-event.js';
import { addWorkingTime, workingTimeBetween, type WorkCalendar } from '../calendar/index.js';
import type { EventPolicy, EventSubclass } from './event-policy.js';

/** Amount → working time counted from `from` on `calendar`, as a deadline for `stage`. */
export function deadlineFrom(calendar: WorkCalendar, stage: GridEventStatus, from: Date, amount: WorkingAmount): StageDeadline {
  const due = addWorkingTime(calendar, from, amount);
  return { stage, dueAt: due.toISOString(), limitWorkingMs: Math.max(1, Math.round(workingTimeBetween(calendar, from, due))) };
}

export function remainingWorkingMs(calendar: WorkCalendar, deadline: StageDeadline, at: Date): number {
  const due = new Date(deadline.dueAt);
  return due.getTime() <= at.getTime() ? 0 : Math.round(workingTimeBetween(calendar, at, due));
}

/** The limit a stage gets on entry: the policy's per stage, the subclass's handling step for inProgress. */
export function stageLimit(policy: EventPolicy, subclass: EventSubclass, status: GridEventStatus, handlingStep: number): WorkingAmount | undefined {
  if (status === 'inProgress') return subclass.handlingLimits[handlingStep]?.amount;
  if (status === 'reported' || status === 'registered' || status === 'dispatched' || status === 'handled') return policy.stageLimits[status];
  return undefined;
}
