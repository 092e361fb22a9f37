import { z } from 'zod';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema } from './need.js';

/** The seed's five categories of matters settled (基础设施建设、文体活动开展、困难群体帮扶、组织关系摸排、邻里关系协调). */
export const DEFAULT_AGENDA_CATEGORIES = ['infrastructure', 'culture-and-sports', 'help-in-difficulty', 'membership-records', 'neighbour-relations'] as const;

export const AGENDA_CATEGORY_LABELS: Readonly<Record<(typeof DEFAULT_AGENDA_CATEGORIES)[number], { zh: string; en: string }>> = {
  infrastructure: { zh: '基础设施建设', en: 'infrastructure' },
  'culture-and-sports': { zh: '文体活动开展', en: 'cultural and sports activities' },
  'help-in-difficulty': { zh: '困难群体帮扶', en: 'help for people in difficulty' },
  'membership-records': { zh: '组织关系摸排', en: 'checking party membership records' },
  'neighbour-relations': { zh: '邻里关系协调', en: 'neighbour relations' },
};

/** One matter on a joint meeting's agenda; its category comes from the city's list. */
export const AgendaItemSchema = z
  .object({
    id: NodeIdSchema,
    title: z.string().min(1),
    category: z.string().min(1),
  })
  .strict();
export type AgendaItem = z.infer<typeof AgendaItemSchema>;

/** A joint meeting (联席会议) of the party organisation and resident units. */
export const JointMeetingSchema = z
  .object({
    id: NodeIdSchema,
    /** The street or community that convenes it. */
    nodeId: NodeIdSchema,
    heldAt: IsoDateTimeSchema,
    agenda: z.array(AgendaItemSchema),
  })
  .strict();
export type JointMeeting = z.infer<typeof JointMeetingSchema>;
