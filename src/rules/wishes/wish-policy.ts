import { z } from 'zod';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { DEFAULT_WISH_CATEGORIES, MAX_WISH_CLAIMANTS, WishCategorySchema, YuanSchema } from '../../model/wish.js';

/**
 * A city's micro-wish rules as data, checked when a wish is verified: a value cap (100 to 500 yuan in
 * practice), whether a household may have only one open wish, the categories accepted, and how many
 * claimants a wish may allow.
 */
export const WishPolicySchema = z
  .object({
    id: z.string().min(1),
    /** The most a wish may be worth, in yuan (whole fen). */
    valueCapYuan: YuanSchema.refine((yuan) => yuan > 0, 'the value cap is above 0'),
    /** One open (verified, published or claimed) wish per household at a time. */
    oneOpenWishPerHousehold: z.boolean(),
    categories: z.array(WishCategorySchema).min(1).refine((ids) => new Set(ids).size === ids.length, 'each category once'),
    /** The claimant limit a wish gets when its collector does not set one. */
    defaultClaimantLimit: z.number().int().min(1).max(MAX_WISH_CLAIMANTS),
    /** The largest claimant limit a wish may ask for (Haikou Meilan lets one wish be shared). */
    maxClaimantLimit: z.number().int().min(1).max(MAX_WISH_CLAIMANTS),
    /** Whether a resident unit (驻区单位) may claim a wish (alone). */
    unitsMayClaim: z.boolean(),
  })
  .strict()
  .refine((policy) => policy.defaultClaimantLimit <= policy.maxClaimantLimit, { path: ['defaultClaimantLimit'], message: 'must not exceed maxClaimantLimit' });
/** The policy for wishes. */
export type WishPolicy = z.infer<typeof WishPolicySchema>;

/** The default: ¥500 cap, one open wish per household, one claimant unless the wish allows up to 5. */
export const DEFAULT_WISH_POLICY: WishPolicy = {
  id: 'default',
  valueCapYuan: 500,
  oneOpenWishPerHousehold: true,
  categories: [...DEFAULT_WISH_CATEGORIES],
  defaultClaimantLimit: 1,
  maxClaimantLimit: 5,
  unitsMayClaim: true,
};

/**
 * City presets. Guangzhou: one wish per family, worth ¥300 to ¥500 depending on the district; the preset
 * takes the strict end (pass `valueCapYuan` up to 500 to `createWishPolicy` for a district allowing more).
 * Sanya: 1:1 claims. Tongchuan: the default (the source gives no cap).
 */
export const WISH_POLICY_PRESETS = {
  default: DEFAULT_WISH_POLICY,
  tongchuan: { ...DEFAULT_WISH_POLICY, id: 'tongchuan' },
  guangzhou: { ...DEFAULT_WISH_POLICY, id: 'guangzhou', valueCapYuan: 300 },
  sanya: { ...DEFAULT_WISH_POLICY, id: 'sanya', maxClaimantLimit: 1 },
} as const satisfies Record<string, WishPolicy>;
/** The name of a wish policy preset. */
export type WishPolicyPreset = keyof typeof WISH_POLICY_PRESETS;

const GUANGZHOU_CAP_RANGE = { min: 300, max: 500 } as const;

/** A preset with overrides, validated; VALIDATION_FAILED naming the bad field (Guangzhou caps stay within ¥300–500). */
export function createWishPolicy(preset: WishPolicyPreset = 'default', overrides: Partial<WishPolicy> = {}): WishPolicy {
  const base = WISH_POLICY_PRESETS[preset];
  if (base === undefined) throw CivicGridError.validation('createWishPolicy', [{ path: ['preset'], message: `must be one of ${Object.keys(WISH_POLICY_PRESETS).join(', ')}` }]);
  const policy = checkedWishPolicy({ ...base, ...overrides });
  if (preset === 'guangzhou' && (policy.valueCapYuan < GUANGZHOU_CAP_RANGE.min || policy.valueCapYuan > GUANGZHOU_CAP_RANGE.max)) {
    throw CivicGridError.validation('createWishPolicy', [{ path: ['valueCapYuan'], message: `Guangzhou caps a wish at ¥${GUANGZHOU_CAP_RANGE.min} to ¥${GUANGZHOU_CAP_RANGE.max}, got ¥${policy.valueCapYuan}` }]);
  }
  return policy;
}

const checked = new WeakSet<object>();

/** The policy, validated once per object (VALIDATION_FAILED otherwise). */
export function checkedWishPolicy(policy: unknown): WishPolicy {
  if (typeof policy === 'object' && policy !== null && checked.has(policy)) return policy as WishPolicy;
  const parsed = parseWithSchema(WishPolicySchema, policy, 'Wish policy');
  if (typeof policy === 'object' && policy !== null) checked.add(policy);
  return parsed;
}
