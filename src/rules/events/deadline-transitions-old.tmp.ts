import { freeze, type Patch } from 'immer';
import type { DeadlineFlag, GridEvent, GridEventStatus, StageDeadline } from '../../model/grid-event.js';
import type { WorkCalendar } from '../calendar/index.js';
import { deadlineDueMs, markCheckedGridEventCopy } from './checked-grid-event.js';
import { escalatedMilestones } from './event-milestones.js';
import type { EventPolicy } from './event-policy.js';
import { deadlineFrom } from './stage-deadline.js';
import type { EventEffect, EventTransition } from './transition-event.js';

/** What escalating to one level at one instant gives every event of one stage. */
interface Escalation {
  deadline: StageDeadline;
  dueMs: number;
  /** escalated, deadlineSet and notify. */
  effects: readonly [EventEffect, EventEffect, EventEffect];
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
   * longer on time); a new deadline starts unflagged. Undefined at the top of the chain.
   */
  escalate(event: GridEvent): EventTransition | undefined {
    const toLevel = event.escalationLevel + 1;
    const escalation = this.#escalation(toLevel, event.status);
    if (escalation === undefined) return undefined;
    const milestones = escalatedMilestones(event);
    // A copy without the flag rather than `delete`, which would turn the new event into a slow dictionary.
    const { flag, ...next } = event;
    next.escalationLevel = toLevel;
    next.deadline = escalation.deadline;
    const patches: Patch[] = [escalation.levelPatch, event.deadline === undefined ? escalation.addDeadline : escalation.replaceDeadline];
    if (flag !== undefined) patches.push(REMOVE_FLAG);
    if (milestones !== event.milestones && milestones !== undefined) {
      next.milestones = Object.freeze(milestones);
      patches.push({ op: event.milestones === undefined ? 'add' : 'replace', path: ['milestones'], value: milestones });
    }
    return { event: markCheckedGridEventCopy(next, event, escalation.dueMs), effects: [...escalation.effects], patches };
  }

  /** An amber, red or overdue flag on the running deadline. */
  flag(event: GridEvent, flag: DeadlineFlag): EventTransition {
    const flagging = FLAGGING[flag];
    return { event: markCheckedGridEventCopy({ ...event, flag }, event, deadlineDueMs(event)), effects: [flagging.effect], patches: [event.flag === undefined ? flagging.add : flagging.replace] };
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
        effects: [
          { type: 'escalated', fromLevel: toLevel - 1, toLevel, to: step.to },
          { type: 'deadlineSet', deadline },
          { type: 'notify', to: step.to, reason: 'escalate' },
        ],
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
