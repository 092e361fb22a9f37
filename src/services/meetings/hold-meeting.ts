import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { NodeIdSchema } from '../../model/hierarchy-node.js';
import type { JointMeeting } from '../../model/joint-meeting.js';
import type { MeetingResolution } from '../../model/meeting-resolution.js';
import { JOINT_MEETING_RULES, MeetingRulesSchema } from '../../model/meeting-rules.js';
import type { MeetingTask } from '../../model/meeting-task.js';
import { IsoDateTimeSchema } from '../../model/need.js';
import { OperationActorSchema } from '../change-record.js';
import { assertMeetingStep } from './meeting-steps.js';
import type { MeetingStore } from './meeting-store.js';

const HoldMeetingSchema = z
  .object({
    meetingId: z.string().min(1),
    minutes: z.string().min(1).optional(),
    /** Each settles one agenda matter, in its category. */
    resolutions: z.array(z.object({ id: NodeIdSchema, agendaItemId: NodeIdSchema, decision: z.string().min(1) }).strict()),
    /** The task list (任务清单): each for a member unit, with its due instant. */
    tasks: z.array(z.object({ id: NodeIdSchema, agendaItemId: NodeIdSchema.optional(), ownerUnitId: NodeIdSchema, due: IsoDateTimeSchema }).strict()),
    actor: OperationActorSchema,
    rules: MeetingRulesSchema.optional(),
  })
  .strict();
/** The input for holding a joint meeting. */
export type HoldMeetingInput = z.input<typeof HoldMeetingSchema>;

/** A joint meeting that was held. */
export interface HeldMeeting {
  meeting: StoredRecord<JointMeeting>;
  resolutions: StoredRecord<MeetingResolution>[];
  tasks: StoredRecord<MeetingTask>[];
}

/**
 * Records a circulated meeting as held, with its minutes, resolutions and tasks, in one transaction.
 * Refuses (VALIDATION_FAILED, nothing written) minutes missing when the charter requires them, a
 * question still unanswered, a resolution or task naming an agenda item the meeting lacks, two
 * resolutions settling one item, and a task for a unit that is not a member; CONFLICT when a
 * resolution or task id is taken.
 */
export async function holdMeeting(store: MeetingStore, input: HoldMeetingInput): Promise<HeldMeeting> {
  const { meetingId, minutes, resolutions, tasks, actor, rules = JOINT_MEETING_RULES } = parseWithSchema(HoldMeetingSchema, input, 'holdMeeting');
  return store.as(actor).transaction(async (tx) => {
    const stored = await tx.getOrThrow('jointMeeting', meetingId);
    const meeting = stored.data;
    assertMeetingStep(meeting, 'held');
    const issues: Issue[] = [];
    if (rules.minutesRequired && minutes === undefined) issues.push({ path: ['minutes'], message: 'the charter requires minutes' });
    meeting.questions.forEach((question) => {
      if (question.answer === undefined) issues.push({ path: ['meetingId'], message: `question "${question.id}" from "${question.fromUnitId}" is unanswered: a question (质询) must be answered` });
    });
    const agenda = new Map(meeting.agenda.map((item) => [item.id, item]));
    const settled = new Set<string>();
    resolutions.forEach((resolution, k) => {
      if (!agenda.has(resolution.agendaItemId)) issues.push({ path: ['resolutions', k, 'agendaItemId'], message: `meeting "${meetingId}" has no agenda item "${resolution.agendaItemId}"` });
      // One resolution settles one matter: a second would count the matter twice.
      if (settled.has(resolution.agendaItemId)) issues.push({ path: ['resolutions', k, 'agendaItemId'], message: `agenda item "${resolution.agendaItemId}" is settled by an earlier resolution` });
      settled.add(resolution.agendaItemId);
    });
    const members = new Set(meeting.members.map((member) => member.unitId));
    tasks.forEach((task, k) => {
      if (task.agendaItemId !== undefined && !agenda.has(task.agendaItemId)) issues.push({ path: ['tasks', k, 'agendaItemId'], message: `meeting "${meetingId}" has no agenda item "${task.agendaItemId}"` });
      if (!members.has(task.ownerUnitId)) issues.push({ path: ['tasks', k, 'ownerUnitId'], message: `unit "${task.ownerUnitId}" is not a member of the meeting` });
    });
    if (issues.length > 0) throw CivicGridError.validation('holdMeeting', issues);

    const scope = stored.scope;
    const written: HeldMeeting = {
      meeting: await tx.update('jointMeeting', meetingId, { status: 'held', ...(minutes === undefined ? {} : { minutes }) }, { expectedVersion: stored.version }),
      resolutions: [],
      tasks: [],
    };
    for (const resolution of resolutions) {
      const category = (agenda.get(resolution.agendaItemId) as JointMeeting['agenda'][number]).category;
      written.resolutions.push(await tx.insert('meetingResolution', { ...resolution, meetingId, category, settledAt: meeting.heldAt }, { scope }));
    }
    for (const task of tasks) written.tasks.push(await tx.insert('meetingTask', { ...task, meetingId, progress: [], done: false }, { scope }));
    return written;
  });
}
