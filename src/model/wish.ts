import { z } from 'zod';
import { personalData } from '../access/personal-data.js';
import { NodeIdSchema } from './hierarchy-node.js';
import { IsoDateTimeSchema } from './need.js';

/**
 * Stages of a micro-wish (微心愿): collected (征集) → verified (审核) → published (公示) → claimed
 * (认领) → fulfilled (兑现, delivered) → feedbackGiven (回访评价); withdrawn or rejected on the way.
 */
export const WISH_STATUSES = ['collected', 'verified', 'published', 'claimed', 'fulfilled', 'feedbackGiven', 'withdrawn', 'rejected'] as const;
/** Schema of {@link WishStatus}. */
export const WishStatusSchema = z.enum(WISH_STATUSES);
/** The status of a wish. */
export type WishStatus = z.infer<typeof WishStatusSchema>;

/** Verified and not yet delivered: the statuses "one open wish per household" counts. */
export const OPEN_WISH_STATUSES: readonly WishStatus[] = ['verified', 'published', 'claimed'];

/** How a wish was collected: a member's or worker's home visit (入户走访), a grid worker's round, or online. */
export const WISH_COLLECTION_CHANNELS = ['homeVisit', 'gridWorker', 'online'] as const;
/** Schema of {@link WishCollectionChannel}. */
export const WishCollectionChannelSchema = z.enum(WISH_COLLECTION_CHANNELS);
/** The channel a wish was collected through. */
export type WishCollectionChannel = z.infer<typeof WishCollectionChannelSchema>;

/** A category id; which ones a city accepts is its policy's (see WishPolicy.categories). */
export const WishCategorySchema = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'a category id is a camelCase word, e.g. "studySupplies"');
/** The category of a wish. */
export type WishCategory = z.infer<typeof WishCategorySchema>;

/** The categories the default policy accepts, with their labels (small, concrete needs of one household). */
export const WISH_CATEGORY_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  dailyNecessities: { zh: '生活用品', en: 'daily necessities' },
  studySupplies: { zh: '学习用品', en: 'study supplies' },
  elderlyCare: { zh: '助老服务', en: 'help for the elderly' },
  homeRepair: { zh: '家居维修', en: 'small home repairs' },
  medicalAid: { zh: '就医帮扶', en: 'help with medical care' },
  companionship: { zh: '陪伴关爱', en: 'company and care' },
  employmentHelp: { zh: '就业帮扶', en: 'help finding work' },
  festivalGifts: { zh: '节日慰问', en: 'festival visits and gifts' },
};
/** The default wish categories. */
export const DEFAULT_WISH_CATEGORIES: readonly string[] = Object.keys(WISH_CATEGORY_LABELS);

/**
 * The amount in fen (分) of a yuan value with at most two decimals, else null. A double with at most
 * two decimals is the one nearest to fen / 100, so the round trip is exact: money never drifts.
 */
export function fenOfYuan(yuan: number): number | null {
  if (!Number.isFinite(yuan)) return null;
  const fen = Math.round(yuan * 100);
  return Number.isSafeInteger(fen) && fen / 100 === yuan ? fen : null;
}

/** Yuan with at most two decimals (whole fen), not negative. */
export const YuanSchema = z
  .number()
  .min(0, 'a value in yuan is not negative')
  .refine((yuan) => fenOfYuan(yuan) !== null, 'a value in yuan has at most two decimals (whole fen)');

/** The kinds of claimant that can claim a wish. */
export const WISH_CLAIMANT_KINDS = ['member', 'unit'] as const;

/** Who claimed: an in-service party member (by member id) or a resident unit (驻区单位). */
export const WishClaimantSchema = z.object({ kind: z.enum(WISH_CLAIMANT_KINDS), id: NodeIdSchema, at: IsoDateTimeSchema }).strict();
/** The claimant of a wish. */
export type WishClaimant = z.infer<typeof WishClaimantSchema>;

/** The resident the wish is for: personal data, declared so access control masks it. */
export const WishResidentSchema = z
  .object({
    name: z.string().min(1).register(personalData, { kind: 'name' }),
    phone: z.string().min(1).register(personalData, { kind: 'phone' }).optional(),
    address: z.string().min(1).register(personalData, { kind: 'address' }).optional(),
  })
  .strict();
/** The resident who made a wish. */
export type WishResident = z.infer<typeof WishResidentSchema>;

