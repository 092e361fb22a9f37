import { z } from 'zod';
import { personalData } from '../access/personal-data.js';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema } from './need.js';

/**
 * Stages of a grid event (事件), after GB/T 30428.8's closed loop: reported (信息收集) →
 * registered (立案) or notRegistered → dispatched (派遣) → inProgress (处理) → handled (反馈) →
 * closed (核查结案) → evaluated (综合评价). handled is not closed: the check may send it back
 * (返工). deferred (缓办/挂账) pauses the clock; duplicate waits on its original, whose closing
 * ends it as closedAsDuplicate.
 */
export const GRID_EVENT_STATUSES = [
  'reported',
  'registered',
  'notRegistered',
  'dispatched',
  'inProgress',
  'handled',
  'closed',
  'evaluated',
  'deferred',
  'duplicate',
  'closedAsDuplicate',
] as const;
/** Schema of {@link GridEventStatus}. */
export const GridEventStatusSchema = z.enum(GRID_EVENT_STATUSES);
/** A stage of the event loop (上报 → 立案 → 派遣 → 处置 → 反馈 → 核查结案 → 评价), or a side state. */
export type GridEventStatus = z.infer<typeof GridEventStatusSchema>;

/** Statuses whose event still needs work (a duplicate suggestion may point at these). */
export const OPEN_GRID_EVENT_STATUSES: readonly GridEventStatus[] = ['reported', 'registered', 'dispatched', 'inProgress', 'handled', 'deferred'];

/** Where a report came from: a grid worker's patrol, a resident, the hotline, a camera. */
export const GRID_EVENT_SOURCES = ['patrol', 'resident', 'hotline', 'camera', 'other'] as const;
/** Schema of {@link GridEventSource}. */
export const GridEventSourceSchema = z.enum(GRID_EVENT_SOURCES);
/** Where a report came from (one of {@link GRID_EVENT_SOURCES}). */
export type GridEventSource = z.infer<typeof GridEventSourceSchema>;

const TwoDigitCodeSchema = z.string().regex(/^\d{2}$/, 'must be two digits');

/** 大类/小类: a class and a subclass code of the policy's catalogue, two digits each. */
export const GridEventCategorySchema = z.object({ classCode: TwoDigitCodeSchema, subclassCode: TwoDigitCodeSchema }).strict();
/** An event's class and subclass codes (大类/小类) in its policy's catalogue. */
export type GridEventCategory = z.infer<typeof GridEventCategorySchema>;

/** A point in a projected plane, in metres (the same plane for every event compared). */
export const PointSchema = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();
/** A point in a projected plane, in metres. */
export type Point = z.infer<typeof PointSchema>;

/** A working-time amount: hours or days of the calendar's working time. */
export const WorkingAmountSchema = z.union([
  z.object({ hours: z.number().positive().finite() }).strict(),
  z.object({ days: z.number().int().positive() }).strict(),
]);
/** An amount of working time: `{ hours }` or `{ days }` of the calendar. */
export type WorkingAmount = z.infer<typeof WorkingAmountSchema>;

/** Who an event is assigned to. */
export const GridEventAssigneeSchema = z.object({ kind: z.enum(['department', 'unit', 'person', 'node']), id: NodeIdSchema }).strict();
/** Who an event is assigned to: a department, unit, person or hierarchy node. */
export type GridEventAssignee = z.infer<typeof GridEventAssigneeSchema>;

/** Personal data, kept as one nested object so access control can mask it whole. */
export const GridEventReporterSchema = z
  .object({ name: z.string().min(1).register(personalData, { kind: 'name' }).optional(), phone: z.string().min(1).register(personalData, { kind: 'phone' }).optional() })
  .strict();
/** Who reported an event (personal data, masked unless a role sees it plain). */
export type GridEventReporter = z.infer<typeof GridEventReporterSchema>;

/**
 * The running stage's deadline: fixed on entry, in working time. `limitWorkingMs` is the
 * stage's whole allowance (extensions included), so the share used is 1 − remaining / limit.
 */
export const StageDeadlineSchema = z
  .object({ stage: GridEventStatusSchema, dueAt: IsoDateTimeSchema, limitWorkingMs: z.number().int().positive() })
  .strict();
/** The running stage's deadline, fixed on entry and counted in working time. */
export type StageDeadline = z.infer<typeof StageDeadlineSchema>;

/** Schema of {@link StageEntry}. */
export const StageEntrySchema = z.object({ status: GridEventStatusSchema, at: IsoDateTimeSchema }).strict();
/** One stage the event entered, and when: the event's history. */
export type StageEntry = z.infer<typeof StageEntrySchema>;

/** Schema of {@link EventExtension}. */
export const EventExtensionSchema = z
  .object({ at: IsoDateTimeSchema, amount: WorkingAmountSchema, reason: z.string().min(1), approvedBy: z.string().min(1).optional() })
  .strict();
/** An approved extension (延期): working time added to the running stage's limit. */
export type EventExtension = z.infer<typeof EventExtensionSchema>;

/** A pause of the clock. `remainingWorkingMs` is what was left at the pause (absent: the stage had no deadline). */
export const EventDeferralSchema = z
  .object({
    from: GridEventStatusSchema,
    pausedAt: IsoDateTimeSchema,
    resumedAt: IsoDateTimeSchema.optional(),
    remainingWorkingMs: z.number().int().min(0).optional(),
    reason: z.string().min(1),
  })
  .strict();
