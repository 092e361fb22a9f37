import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { MeetingTask } from '../../model/meeting-task.js';
import { overdueTasks } from '../../rules/meetings/overdue-tasks.js';
import { queryAll } from '../query-all.js';
import { OperationActorSchema } from '../change-record.js';
import type { MeetingStore } from './meeting-store.js';

const FlagOverdueTasksSchema = z.object({ at: z.date(), scope: z.array(z.string().min(1)).default([]), actor: OperationActorSchema.default('flagOverdueTasks') }).strict();
/** The input for flagging overdue tasks. */
export type FlagOverdueTasksInput = z.input<typeof FlagOverdueTasksSchema>;

/**
 * Marks every task overdue at `at` (past due, not done) and not yet marked, in one transaction, each
 * under its version guard, so the KPIs count it and its owner is reminded to report cause and
 * remedy. Returns the tasks marked; a second run at the same `at` marks none.
 */
export async function flagOverdueTasks(store: MeetingStore, input: FlagOverdueTasksInput): Promise<StoredRecord<MeetingTask>[]> {
  const { at, scope, actor } = parseWithSchema(FlagOverdueTasksSchema, input, 'flagOverdueTasks');
  return store.as(actor).transaction(async (tx) => {
    const open = await queryAll(tx, 'meetingTask', { scope, where: { done: false } });
    const overdue = new Set(overdueTasks(open.map((record) => record.data), at).map((task) => task.id));
    const flagged: StoredRecord<MeetingTask>[] = [];
    for (const record of open) {
      if (!overdue.has(record.id) || record.data.overdueSince !== undefined) continue;
      flagged.push(await tx.update('meetingTask', record.id, { overdueSince: record.data.due }, { expectedVersion: record.version }));
    }
    return flagged;
  });
}
