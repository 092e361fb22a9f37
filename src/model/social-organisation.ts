import { z } from 'zod';
import { personalData } from '../access/personal-data.js';
import { CalendarDateSchema } from './contact-point.js';
import { NodeIdSchema } from './hierarchy-node.js';

/** 社区社会组织 types: the 191号 priorities (生活服务, 公益慈善, 居民互助) and Sichuan's 文体活动, 社区事务. */
export const ORGANISATION_TYPES = ['life-service', 'charity', 'mutual-aid', 'culture-and-sports', 'community-affairs'] as const;
/** Schema of {@link OrganisationType}. */
export const OrganisationTypeSchema = z.enum(ORGANISATION_TYPES);
/** The type of a social organisation. */
export type OrganisationType = z.infer<typeof OrganisationTypeSchema>;

/** Chinese and English labels of each organisation type. */
export const ORGANISATION_TYPE_LABELS: Readonly<Record<OrganisationType, { zh: string; en: string }>> = {
  'life-service': { zh: '生活服务类', en: 'life services' },
  charity: { zh: '公益慈善类', en: 'charity' },
  'mutual-aid': { zh: '居民互助类', en: 'mutual aid' },
  'culture-and-sports': { zh: '文体活动类', en: 'culture and sports' },
  'community-affairs': { zh: '社区事务类', en: 'community affairs' },
};

/** Tiered management: registered with civil affairs (登记), filed with the street (备案), or guided by the community. */
export const ORGANISATION_TIERS = ['registered', 'filed', 'guided'] as const;
/** Schema of {@link OrganisationTier}. */
export const OrganisationTierSchema = z.enum(ORGANISATION_TIERS);
/** The tier of a social organisation. */
export type OrganisationTier = z.infer<typeof OrganisationTierSchema>;

/** Chinese and English labels of each organisation tier. */
export const ORGANISATION_TIER_LABELS: Readonly<Record<OrganisationTier, { zh: string; en: string }>> = {
  registered: { zh: '民政登记', en: 'registered with civil affairs' },
  filed: { zh: '街道备案', en: 'filed with the street' },
  guided: { zh: '社区指导', en: 'guided by the community' },
};

/** Incubation (孵化): 萌芽期 → 初创期 → 重点扶持 → 出壳; a group may leave (退出) at any stage. */
export const INCUBATION_STAGES = ['seed', 'start-up', 'key-support', 'graduated', 'exited'] as const;
/** Schema of {@link IncubationStage}. */
export const IncubationStageSchema = z.enum(INCUBATION_STAGES);
/** The incubation stage of a social organisation. */
export type IncubationStage = z.infer<typeof IncubationStageSchema>;

/** Chinese and English labels of each incubation stage. */
export const INCUBATION_STAGE_LABELS: Readonly<Record<IncubationStage, { zh: string; en: string }>> = {
  seed: { zh: '萌芽期', en: 'seed' },
  'start-up': { zh: '初创期', en: 'start-up' },
  'key-support': { zh: '重点扶持', en: 'key support' },
  graduated: { zh: '出壳', en: 'graduated' },
  exited: { zh: '退出', en: 'exited' },
};

/** One activity an organisation ran for residents (培训、服务活动). */
export const OrganisationActivitySchema = z
  .object({
    date: CalendarDateSchema,
    title: z.string().min(1),
    participants: z.number().int().min(0),
  })
  .strict();
/** An activity held by a social organisation. */
export type OrganisationActivity = z.infer<typeof OrganisationActivitySchema>;

/** A community social organisation (社区社会组织), e.g. a calligraphy group or a volunteer team. */
export const SocialOrganisationSchema = z
  .object({
    id: NodeIdSchema,
    name: z.string().min(1),
    /** The community it serves. */
    communityId: NodeIdSchema,
    type: OrganisationTypeSchema,
    tier: OrganisationTierSchema,
    stage: IncubationStageSchema,
    /** The person in charge (负责人). */
    contact: z.object({ name: z.string().min(1).register(personalData, { kind: 'name' }), phone: z.string().min(1).register(personalData, { kind: 'phone' }).optional() }).strict(),
    members: z.number().int().min(0),
    foundedOn: CalendarDateSchema,
    activities: z.array(OrganisationActivitySchema),
  })
  .strict();
/** A social organisation (社会组织). */
export type SocialOrganisation = z.infer<typeof SocialOrganisationSchema>;

/** Urban or rural: the 191号 target differs. The hierarchy does not record it, so the caller says which communities are rural. */
export const COMMUNITY_SETTINGS = ['urban', 'rural'] as const;
/** The community setting an organisation works in. */
export type CommunitySetting = (typeof COMMUNITY_SETTINGS)[number];

/** Organisations (not exited) each community should have. */
export const OrganisationTargetsSchema = z
  .object({ urban: z.number().int().min(0), rural: z.number().int().min(0) })
  .strict();
/** Targets for social organisations. */
export type OrganisationTargets = z.infer<typeof OrganisationTargetsSchema>;

/** 民发〔2017〕191号: by 2020, at least 10 per urban community and 5 per rural one. */
export const ORGANISATION_TARGETS: Readonly<OrganisationTargets> = Object.freeze({ urban: 10, rural: 5 });