/** A deferral (缓办/挂账): the clock paused, with what was left of the stage's limit. */
export type EventDeferral = z.infer<typeof EventDeferralSchema>;

/** Schema of {@link EventEvaluation}. */
export const EventEvaluationSchema = z
  .object({ at: IsoDateTimeSchema, score: z.number().int().min(1).max(5), comment: z.string().min(1).optional() })
  .strict();
/** The evaluation of a closed event (综合评价): a score from 1 to 5 and an optional comment. */
export type EventEvaluation = z.infer<typeof EventEvaluationSchema>;

/** amber and red: a share of the stage's limit used (policy.flags); overdue: past the deadline with no escalation left. */
export const DEADLINE_FLAGS = ['amber', 'red', 'overdue'] as const;
/** Schema of {@link DeadlineFlag}. */
export const DeadlineFlagSchema = z.enum(DEADLINE_FLAGS);
/** A deadline flag a sweep sets: amber or red at a share of the limit, overdue past it with no escalation left. */
export type DeadlineFlag = z.infer<typeof DeadlineFlagSchema>;

/**
 * The closed loop at a glance, kept by reportEvent and transitionEvent for KPIs (filters need plain
 * fields, not a scan of stageHistory). Optional on GridEvent: an event stored before it existed gets
 * it, derived from its history, at its next transition (without handlingOnTime, which the history
 * cannot tell).
 */
export const GridEventMilestonesSchema = z
  .object({
    reportedAt: IsoDateTimeSchema,
    /** First registration (立案); a reopened event keeps it. */
    registeredAt: IsoDateTimeSchema.optional(),
    /** First dispatch (派遣). */
    dispatchedAt: IsoDateTimeSchema.optional(),
    /** Last feedback (反馈: handled). */
    handledAt: IsoDateTimeSchema.optional(),
    /** The handling (inProgress) deadline in force at the last feedback, extensions and escalations included. */
    handlingDueAt: IsoDateTimeSchema.optional(),
    /** No handling round so far (rework included) was fed back after its deadline or escalated for missing it. */
    handlingOnTime: z.boolean().optional(),
    /** Last verified close (核查结案); dropped by a reopen. */
    closedAt: IsoDateTimeSchema.optional(),
    reworked: z.boolean(),
    extended: z.boolean(),
    /** Deferred (缓办/挂账) at least once; the status says whether it still is. */
    deferred: z.boolean(),
    /**
     * The event's working-time clock in ms of the calendar's working time, started at 0 at the report:
     * `closed` is read at the close (dropped by a reopen), so a duration KPI from `reported` to
     * `closed` is the time to close in working time, which wall-clock timestamps cannot give.
     */
    workingClock: z.object({ reported: z.number().int().min(0).max(0), closed: z.number().int().min(0).optional() }).strict(),
  })
  .strict();
/** The milestone timestamps of a grid event. */
export type GridEventMilestones = z.infer<typeof GridEventMilestonesSchema>;

/** The fields of a grid event, without the checks across fields (for pick and extend). */
export const GridEventFieldsSchema = z
  .object({
    id: NodeIdSchema,
    category: GridEventCategorySchema,
    description: z.string().min(1).register(personalData, { kind: 'freeText' }),
    location: z.object({ nodeId: NodeIdSchema, point: PointSchema.optional() }).strict(),
    source: GridEventSourceSchema,
    reporter: GridEventReporterSchema.optional(),
    status: GridEventStatusSchema,
    assignee: GridEventAssigneeSchema.optional(),
    deadline: StageDeadlineSchema.optional(),
    /** 0 until the first escalation; n = the n-th entry of the policy's escalation chain. */
    escalationLevel: z.number().int().min(0),
    flag: DeadlineFlagSchema.optional(),
    /** handling step (0-based) of a subclass whose limit comes in several steps. */
    handlingStep: z.number().int().min(0),
    duplicateOf: NodeIdSchema.optional(),
    reworkCount: z.number().int().min(0),
    extensions: z.array(EventExtensionSchema),
    deferrals: z.array(EventDeferralSchema),
    evaluation: EventEvaluationSchema.optional(),
    /** One entry per stage entered, oldest first; the last one is the current status. */
    stageHistory: z.array(StageEntrySchema).min(1),
    milestones: GridEventMilestonesSchema.optional(),
  })
  .strict();

/**
 * A grid event (事件: a dispute, a public-safety matter, a street problem…) as plain JSON
 * (ISO times), so a store kind `gridEvent: GridEventSchema` holds it as is.
 */
export const GridEventSchema = GridEventFieldsSchema.superRefine((event, ctx) => {
  const last = event.stageHistory[event.stageHistory.length - 1];
  if (last !== undefined && last.status !== event.status) {
    ctx.addIssue({ code: 'custom', path: ['stageHistory'], message: `the last stage entered (${last.status}) is not the status (${event.status})` });
  }
  if (event.duplicateOf === event.id) ctx.addIssue({ code: 'custom', path: ['duplicateOf'], message: 'an event cannot duplicate itself' });
});
/** A grid event (网格事件): one report followed through the closed loop, with its deadlines, escalation and history. */
export type GridEvent = z.infer<typeof GridEventSchema>;

/** When the event was reported: the first stage entered. */
export function gridEventReportedAt(event: GridEvent): string {
  return (event.stageHistory[0] as StageEntry).at;
}
