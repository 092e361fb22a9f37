import type { z } from 'zod';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema, zodIssuesToIssues } from '../../errors/parse-with-schema.js';
import { type Wish, WishFieldsSchema, WishSchema } from '../../model/wish.js';
import { checkedWishPolicy, type WishPolicy } from './wish-policy.js';

/** What a collector records (征集); the city's rules are checked later, at verification. */
export const WishIntakeSchema = WishFieldsSchema.pick({
  id: true,
  resident: true,
  householdId: true,
  locationId: true,
  category: true,
  description: true,
  valueYuan: true,
  collectedVia: true,
  collectedBy: true,
})
  .extend({ claimantLimit: WishFieldsSchema.shape.claimantLimit.optional() })
  .strict();
/** The input for collecting a wish. */
export type WishIntake = z.input<typeof WishIntakeSchema>;

/** A new wish in the collected stage at `context.at`, with the policy's default claimant limit unless the intake sets one. Pure. */
export function collectWishRecord(intake: WishIntake, context: { at: Date; policy: WishPolicy }): Wish {
  const parsed = WishIntakeSchema.safeParse(intake);
  if (!parsed.success) throw CivicGridError.validation('Wish intake', zodIssuesToIssues(parsed.error, ['intake']), parsed.error);
  const { at } = context;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw CivicGridError.validation('Wish intake', [{ path: ['at'], message: 'must be a valid Date' }]);
  const policy = checkedWishPolicy(context.policy);
  const { claimantLimit, ...fields } = parsed.data;
  return parseWithSchema(WishSchema, { ...fields, status: 'collected', claimantLimit: claimantLimit ?? policy.defaultClaimantLimit, claimants: [], collectedAt: at.toISOString() }, 'Wish');
}
