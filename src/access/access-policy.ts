import { z } from 'zod';
import { AccessActionSchema } from './access-action.js';
import { MaskPatternSchema } from './mask-pattern.js';
import { PERSONAL_DATA_KINDS } from './personal-data.js';

const FieldPathSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'a field is a dotted path of field names');

/**
 * When a rule applies to a record, beyond its scope: every `equals` field
 * (dotted path) holds exactly that value, `own` names the field holding the
 * principal's id, `ownUnit` the field holding the principal's unit id. All
 * listed must hold.
 */
export const AccessConditionSchema = z
  .object({
    equals: z.record(FieldPathSchema, z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    own: FieldPathSchema.optional(),
    ownUnit: FieldPathSchema.optional(),
  })
  .strict();
/** An extra condition a rule's records must meet, as validated by `AccessConditionSchema`. */
export type AccessCondition = z.infer<typeof AccessConditionSchema>;

/**
 * One permission: a `role` may do `actions` on records of `kinds` ('*' = every
 * kind) inside the subtree it is granted at, when `when` holds, seeing the
 * personal fields in `plain` unmasked ('*' = all; default none).
 */
export const AccessRuleSchema = z
  .object({
    role: z.string().min(1),
    actions: z.array(AccessActionSchema).min(1),
    kinds: z.union([z.literal('*'), z.array(z.string().min(1)).min(1)]),
    when: AccessConditionSchema.optional(),
    plain: z.union([z.literal('*'), z.array(FieldPathSchema)]).optional(),
  })
  .strict();
/** One permission: a role may do some actions on some kinds inside its subtree, as validated by `AccessRuleSchema`. */
export type AccessRule = z.infer<typeof AccessRuleSchema>;

/** Rules (anything not allowed is refused) and, optionally, mask patterns replacing the standard ones. */
export const AccessPolicySchema = z
  .object({
    rules: z.array(AccessRuleSchema),
    masks: z.partialRecord(z.enum(PERSONAL_DATA_KINDS), MaskPatternSchema).optional(),
  })
  .strict();
/** Access rules (anything not allowed is refused) and optional mask patterns, as validated by `AccessPolicySchema`. */
export type AccessPolicy = z.infer<typeof AccessPolicySchema>;
