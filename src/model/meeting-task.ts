import { z } from 'zod';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema } from './need.js';

/** A progress report on a task (督促指导 keeps them). */
export const TaskProgressSchema = z.object({ at: IsoDateTimeSchema, note: z.string().min(1) }).strict();
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
  })
  .strict();
export type MeetingTask = z.infer<typeof MeetingTaskSchema>;
