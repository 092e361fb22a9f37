import { z } from 'zod';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema } from './need.js';

/** A progress report on a task (督促指导 keeps them); a report on an overdue task gives its cause and remedy. */
export const TaskProgressSchema = z
  .object({
    at: IsoDateTimeSchema,
    note: z.string().min(1),
    cause: z.string().min(1).optional(),
    remedy: z.string().min(1).optional(),
  })
  .strict();
/** A progress report on a meeting task, as validated by `TaskProgressSchema`. */
export type TaskProgress = z.infer<typeof TaskProgressSchema>;

/** A task a joint meeting's resolution gives a member unit (任务清单). */
export const MeetingTaskSchema = z
  .object({
    id: NodeIdSchema,
    meetingId: NodeIdSchema,
    agendaItemId: NodeIdSchema.optional(),
    ownerUnitId: NodeIdSchema,
    /** An instant, so "past due" means the same in every time zone. */
    due: IsoDateTimeSchema,
    progress: z.array(TaskProgressSchema),
    done: z.boolean(),
    /** When it was marked overdue (the due instant), kept after it is done: the KPIs count tasks that fell overdue. */
    overdueSince: IsoDateTimeSchema.optional(),
  })
  .strict();
/** A task a joint meeting's resolution gives a member unit, as validated by `MeetingTaskSchema`. */
export type MeetingTask = z.infer<typeof MeetingTaskSchema>;
