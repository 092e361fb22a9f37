import { CivicGridError } from '../../errors/civic-grid-error.js';
import { zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import type { DeadlineFlag, GridEvent, StageDeadline } from '../../model/grid-event.js';
import { workingTimeBetween, type WorkCalendar } from '../calendar/index.js';
import { checkedGridEvent, checkedInCatalogue, deadlineDueMs, stageEnteredMs } from './checked-grid-event.js';
import { EventActorSchema, type EventActor, type EventCommand } from './event-command.js';
import { DeadlineTransitions } from './deadline-transitions.js';
import { checkedEventPolicy, findEventSubclass, type EventPolicy } from './event-policy.js';
import { transitionCheckedEvent, type EventTransition } from './transition-event.js';

/** What an overdue sweep needs: the work calendar, the policy and who it acts as. */
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
const FLAG_RANK: Readonly<Record<DeadlineFlag, number>> = { amber: 1, red: 2, overdue: 3 };

/**
 * The flag `event` should carry at `at`: overdue once its deadline has passed, red once the share of its
 * stage's working-time limit used reaches policy.flags.red, amber from policy.flags.amber.
 */
export function deadlineFlagAt(event: GridEvent, at: Date, calendar: WorkCalendar, policy: EventPolicy): DeadlineFlag | undefined {
  const deadline = event.deadline;
  return deadline === undefined ? undefined : flagFor(deadline.limitWorkingMs, Date.parse(deadline.dueAt), at, calendar, policy);
}

function flagFor(limitWorkingMs: number, dueMs: number, at: Date, calendar: WorkCalendar, policy: EventPolicy): DeadlineFlag | undefined {
  if (at.getTime() >= dueMs) return 'overdue';
  const used = 1 - workingTimeBetween(calendar, at, new Date(dueMs)) / limitWorkingMs;
  if (used >= policy.flags.red) return 'red';
  return used >= policy.flags.amber ? 'amber' : undefined;
}

/**
 * The transitions that bring `events` up to date at `at`: an overdue event escalates one level up the
 * policy's chain (with that level's new limit); one at the top of the chain is flagged overdue, one
 * nearing its deadline amber or red. Pure and idempotent: applying the result and sweeping again at the same
 * `at` yields nothing. Deferred and duplicate events are skipped (their clock is paused or borrowed).
 * Every timed stage escalates, `reported` included: a report left unregistered past its limit (Fuzhou:
 * 1 working hour) goes up the chain like any other, as DIGIT escalates PENDINGFORASSIGNMENT; a city
 * that does not want this leaves `stageLimits.reported` out of its policy.
 *
 * Fast path: events that reportEvent, transitionEvent or an earlier sweep returned are not parsed
 * again (see checkedGridEvent); the due check is on numbers; only escalating or newly flagged events
 * get a transition.
 */
export function sweepOverdue(events: readonly GridEvent[], at: Date, options: SweepOptions): SweepTransition[] {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw CivicGridError.validation('sweepOverdue', [{ path: ['at'], message: 'must be a valid Date' }]);
  const policy = checkedEventPolicy(options.policy);
  const actor = options.actor === undefined ? SWEEP_ACTOR : parseActor(options.actor);
  const { calendar } = options;
  const context = { at, calendar, policy };
  const deadlines = new DeadlineTransitions(at, calendar, policy);
  const atMs = at.getTime();
  const commands: Readonly<Record<'escalate' | DeadlineFlag, EventCommand>> = {
    escalate: { type: 'escalate', actor },
    amber: { type: 'flag', flag: 'amber', actor },
    red: { type: 'flag', flag: 'red', actor },
    overdue: { type: 'flag', flag: 'overdue', actor },
  };
  /** The command that brings a timed event up to date, or undefined when it is. */
  const commandFor = (event: GridEvent, deadline: StageDeadline): EventCommand | undefined => {
    const dueMs = deadlineDueMs(event);
    if (atMs >= dueMs) {
      if (event.escalationLevel < policy.escalation.length) return commands.escalate;
      return event.flag === 'overdue' ? undefined : commands.overdue;
    }
    // Red is the highest flag before the deadline: no working-time arithmetic needed.
    if (event.flag === 'red') return undefined;
    const flag = flagFor(deadline.limitWorkingMs, dueMs, at, calendar, policy);
    return flag === undefined || (event.flag !== undefined && FLAG_RANK[event.flag] >= FLAG_RANK[flag]) ? undefined : commands[flag];
  };
  // What transitionCheckedEvent checks per event that is the same for the whole sweep: the actor's role per command.
  const allowed = (type: 'escalate' | 'flag'): boolean => policy.commandRoles[type]?.includes(actor.role) ?? true;
  const mayEscalate = allowed('escalate');
  const mayFlag = allowed('flag');
  const transitions: SweepTransition[] = [];
  for (let index = 0; index < events.length; index++) {
    const event = checkedGridEvent(events[index], 'sweepOverdue', ['events', index]);
    if (event.deadline === undefined || !TIMED_STATUSES.has(event.status)) continue;
    const command = commandFor(event, event.deadline);
    if (command === undefined) continue;
    const fast =
      (command.type === 'escalate' ? mayEscalate : mayFlag) &&
      atMs >= stageEnteredMs(event) &&
      (checkedInCatalogue(event, policy.catalogue) || findEventSubclass(policy, event.category) !== undefined);
    if (!fast) {
      // A forbidden role, an unknown category or an `at` before the stage: transitionCheckedEvent throws the error.
      const transition = transitionCheckedEvent(event, command, context, deadlines);
      transitions.push({ eventId: event.id, command, event: transition.event, effects: transition.effects, patches: transition.patches });
      continue;
    }
    const transition = command.type === 'flag' ? deadlines.flag(event, command.flag, command) : deadlines.escalate(event, command);
    if (transition !== undefined) transitions.push(transition);
  }
  return transitions;
}

function parseActor(input: EventActor): EventActor {
  const parsed = EventActorSchema.safeParse(input);
  if (!parsed.success) throw CivicGridError.validation('sweepOverdue', zodIssuesToIssues(parsed.error, ['actor']), parsed.error);
  return parsed.data;
}
