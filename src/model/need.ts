import { z } from 'zod';
import { personalData } from '../access/personal-data.js';
import { NodeIdSchema } from './hierarchy-node.js';

/** Categories of need and of the resources that serve them (from the resource lists and service catalogue). */
export const NEED_CATEGORIES = [
  'elderlyCare',
  'childCare',
  'hardshipAid',
  'medical',
  'legal',
  'employment',
  'education',
  'housingRepair',
  'cultureSports',
  'environment',
] as const;
/** Validates a {@link NeedCategory}. */
export const NeedCategorySchema = z.enum(NEED_CATEGORIES);
/** One of the need categories (养老服务, 法律服务, …). */
export type NeedCategory = z.infer<typeof NeedCategorySchema>;

/** Bilingual labels (zh-CN, en) for each need category. */
export const NEED_CATEGORY_LABELS: Readonly<Record<NeedCategory, { zh: string; en: string }>> = {
  elderlyCare: { zh: '养老服务', en: 'elderly care' },
  childCare: { zh: '留守儿童关爱', en: 'care for left-behind children' },
  hardshipAid: { zh: '困难帮扶', en: 'aid to families in hardship' },
  medical: { zh: '义诊医疗', en: 'free clinics' },
  legal: { zh: '法律服务', en: 'legal aid and education' },
  employment: { zh: '就业帮扶', en: 'employment help' },
  education: { zh: '教育辅导', en: 'tutoring' },
  housingRepair: { zh: '房屋维修', en: 'home repairs' },
  cultureSports: { zh: '文体活动', en: 'culture and sports' },
  environment: { zh: '环境整治', en: 'environment clean-up' },
};

/** Lifecycle of a need; rejected, withdrawn and expired close it, as does confirmed. */
export const NEED_STATUSES = [
  'submitted',
  'verified',
  'published',
  'claimed',
  'in-progress',
  'fulfilled',
  'confirmed',
  'rejected',
  'withdrawn',
  'expired',
] as const;
/** Validates a {@link NeedStatus}. */
export const NeedStatusSchema = z.enum(NEED_STATUSES);
/** A need's lifecycle status. */
export type NeedStatus = z.infer<typeof NeedStatusSchema>;

/** An ISO 8601 date-time that carries its UTC offset, so the instant is unambiguous. */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

/** A time window [start, end): ISO date-times, end after start. */
export const TimeWindowSchema = z
  .object({ start: IsoDateTimeSchema, end: IsoDateTimeSchema })
  .strict()
  .refine((window) => Date.parse(window.end) > Date.parse(window.start), { message: 'end must be after start', path: ['end'] });
/** A time window [start, end) as ISO date-times. */
export type TimeWindow = z.infer<typeof TimeWindowSchema>;

/** Who can raise a need: a resident, a household or a community. */
export const REQUESTER_KINDS = ['resident', 'household', 'community'] as const;

/** A resident's, household's or community's need (需求清单 entry). */
export const NeedSchema = z
  .object({
    id: NodeIdSchema,
    category: NeedCategorySchema,
    /** Free text: residents write names, phone numbers and circumstances into it. */
    description: z.string().min(1).register(personalData, { kind: 'freeText' }),
    /** A household, building, grid or community node of the hierarchy. */
    locationId: NodeIdSchema,
    quantity: z.number().int().min(1),
    /** 1 (can wait) to 5 (urgent). */
    urgency: z.number().int().min(1).max(5),
    /** When the need must be met; absent means any time. */
    window: TimeWindowSchema.optional(),
    requester: z.object({ kind: z.enum(REQUESTER_KINDS), id: z.string().min(1).register(personalData, { kind: 'personId' }) }).strict(),
    createdAt: IsoDateTimeSchema,
    status: NeedStatusSchema,
  })
  .strict();
/** A need (需求清单 entry), as validated by `NeedSchema`. */
export type Need = z.infer<typeof NeedSchema>;
