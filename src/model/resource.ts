import { z } from 'zod';
import { personalData } from '../access/personal-data.js';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema, NeedCategorySchema, TimeWindowSchema } from './need.js';

/** What a unit offers: people, money, materials or a service. */
export const RESOURCE_KINDS = ['people', 'money', 'materials', 'service'] as const;
/** Validates a {@link ResourceKind}. */
export const ResourceKindSchema = z.enum(RESOURCE_KINDS);
/** What a resource offers: people, money, materials or a service. */
export type ResourceKind = z.infer<typeof ResourceKindSchema>;

/** A unit's offer (资源清单 entry). */
export const ResourceSchema = z
  .object({
    id: NodeIdSchema,
    unitId: z.string().min(1),
    kind: ResourceKindSchema,
    title: z.string().min(1),
    categories: z.array(NeedCategorySchema).min(1),
    /** How many needs it can take in the period. */
    capacity: z.number().int().min(0),
    /** Roots of the hierarchy subtrees it serves. */
    serviceArea: z.array(NodeIdSchema).min(1),
    /** When it can be delivered. */
    availability: TimeWindowSchema,
    /** When the offer stands. */
    validity: z.object({ from: IsoDateTimeSchema, to: IsoDateTimeSchema }).strict(),
    /** Categories or requester ids it will not take. */
    declines: z.object({ categories: z.array(NeedCategorySchema).optional(), requesters: z.array(z.string().min(1).register(personalData, { kind: 'personId' })).optional() }).strict().optional(),
  })
  .strict();
/** A unit's offer (资源清单 entry), as validated by `ResourceSchema`. */
export type Resource = z.infer<typeof ResourceSchema>;
