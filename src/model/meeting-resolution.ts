import { z } from 'zod';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema } from './need.js';

/** A resolution of a joint meeting: it settles one agenda matter (议事决事), in that matter's category. */
export const MeetingResolutionSchema = z
  .object({
    id: NodeIdSchema,
    meetingId: NodeIdSchema,
    agendaItemId: NodeIdSchema,
    category: z.string().min(1),
    decision: z.string().min(1),
    /** The meeting's time: a matter is settled when the meeting resolves it. */
    settledAt: IsoDateTimeSchema,
  })
  .strict();
/** A resolution adopted at a joint meeting. */
export type MeetingResolution = z.infer<typeof MeetingResolutionSchema>;
