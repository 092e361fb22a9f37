import { z } from 'zod';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema, NeedCategorySchema } from './need.js';

/** Service hours are kept in half hours, so every sum of them is exact. */
export const ServiceHoursSchema = z
  .number()
  .finite()
  .min(0.5, 'hours must be at least half an hour (never negative)')
  .max(24, 'hours must be at most 24 for one activity')
  .refine((hours) => Number.isInteger(hours * 2), 'hours are counted in half hours');

/** Who organised an activity: a community (its party organisation) or a resident unit. */
export const ActivityOrganiserSchema = z.object({ kind: z.enum(['community', 'unit']), id: NodeIdSchema }).strict();

/** A volunteer activity (志愿服务活动) held in a community. Each participant's hours are a `ServiceRecord`. */
export const ActivitySchema = z
  .object({
    id: NodeIdSchema,
    title: z.string().min(1),
    organiser: ActivityOrganiserSchema,
    communityId: NodeIdSchema,
    place: z.string().min(1),
    category: NeedCategorySchema,
    heldAt: IsoDateTimeSchema,
    participants: z.number().int().min(1),
  })
  .strict();
/** A volunteer activity. */
export type Activity = z.infer<typeof ActivitySchema>;

/**
 * One member's service at one activity (服务记录): the hours that earn points and that go back
 * to the member's workplace unit each quarter (反馈到单位). `tags` name bonuses of the point rules
 * (e.g. `teamService`, `bravery`).
 */
export const ServiceRecordSchema = z
  .object({
    id: NodeIdSchema,
    activityId: NodeIdSchema,
    memberId: NodeIdSchema,
    unitId: NodeIdSchema,
    communityId: NodeIdSchema,
    category: NeedCategorySchema,
    heldAt: IsoDateTimeSchema,
    hours: ServiceHoursSchema,
    tags: z.array(z.string().min(1)),
  })
  .strict();
/** A record of volunteer service. */
export type ServiceRecord = z.infer<typeof ServiceRecordSchema>;

/** Points taken out of a member's balance (积分兑换): never more than the balance. */
export const PointRedemptionSchema = z
  .object({
    id: NodeIdSchema,
    memberId: NodeIdSchema,
    points: z.number().int().min(1),
    item: z.string().min(1),
    redeemedAt: IsoDateTimeSchema,
  })
  .strict();
/** A redemption of volunteer points. */
export type PointRedemption = z.infer<typeof PointRedemptionSchema>;
