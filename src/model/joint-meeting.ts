import { z } from 'zod';
import { personalData } from '../access/personal-data.js';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema } from './need.js';

/** The seed's five categories of matters settled (基础设施建设、文体活动开展、困难群体帮扶、组织关系摸排、邻里关系协调). */
export const DEFAULT_AGENDA_CATEGORIES = ['infrastructure', 'culture-and-sports', 'help-in-difficulty', 'membership-records', 'neighbour-relations'] as const;

/** Chinese and English names of the default agenda categories. */
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
/** A matter on a joint meeting's agenda, with its category. */
export type AgendaItem = z.infer<typeof AgendaItemSchema>;

/** A member unit of the joint meeting and its liaison (联络员, a full party member). */
export const MeetingMemberSchema = z
  .object({
    unitId: NodeIdSchema,
    liaison: z.object({ name: z.string().min(1).register(personalData, { kind: 'name' }), phone: z.string().min(1).register(personalData, { kind: 'phone' }).optional() }).strict(),
  })
  .strict();
/** A member taking part in a joint meeting. */
export type MeetingMember = z.infer<typeof MeetingMemberSchema>;

/** A member unit's question (质询); the meeting cannot be held over it unanswered. */
export const MeetingQuestionSchema = z
  .object({
    id: NodeIdSchema,
    fromUnitId: NodeIdSchema,
    text: z.string().min(1),
    askedAt: IsoDateTimeSchema,
    answer: z.object({ text: z.string().min(1), at: IsoDateTimeSchema }).strict().optional(),
  })
  .strict();
/** A question raised at a joint meeting. */
export type MeetingQuestion = z.infer<typeof MeetingQuestionSchema>;

/** scheduled → circulated (agenda sent to members) → held (with minutes); cancelled before it is held. */
export const MEETING_STATUSES = ['scheduled', 'circulated', 'held', 'cancelled'] as const;
/** Schema of {@link MeetingStatus}. */
export const MeetingStatusSchema = z.enum(MEETING_STATUSES);
/** The status of a joint meeting. */
export type MeetingStatus = z.infer<typeof MeetingStatusSchema>;

/** A joint meeting (联席会议) of the party organisation and resident units. */
export const JointMeetingSchema = z
  .object({
    id: NodeIdSchema,
    /** The hierarchy node (city, district, street or community) that convenes it. */
    nodeId: NodeIdSchema,
    /** When it is (or was) held. */
    heldAt: IsoDateTimeSchema,
    agenda: z.array(AgendaItemSchema),
    status: MeetingStatusSchema,
    members: z.array(MeetingMemberSchema),
    questions: z.array(MeetingQuestionSchema),
    /** When the agenda went out to the members. */
    circulatedAt: IsoDateTimeSchema.optional(),
    minutes: z.string().min(1).optional(),
  })
  .strict();
/** A joint meeting (联席会议) of resident units at a hierarchy node: agenda, members, questions, minutes. */
export type JointMeeting = z.infer<typeof JointMeetingSchema>;
