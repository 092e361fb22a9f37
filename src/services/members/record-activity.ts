import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { NeedCategorySchema } from '../../model/need.js';
import { type Activity, ActivityOrganiserSchema, type ServiceRecord, ServiceHoursSchema } from '../../model/volunteer-activity.js';
import { MemberOperationContextSchema, type MemberStore } from './member-store.js';

const ParticipantSchema = z.object({ memberId: z.string().min(1), hours: ServiceHoursSchema, tags: z.array(z.string().min(1)).default([]) }).strict();
const RecordActivitySchema = MemberOperationContextSchema.extend({
  activityId: z.string().min(1),
  title: z.string().min(1),
  organiser: ActivityOrganiserSchema,
  communityId: z.string().min(1),
  place: z.string().min(1),
  category: NeedCategorySchema,
  heldAt: z.date(),
  /** Where the activity is stored, root first, ending at its community (usually `hierarchy.pathOf(communityId)`). */
  scope: z.array(z.string().min(1)).min(1),
  participants: z
    .array(ParticipantSchema)
    .min(1)
    .superRefine((participants, ctx) => {
      const seen = new Set<string>();
      participants.forEach((participant, index) => {
        if (seen.has(participant.memberId)) ctx.addIssue({ code: 'custom', path: [index, 'memberId'], message: `member "${participant.memberId}" is listed twice` });
        seen.add(participant.memberId);
      });
    }),
})
  .strict()
  .refine((input) => input.scope[input.scope.length - 1] === input.communityId, { path: ['scope'], message: 'the scope must end at the activity\'s community' })
  .refine((input) => input.heldAt.getTime() <= input.at.getTime(), { path: ['heldAt'], message: 'an activity is recorded after it is held' });

/** What `recordActivity` takes: the activity, and each participant's hours (in half hours, never negative). */
export type RecordActivityInput = z.input<typeof RecordActivitySchema>;

/**
 * Records a held volunteer activity (志愿服务活动) and one service record per participant, in one
 * transaction. Every participant must be a stored member who had registered by the time the activity
 * was held (VALIDATION_FAILED at `participants.i.memberId` otherwise, nothing written); CONFLICT when
 * the activity id is taken.
 */
export async function recordActivity(store: MemberStore, input: RecordActivityInput): Promise<{ activity: StoredRecord<Activity>; records: number }> {
  const parsed = parseWithSchema(RecordActivitySchema, input, 'recordActivity');
  const heldAt = parsed.heldAt.toISOString();
  return store.as(parsed.actor).transaction(async (tx) => {
    const issues: Issue[] = [];
    const records: { value: ServiceRecord; scope: string[] }[] = [];
    for (const [index, participant] of parsed.participants.entries()) {
      const member = await tx.get('member', participant.memberId);
      const registeredAt = member?.data.registeredAt;
      if (member === null) issues.push({ path: ['participants', index, 'memberId'], message: `no member "${participant.memberId}"` });
      else if (registeredAt === undefined || Date.parse(registeredAt) > parsed.heldAt.getTime()) {
        issues.push({ path: ['participants', index, 'memberId'], message: `member "${participant.memberId}" had not registered by ${heldAt}${registeredAt === undefined ? '' : ` (registered ${registeredAt})`}` });
      } else {
        const value: ServiceRecord = { id: `${parsed.activityId}~${participant.memberId}`, activityId: parsed.activityId, memberId: participant.memberId, unitId: member.data.unitId, communityId: parsed.communityId, category: parsed.category, heldAt, hours: participant.hours, tags: participant.tags };
        records.push({ value, scope: parsed.scope });
      }
    }
    if (issues.length > 0) throw CivicGridError.validation('recordActivity', issues);
    const activity: Activity = { id: parsed.activityId, title: parsed.title, organiser: parsed.organiser, communityId: parsed.communityId, place: parsed.place, category: parsed.category, heldAt, participants: records.length };
    const stored = await tx.insert('activity', activity, { scope: parsed.scope });
    await tx.insertMany('serviceRecord', records);
    return { activity: stored, records: records.length };
  });
}
