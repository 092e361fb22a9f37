import { z } from 'zod';
import { personalData } from '../access/personal-data.js';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema, NeedCategorySchema } from './need.js';

/**
 * An in-service party member (在职党员): works in a unit, lives in a community, and registers with
 * that community (在职党员进社区报到) to serve there. Name, phone and ID number are personal data.
 */
export const MemberSchema = z
  .object({
    id: NodeIdSchema,
    name: z.string().min(1).register(personalData, { kind: 'name' }),
    phone: z.string().min(1).register(personalData, { kind: 'phone' }).optional(),
    idNumber: z.string().min(1).register(personalData, { kind: 'idNumber' }).optional(),
    /** The workplace unit (工作在单位): its party organisation manages the member day to day. */
    unitId: NodeIdSchema,
    /** The community node the member lives in (服务在社区). */
    homeCommunityId: NodeIdSchema,
    skills: z.array(z.string().min(1)),
    /** The service categories the member offers (the same categories as needs). */
    serviceCategories: z.array(NeedCategorySchema),
    /** Set once, by `registerMember`, in the same transaction that stores the registration. */
    registeredAt: IsoDateTimeSchema.optional(),
  })
  .strict();
/** A party member. */
export type Member = z.infer<typeof MemberSchema>;
