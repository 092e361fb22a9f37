import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { AgendaItemSchema, type JointMeeting, MeetingMemberSchema } from '../../model/joint-meeting.js';
import { NodeIdSchema } from '../../model/hierarchy-node.js';
import { IsoDateTimeSchema } from '../../model/need.js';
import { validateJointMeeting } from '../../rules/meetings/validate-joint-meeting.js';
import { assertScopeEndsAt, OperationActorSchema } from '../change-record.js';
import type { MeetingStore } from './meeting-store.js';

const ScheduleMeetingSchema = z
  .object({
    meeting: z.object({ id: NodeIdSchema, nodeId: NodeIdSchema, heldAt: IsoDateTimeSchema, agenda: z.array(AgendaItemSchema), members: z.array(MeetingMemberSchema).min(1) }).strict(),
    /** Where the meeting is stored: the path to its node, root first (`hierarchy.pathOf(meeting.nodeId)`). */
    scope: z.array(z.string().min(1)).min(1),
    actor: OperationActorSchema,
    /** The agenda categories allowed; the seed's five by default. */
    categories: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
/** The input for scheduling a joint meeting. */
export type ScheduleMeetingInput = z.input<typeof ScheduleMeetingSchema>;

/** Stores a new joint meeting, scheduled, with its agenda and member units (each with a liaison); CONFLICT when the id is taken. */
export async function scheduleMeeting(store: MeetingStore, input: ScheduleMeetingInput): Promise<StoredRecord<JointMeeting>> {
  const { meeting, scope, actor, categories } = parseWithSchema(ScheduleMeetingSchema, input, 'scheduleMeeting');
  assertScopeEndsAt('scheduleMeeting', scope, meeting.nodeId, ['meeting', 'nodeId']);
  const scheduled = validateJointMeeting({ ...meeting, status: 'scheduled', questions: [] }, categories === undefined ? {} : { categories });
  return store.as(actor).insert('jointMeeting', scheduled, { scope });
}
