import { z } from 'zod';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { type MeetingTask, MeetingTaskSchema } from '../../model/meeting-task.js';

const HOUR_MS = 3_600_000;

/** A reminder for a task's owner unit (督促): due soon, or overdue and owing its cause and remedy. */
export interface TaskReminder {
  taskId: string;
  meetingId: string;
  ownerUnitId: string;
  due: string;
  kind: 'due-soon' | 'overdue';
  /** Overdue only: no report since the due instant gives both cause and remedy yet. */
  owesCauseAndRemedy: boolean;
}

const InputSchema = z.object({
  tasks: z.array(MeetingTaskSchema),
  at: z.date().refine((date) => !Number.isNaN(date.getTime()), 'at must be a valid date'),
  options: z.object({ dueSoonHours: z.number().int().min(0).max(8_760).optional() }).strict(),
});

/**
 * The reminders due at `at`, as data for whatever sends them, in input order: a task not done is
 * overdue once past its due instant, and due soon when its due instant is at most `dueSoonHours`
 * (default 72) ahead. Done tasks get none.
 */
export function taskReminders(tasks: readonly MeetingTask[], at: Date, options: { dueSoonHours?: number } = {}): TaskReminder[] {
  const parsed = parseWithSchema(InputSchema, { tasks, at, options }, 'taskReminders');
  const now = parsed.at.getTime();
  const horizon = now + (parsed.options.dueSoonHours ?? 72) * HOUR_MS;
  return parsed.tasks.flatMap((task): TaskReminder[] => {
    const due = Date.parse(task.due);
    if (task.done || due > horizon) return [];
    const common = { taskId: task.id, meetingId: task.meetingId, ownerUnitId: task.ownerUnitId, due: task.due };
    if (due >= now) return [{ ...common, kind: 'due-soon', owesCauseAndRemedy: false }];
    const explained = task.progress.some((report) => Date.parse(report.at) > due && report.cause !== undefined && report.remedy !== undefined);
    return [{ ...common, kind: 'overdue', owesCauseAndRemedy: !explained }];
  });
}
