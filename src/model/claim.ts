import { z } from 'zod';
import { IsoDateTimeSchema } from './need.js';

/** Lifecycle of a claim: proposed, then accepted and fulfilled, or cancelled. */
export const CLAIM_STATUSES = ['proposed', 'accepted', 'fulfilled', 'cancelled'] as const;
/** Validates a {@link ClaimStatus}. */
export const ClaimStatusSchema = z.enum(CLAIM_STATUSES);
/** A claim's lifecycle status. */
export type ClaimStatus = z.infer<typeof ClaimStatusSchema>;

/** Two-way claiming (双向认领): a unit claims a need, or a community claims a unit's resource for a need. */
export const CLAIM_DIRECTIONS = ['unitClaimsNeed', 'communityClaimsResource'] as const;
/** Validates a {@link ClaimDirection}. */
export const ClaimDirectionSchema = z.enum(CLAIM_DIRECTIONS);
/** Which side claimed: a unit claiming a need, or a community claiming a unit's resource. */
export type ClaimDirection = z.infer<typeof ClaimDirectionSchema>;

/** Links one need to one resource (or directly to a unit). */
export const ClaimSchema = z
  .object({
    id: z.string().min(1),
    needId: z.string().min(1),
    resourceId: z.string().min(1).optional(),
    unitId: z.string().min(1),
    direction: ClaimDirectionSchema,
    /** Who claimed: the unit's or the community's id. */
    claimedBy: z.string().min(1),
    /** 'dispatch' when it came from one-to-one dispatch (一对一精准派单). */
    via: z.enum(['manual', 'dispatch']),
    status: ClaimStatusSchema,
    createdAt: IsoDateTimeSchema,
    /** The dispatch score, when it came from dispatch. */
    score: z.number().optional(),
  })
  .strict();
/** A claim linking one need to one resource or unit, as validated by `ClaimSchema`. */
export type Claim = z.infer<typeof ClaimSchema>;
