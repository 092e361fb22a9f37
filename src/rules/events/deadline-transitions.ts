import { freeze, type Patch } from 'immer';
import type { DeadlineFlag, GridEvent, GridEventStatus, StageDeadline } from '../../model/grid-event.js';
import type { WorkCalendar } from '../calendar/index.js';
import { deadlineDueMs, markCheckedGridEventCopy } from './checked-grid-event.js';
import { escalatedMilestones } from './event-milestones.js';
import type { EventPolicy } from './event-policy.js';
import { deadlineFrom } from './stage-deadline.js';
import type { EventCommand } from './event-command.js';
import type { SweepTransition } from './sweep-overdue.js';
import type { EventEffect, EventTransition } from './transition-event.js';

/** What escalating to one level at one instant gives every event of one stage. */
interface Escalation {
  deadline: StageDeadline;
  dueMs: number;
  escalated: EventEffect;
  deadlineSet: EventEffect;
  notify: EventEffect;
  levelPatch: Patch;
  addDeadline: Patch;
  replaceDeadline: Patch;
}

const REMOVE_FLAG: Patch = freeze({ op: 'remove', path: ['flag'] }, true);
const FLAGGING = Object.fromEntries(
  (['amber', 'red', 'overdue'] as const).map((flag) => [
    flag,
    freeze({ effect: { type: 'flagged', flag }, add: { op: 'add', path: ['flag'], value: flag }, replace: { op: 'replace', path: ['flag'], value: flag } }, true),
  ]),
) as Readonly<Record<DeadlineFlag, { effect: EventEffect; add: Patch; replace: Patch }>>;

/**
 * The escalate and flag transitions at one instant (the only ones a sweep makes), built by hand with
 * the patches immer would give. What is the same for every event escalated at that instant (the new
 * stage deadline per level and stage, the effects and patches) is made once and shared, frozen: a
 * sweep escalates tens of thousands of events at one `at`, and computing that per event was most of
 * its time. The caller has checked the event, the command and the roles (transitionCheckedEvent).
 */
export class DeadlineTransitions {
  readonly #at: Date;
  readonly #calendar: WorkCalendar;
  readonly #policy: EventPolicy;
  /** By level reached, then by stage. */
  readonly #escalations: Partial<Record<GridEventStatus, Escalation>>[] = [];

  constructor(at: Date, calendar: WorkCalendar, policy: EventPolicy) {
    this.#at = at;
    this.#calendar = calendar;
    this.#policy = policy;
  }

  /**
   * One level up the chain, with that level's own limit from `at` (a handling round escalated is no
   * longer on time); a new deadline starts unflagged. Undefined at the top of the chain. Given the
   * sweep's command, the transition is made as the sweep returns it (one object per event, not two).
   */
  escalate(event: GridEvent): EventTransition | undefined;
  escalate(event: GridEvent, sweepCommand: EventCommand): SweepTransition | undefined;
  escalate(event: GridEvent, sweepCommand?: EventCommand): SweepTransition | EventTransition | undefined {
    const toLevel = event.escalationLevel + 1;
    const escalation = this.#escalation(toLevel, event.status);
    if (escalation === undefined) return undefined;
    const milestones = escalatedMilestones(event);
    // A spread with overrides is V8's fast object clone; rest-with-exclusion (dropping the flag) is not, so only a flagged event takes it.
    let next: GridEvent;
    if (event.flag === undefined) next = { ...event, escalationLevel: toLevel, deadline: escalation.deadline };
    else {
      const { flag, ...unflagged } = event;
      next = unflagged;
      next.escalationLevel = toLevel;
      next.deadline = escalation.deadline;
    }
    const deadlinePatch = event.deadline === undefined ? escalation.addDeadline : escalation.replaceDeadline;
    let milestonesPatch: Patch | undefined;
    if (milestones !== event.milestones && milestones !== undefined) {
      next.milestones = Object.freeze(milestones);
      milestonesPatch = { op: event.milestones === undefined ? 'add' : 'replace', path: ['milestones'], value: milestones };
    }
    // Array literals of the exact length: a push would grow each array's store for 80k events a sweep.
    const patches: Patch[] =
      event.flag === undefined
        ? milestonesPatch === undefined ? [escalation.levelPatch, deadlinePatch] : [escalation.levelPatch, deadlinePatch, milestonesPatch]
        : milestonesPatch === undefined ? [escalation.levelPatch, deadlinePatch, REMOVE_FLAG] : [escalation.levelPatch, deadlinePatch, REMOVE_FLAG, milestonesPatch];
    const escalated = markCheckedGridEventCopy(next, event, escalation.dueMs);
    // Effects in an array literal, not a spread of a shared array (an iterator per event).
    const effects = [escalation.escalated, escalation.deadlineSet, escalation.notify];
    return sweepCommand === undefined ? { event: escalated, effects, patches } : { eventId: event.id, command: sweepCommand, event: escalated, effects, patches };
  }

  /** An amber, red or overdue flag on the running deadline (made as the sweep returns it, given its command). */
  flag(event: GridEvent, flag: DeadlineFlag): EventTransition;
  flag(event: GridEvent, flag: DeadlineFlag, sweepCommand: EventCommand): SweepTransition;
  flag(event: GridEvent, flag: DeadlineFlag, sweepCommand?: EventCommand): SweepTransition | EventTransition {
    const flagging = FLAGGING[flag];
    // Copied onto a fresh object, not `{ ...event, flag }`: a property added after a spread gets a hidden class of its own.
    const flagged = markCheckedGridEventCopy(Object.assign({}, event, { flag }), event, deadlineDueMs(event));
    const patches = [event.flag === undefined ? flagging.add : flagging.replace];
    return sweepCommand === undefined
      ? { event: flagged, effects: [flagging.effect], patches }
      : { eventId: event.id, command: sweepCommand, event: flagged, effects: [flagging.effect], patches };
  }

  #escalation(toLevel: number, stage: GridEventStatus): Escalation | undefined {
    const step = this.#policy.escalation[toLevel - 1];
    if (step === undefined) return undefined;
    const byStage = (this.#escalations[toLevel] ??= {});
    const known = byStage[stage];
    if (known !== undefined) return known;
    const deadline = deadlineFrom(this.#calendar, stage, this.#at, step.limit);
    const escalation: Escalation = freeze(
      {
        deadline,
        dueMs: Date.parse(deadline.dueAt),
        escalated: { type: 'escalated', fromLevel: toLevel - 1, toLevel, to: step.to },
        deadlineSet: { type: 'deadlineSet', deadline },
        notify: { type: 'notify', to: step.to, reason: 'escalate' },
        levelPatch: { op: 'replace', path: ['escalationLevel'], value: toLevel },
        addDeadline: { op: 'add', path: ['deadline'], value: deadline },
        replaceDeadline: { op: 'replace', path: ['deadline'], value: deadline },
      },
      true,
    );
    byStage[stage] = escalation;
    return escalation;
  }
}
