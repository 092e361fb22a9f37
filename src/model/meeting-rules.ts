import { z } from 'zod';

/** How often a joint meeting meets: the city's charter decides (monthly, quarterly or twice a year). */
export const MEETING_FREQUENCIES = ['monthly', 'quarterly', 'half-yearly'] as const;
/** Schema of {@link MeetingFrequency}. */
export const MeetingFrequencySchema = z.enum(MEETING_FREQUENCIES);
/** How often joint meetings are held. */
export type MeetingFrequency = z.infer<typeof MeetingFrequencySchema>;

/** A city's joint-meeting charter. */
export const MeetingRulesSchema = z
  .object({
    frequency: MeetingFrequencySchema,
    /** The agenda goes to the members at least this many days before the meeting (3–15 in practice). */
    agendaNoticeDays: z.number().int().min(0).max(60),
    /** A meeting is held only with its minutes. */
    minutesRequired: z.boolean(),
  })
  .strict();
/** The rules for holding joint meetings. */
export type MeetingRules = z.infer<typeof MeetingRulesSchema>;

/** A common charter: quarterly, agenda 3 days ahead, minutes kept. */
export const JOINT_MEETING_RULES: Readonly<MeetingRules> = Object.freeze({ frequency: 'quarterly', agendaNoticeDays: 3, minutesRequired: true });
