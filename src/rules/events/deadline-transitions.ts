import { freeze, type Patch } from 'immer';
import type { DeadlineFlag, GridEvent, GridEventStatus, StageDeadline } from '../../model/grid-event.js';
import type { WorkCalendar } from '../calendar/index.js';
import { deadlineDueMs, markCheckedGridEventCopy } from './checked-grid-event.js';
import { escalatedMilestones } from './event-milestones.js';
import { escalatedGridEventCopy, flaggedGridEventCopy } from './grid-event-copy.js';
import type { EventPolicy } from './event-policy.js';
import { deadlineFrom } from './stage-deadline.js';
import type { EventCommand } from './event-command.js';
import type { SweepTransition } from './sweep-overdue.js';
import type { EventEffect, EventTransition } from './transition-event.js';

/** What escalating to one level at one instant gives every event of one stage, shared by all of them. */
interface Escalation {
  deadline: StageDeadline;
  dueMs: number;
  /** escalated, deadlineSet and notify. */
  effects: readonly EventEffect[];
  /** The patches of an event whose milestones do not change: by whether it had a deadline, then a flag. */
  patches: { add: { unflagged: readonly Patch[]; flagged: readonly Patch[] }; replace: { unflagged: readonly Patch[]; flagged: readonly Patch[] } };
}

const REMOVE_FLAG: Patch = freeze({ op: 'remove', path: ['flag'] }, true);
/** What flagging gives every event: its effects and its patch (by whether the event had a flag). */
interface Flagging {
  effects: readonly EventEffect[];
  add: readonly Patch[];
  replace: readonly Patch[];
}
const flagging = (flag: DeadlineFlag): Flagging =>
  freeze({ effects: [{ type: 'flagged', flag }], add: [{ op: 'add', path: ['flag'], value: flag }], replace: [{ op: 'replace', path: ['flag'], value: flag }] }, true);
const FLAGGING: Readonly<Record<DeadlineFlag, Flagging>> = { amber: flagging('amber'), red: flagging('red'), overdue: flagging('overdue') };

/**
 * The escalate and flag transitions at one instant (the only ones a sweep makes), built by hand with
 * the patches immer would give. What is the same for every event escalated at that instant (the new
 * stage deadline per level and stage, the effects and patches, down to their arrays) is made once and
 * shared, frozen: a sweep escalates tens of thousands of events at one `at`, and computing or even
 * allocating that per event was most of its time. The caller has checked the event, the command and
 * the roles (transitionCheckedEvent).
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
    const next = escalatedGridEventCopy(event, toLevel, escalation.deadline, milestones);
    const deadlineOp = event.deadline === undefined ? 'add' : 'replace';
    let patches = escalation.patches[deadlineOp][event.flag === undefined ? 'unflagged' : 'flagged'];
    if (milestones !== event.milestones && milestones !== undefined) {
      Object.freeze(milestones);
      patches = Object.freeze([...patches, { op: event.milestones === undefined ? 'add' : 'replace', path: ['milestones'], value: milestones }]);
    }
    const escalated = markCheckedGridEventCopy(next, event, escalation.dueMs, this.#policy.catalogue);
    const { effects } = escalation;
    return sweepCommand === undefined ? { event: escalated, effects, patches } : { eventId: event.id, command: sweepCommand, event: escalated, effects, patches };
  }

  /** An amber, red or overdue flag on the running deadline (made as the sweep returns it, given its command). */
  flag(event: GridEvent, flag: DeadlineFlag): EventTransition;
  flag(event: GridEvent, flag: DeadlineFlag, sweepCommand: EventCommand): SweepTransition;
  flag(event: GridEvent, flag: DeadlineFlag, sweepCommand?: EventCommand): SweepTransition | EventTransition {
    const { effects, add, replace } = FLAGGING[flag];
    const flagged = markCheckedGridEventCopy(flaggedGridEventCopy(event, flag), event, deadlineDueMs(event), this.#policy.catalogue);
    const patches = event.flag === undefined ? add : replace;
    return sweepCommand === undefined ? { event: flagged, effects, patches } : { eventId: event.id, command: sweepCommand, event: flagged, effects, patches };
  }

  #escalation(toLevel: number, stage: GridEventStatus): Escalation | undefined {
    const step = this.#policy.escalation[toLevel - 1];
    if (step === undefined) return undefined;
    const byStage = (this.#escalations[toLevel] ??= {});
    const known = byStage[stage];
    if (known !== undefined) return known;
    const deadline = deadlineFrom(this.#calendar, stage, this.#at, step.limit);
    const levelPatch: Patch = { op: 'replace', path: ['escalationLevel'], value: toLevel };
    const patchesOf = (patch: Patch): { unflagged: readonly Patch[]; flagged: readonly Patch[] } => ({ unflagged: [levelPatch, patch], flagged: [levelPatch, patch, REMOVE_FLAG] });
    const escalation: Escalation = freeze(
      {
        deadline,
        dueMs: Date.parse(deadline.dueAt),
        effects: [
          { type: 'escalated', fromLevel: toLevel - 1, toLevel, to: step.to },
          { type: 'deadlineSet', deadline },
          { type: 'notify', to: step.to, reason: 'escalate' },
        ],
        patches: { add: patchesOf({ op: 'add', path: ['deadline'], value: deadline }), replace: patchesOf({ op: 'replace', path: ['deadline'], value: deadline }) },
      },
      true,
    );
    byStage[stage] = escalation;
    return escalation;
  }
}
