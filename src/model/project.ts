import { z } from 'zod';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema, NeedCategorySchema } from './need.js';

export const PROJECT_STATUSES = ['signed', 'active', 'completed', 'terminated'] as const;
export const ProjectStatusSchema = z.enum(PROJECT_STATUSES);
export type ProjectStatus = z.infer<typeof ProjectStatusSchema>;

/** A co-construction project (共建项目): an agreement between a unit and a community. */
export const ProjectSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    category: NeedCategorySchema,
    unitId: z.string().min(1),
    communityId: NodeIdSchema,
    signedAt: IsoDateTimeSchema,
    startDate: IsoDateTimeSchema,
    endDate: IsoDateTimeSchema.optional(),
    status: ProjectStatusSchema,
    /** How many residents it serves. */
    beneficiaries: z.number().int().min(0),
    /** Outcome counts, e.g. { residentsIntoJobs: 12 }. */
    outcomes: z.record(z.string().min(1), z.number().int().min(0)),
    /** The accepted claims it came from. */
    claimIds: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type Project = z.infer<typeof ProjectSchema>;
