import { z } from 'zod';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema, NeedCategorySchema } from './need.js';

/** Lifecycle of a co-construction project: signed, active, then completed or terminated. */
export const PROJECT_STATUSES = ['signed', 'active', 'completed', 'terminated'] as const;
/** Validates a {@link ProjectStatus}. */
export const ProjectStatusSchema = z.enum(PROJECT_STATUSES);
/** A project's lifecycle status. */
export type ProjectStatus = z.infer<typeof ProjectStatusSchema>;

/**
 * What a project achieved, one count per known outcome. Keys are fixed so a
 * misspelt one fails validation instead of reading 0 in the KPIs: each key is
 * one the standard KPI pack sums (`projects.residentsIntoJobs`). An app that
 * records more outcomes extends this schema and the project schema, and
 * registers both with its store and KPI registry.
 */
export const ProjectOutcomesSchema = z
  .object({
    /** Residents helped into jobs (帮助就业人数). */
    residentsIntoJobs: z.number().int().min(0).optional(),
  })
  .strict();
/** Outcome counts a project records, one per known outcome. */
export type ProjectOutcomes = z.infer<typeof ProjectOutcomesSchema>;

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
    /** Outcome counts, e.g. { residentsIntoJobs: 12 }; an outcome not recorded is absent. */
    outcomes: ProjectOutcomesSchema,
    /** The accepted claims it came from. */
    claimIds: z.array(z.string().min(1)).min(1),
  })
  .strict();
/** A co-construction project (共建项目), as validated by `ProjectSchema`. */
export type Project = z.infer<typeof ProjectSchema>;
