import { z } from 'zod';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema } from './need.js';

/** The posts a community offers its registered members (服务岗位). */
export const SERVICE_POST_KINDS = ['buildingLead', 'volunteer', 'mediator', 'gridAssistant', 'policyPromoter', 'other'] as const;
/** Schema of {@link ServicePostKind}. */
export const ServicePostKindSchema = z.enum(SERVICE_POST_KINDS);
/** The kind of a service post. */
export type ServicePostKind = z.infer<typeof ServicePostKindSchema>;

/** Chinese and English labels of each service post kind. */
export const SERVICE_POST_KIND_LABELS: Readonly<Record<ServicePostKind, { zh: string; en: string }>> = {
  buildingLead: { zh: '楼道长', en: 'building lead' },
  volunteer: { zh: '志愿者', en: 'volunteer' },
  mediator: { zh: '调解员', en: 'mediator' },
  gridAssistant: { zh: '网格协管员', en: 'grid assistant' },
  policyPromoter: { zh: '政策宣传员', en: 'policy promoter' },
  other: { zh: '其他岗位', en: 'other post' },
};

/** A service post (服务岗位) a community offers, held by up to `capacity` members at once. */
export const ServicePostSchema = z
  .object({
    id: NodeIdSchema,
    communityId: NodeIdSchema,
    kind: ServicePostKindSchema,
    title: z.string().min(1),
    capacity: z.number().int().min(1),
  })
  .strict();
/** A service post that members can claim. */
export type ServicePost = z.infer<typeof ServicePostSchema>;

/** A registered member holding a service post (认领服务岗位). */
export const PostClaimSchema = z
  .object({
    id: NodeIdSchema,
    postId: NodeIdSchema,
    memberId: NodeIdSchema,
    communityId: NodeIdSchema,
    unitId: NodeIdSchema,
    claimedAt: IsoDateTimeSchema,
  })
  .strict();
/** A claim of a service post. */
export type PostClaim = z.infer<typeof PostClaimSchema>;