/** 回访评价: the resident's rating after delivery. */
export const WishFeedbackSchema = z
  .object({ rating: z.number().int().min(1).max(5), comment: z.string().min(1).register(personalData, { kind: 'freeText' }).optional() })
  .strict();
/** Feedback on a fulfilled wish. */
export type WishFeedback = z.infer<typeof WishFeedbackSchema>;

/** The most claimants one wish may allow; a city's policy may allow fewer. */
export const MAX_WISH_CLAIMANTS = 100;

/** Which stage timestamp each status needs (the stage's own, and every one before it on the happy path). */
const STAGE_FIELDS = ['verifiedAt', 'publishedAt', 'claimedAt', 'fulfilledAt', 'feedbackAt'] as const;
const STAGES_REACHED: Readonly<Record<WishStatus, number>> = { collected: 0, verified: 1, published: 2, claimed: 3, fulfilled: 4, feedbackGiven: 5, withdrawn: 0, rejected: 0 };

/** Schema of the fields of a wish. */
export const WishFieldsSchema = z
  .object({
    id: NodeIdSchema,
    resident: WishResidentSchema,
    /** The household (户) the wish comes from: it identifies a family, so it is personal data. */
    householdId: z.string().min(1).register(personalData, { kind: 'personId' }),
    /** The hierarchy node the wish lives at (a grid, building or household node); the store scope is its path. */
    locationId: NodeIdSchema,
    category: WishCategorySchema,
    /** Residents write names and circumstances into it. */
    description: z.string().min(1).register(personalData, { kind: 'freeText' }),
    /** What fulfilling it costs, in yuan with whole fen: an exact decimal, summed exactly by the KPIs. */
    valueYuan: YuanSchema,
    collectedVia: WishCollectionChannelSchema,
    /** The member or worker who collected it. */
    collectedBy: NodeIdSchema.optional(),
    status: WishStatusSchema,
    /** How many claimants may share it: 1 by default, several members up to this limit. A unit claims it whole. */
    claimantLimit: z.number().int().min(1).max(MAX_WISH_CLAIMANTS),
    claimants: z.array(WishClaimantSchema),
    collectedAt: IsoDateTimeSchema,
    verifiedAt: IsoDateTimeSchema.optional(),
    publishedAt: IsoDateTimeSchema.optional(),
    /** When the first claimant took it. */
    claimedAt: IsoDateTimeSchema.optional(),
    fulfilledAt: IsoDateTimeSchema.optional(),
    feedbackAt: IsoDateTimeSchema.optional(),
    /** When it was withdrawn or rejected, and why. */
    closedAt: IsoDateTimeSchema.optional(),
    closingReason: z.string().min(1).optional(),
    feedback: WishFeedbackSchema.optional(),
  })
  .strict();

/** A micro-wish (微心愿) as plain JSON (ISO times), so a store kind `wish: WishSchema` holds it as is. */
export const WishSchema = WishFieldsSchema.superRefine((wish, ctx) => {
  const reached = STAGES_REACHED[wish.status];
  STAGE_FIELDS.forEach((field, index) => {
    if (index < reached && wish[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `a ${wish.status} wish records ${field}` });
  });
  const closed = wish.status === 'withdrawn' || wish.status === 'rejected';
  if (closed !== (wish.closedAt !== undefined)) ctx.addIssue({ code: 'custom', path: ['closedAt'], message: closed ? `a ${wish.status} wish records closedAt` : `only a withdrawn or rejected wish has closedAt` });
  if (wish.claimants.length > wish.claimantLimit) ctx.addIssue({ code: 'custom', path: ['claimants'], message: `more claimants (${wish.claimants.length}) than the limit (${wish.claimantLimit})` });
  if (wish.claimants.some((claimant) => claimant.kind === 'unit') && wish.claimants.length > 1) ctx.addIssue({ code: 'custom', path: ['claimants'], message: 'a unit claims a wish alone' });
  const ids = wish.claimants.map((claimant) => `${claimant.kind}:${claimant.id}`);
  if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['claimants'], message: 'a claimant appears twice' });
  if (wish.claimants.length === 0 && reached >= 3) ctx.addIssue({ code: 'custom', path: ['claimants'], message: `a ${wish.status} wish has a claimant` });
  if ((wish.feedback !== undefined) !== (wish.status === 'feedbackGiven')) ctx.addIssue({ code: 'custom', path: ['feedback'], message: 'feedback comes with the feedbackGiven status, and only with it' });
});
/** A wish (微心愿). */
export type Wish = z.infer<typeof WishSchema>;
