import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { MeetingTask } from '../../model/meeting-task.js';
import { overdueTasks } from '../../rules/meetings/overdue-tasks.js';
import { changeRecord, OperationActorSchema } from '../change-record.js';
import type { MeetingStore } from './meeting-store.js';

const ReportTaskProgressSchema = z
  .object({
    taskId: z.string().min(1),
    at: z.date(),
    note: z.string().min(1),
    /** Why it is late and what will be done: required when the task is overdue at `at`. */
    cause: z.string().min(1).optional(),
    remedy: z.string().min(1).optional(),
    /** The report says the task is done. */
    done: z.boolean().optional(),
    actor: OperationActorSchema,
  })
  .strict();
/** The input for reporting task progress. */
export type ReportTaskProgressInput = z.input<typeof ReportTaskProgressSchema>;

/**
 * Adds a progress report to a task (督促指导), or completes it with `done`. A task past due and not
 * done is overdue: its report must give the cause and the remedy (VALIDATION_FAILED otherwise), and
 * the task is marked overdue. INVALID_TRANSITION for a task already done.
 */
export async function reportTaskProgress(store: MeetingStore, input: ReportTaskProgressInput): Promise<StoredRecord<MeetingTask>> {
  const { taskId, at, note, cause, remedy, done, actor } = parseWithSchema(ReportTaskProgressSchema, input, 'reportTaskProgress');
  return changeRecord(store, actor, 'meetingTask', taskId, ({ data }) => {
    if (data.done) throw new CivicGridError('INVALID_TRANSITION', `Meeting task "${taskId}" is done`, { issues: [{ path: ['taskId'], message: 'is done: no more reports' }] });
    const overdue = overdueTasks([data], at).length > 0;
    if (overdue) {
      const issues: Issue[] = [];
      if (cause === undefined) issues.push({ path: ['cause'], message: `task "${taskId}" is overdue since ${data.due}: report its cause` });
      if (remedy === undefined) issues.push({ path: ['remedy'], message: `task "${taskId}" is overdue since ${data.due}: report its remedy` });
      if (issues.length > 0) throw CivicGridError.validation('reportTaskProgress', issues);
    }
    const report = { at: at.toISOString(), note, ...(cause === undefined ? {} : { cause }), ...(remedy === undefined ? {} : { remedy }) };
    return { progress: [...data.progress, report], done: done === true, ...(overdue && data.overdueSince === undefined ? { overdueSince: data.due } : {}) };
  });
}
