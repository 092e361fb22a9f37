import { z } from 'zod';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { type MeetingTask, MeetingTaskSchema } from '../../model/meeting-task.js';

const InputSchema = z.object({
  tasks: z.array(MeetingTaskSchema),
  at: z.date().refine((date) => !Number.isNaN(date.getTime()), 'at must be a valid date'),
});

/** The tasks overdue at `at`: past their due instant and not done, in input order. */
export function overdueTasks(tasks: readonly MeetingTask[], at: Date): MeetingTask[] {
  const parsed = parseWithSchema(InputSchema, { tasks, at }, 'overdueTasks');
  const now = parsed.at.getTime();
  return parsed.tasks.filter((task) => !task.done && Date.parse(task.due) < now);
}
