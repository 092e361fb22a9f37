import { CivicGridError } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { GridEventSchema, type DeadlineFlag, type GridEvent } from '../../model/grid-event.js';
import { workingTimeBetween, type WorkCalendar } from '../calendar/index.js';
import type { EventActor, EventCommand } from './event-command.js';
import { checkedEventPolicy, type EventPolicy } from './event-policy.js';
import { transitionEvent, type EventTransition } from './transition-event.js';

export interface SweepOptions {
  calendar: WorkCalendar;
  policy: EventPolicy;
  /** Who the sweep acts as; its role must be allowed to escalate and flag. */
  actor?: EventActor;
}

export interface SweepTransition extends EventTransition {
  eventId: string;
  command: EventCommand;
}

const SWEEP_ACTOR: EventActor = { id: 'sweepOverdue', role: 'system' };
const TIMED_STATUSES = new Set<string>(['reported', 'registered', 'dispatched', 'inProgress', 'handled']);
const FLAG_RANK: Readonly<Record<DeadlineFlag, number>> = { amber: 1, red: 2 };

/**
 * The flag `event` should carry at `at`: red once the share of its stage's working-time limit used
 * reaches policy.flags.red (or it is overdue), amber from policy.flags.amber.
 */
export function deadlineFlagAt(event: GridEvent, at: Date, calendar: WorkCalendar, policy: EventPolicy): DeadlineFlag | undefined {
  const deadline = event.deadline;
  if (deadline === undefined) return undefined;
  const due = new Date(deadline.dueAt);
  if (at.getTime() >= due.getTime()) return 'red';
  const used = 1 - workingTimeBetween(calendar, at, due) / deadline.limitWorkingMs;
  if (used >= policy.flags.red) return 'red';
  return used >= policy.flags.amber ? 'amber' : undefined;
}

/**
 * The transitions that bring `events` up to date at `at`: an overdue event escalates one level up the
 * policy's chain (with that level's new limit); one at the top of the chain, or nearing its deadline,
 * is flagged amber or red. Pure and idempotent: applying the result and sweeping again at the same
 * `at` yields nothing. Deferred and duplicate events are skipped (their clock is paused or borrowed).
 */
export function sweepOverdue(events: readonly GridEvent[], at: Date, options: SweepOptions): SweepTransition[] {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw CivicGridError.validation('sweepOverdue', [{ path: ['at'], message: 'must be a valid Date' }]);
  const policy = checkedEventPolicy(options.policy);
  const actor = options.actor ?? SWEEP_ACTOR;
  const transitions: SweepTransition[] = [];
  events.forEach((input, index) => {
    const parsed = GridEventSchema.safeParse(input);
    if (!parsed.success) throw CivicGridError.validation('sweepOverdue', zodIssuesToIssues(parsed.error, ['events', index]), parsed.error);
    const event = parsed.data;
    if (!TIMED_STATUSES.has(event.status) || event.deadline === undefined) return;
    const command = sweepCommand(event, at, options.calendar, policy, actor);
    if (command === undefined) return;
    transitions.push({ eventId: event.id, command, ...transitionEvent(event, command, { at, calendar: options.calendar, policy }) });
  });
  return transitions;
}

function sweepCommand(event: GridEvent, at: Date, calendar: WorkCalendar, policy: EventPolicy, actor: EventActor): EventCommand | undefined {
  const overdue = event.deadline !== undefined && at.getTime() >= Date.parse(event.deadline.dueAt);
  if (overdue && event.escalationLevel < policy.escalation.length) return { type: 'escalate', actor };
  const flag = deadlineFlagAt(event, at, calendar, policy);
  if (flag === undefined || (event.flag !== undefined && FLAG_RANK[event.flag] >= FLAG_RANK[flag])) return undefined;
  return { type: 'flag', flag, actor };
}
