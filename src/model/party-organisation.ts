import { z } from 'zod';
import { NodeIdSchema } from './hierarchy-node.js';
import type { Level } from './level.js';

/** The four-level party organisation (四级组织体系), top first. */
export const PARTY_ORG_LEVELS = ['communityPartyOrg', 'gridBranch', 'buildingGroup', 'centralHousehold'] as const;
/** Validates a {@link PartyOrgLevel}. */
export const PartyOrgLevelSchema = z.enum(PARTY_ORG_LEVELS);
/** A level of the four-level party organisation, from community party organisation down to central household. */
export type PartyOrgLevel = z.infer<typeof PartyOrgLevelSchema>;

/** The hierarchy level each party-organisation level is attached to. */
export const PARTY_ORG_ATTACHMENT: Readonly<Record<PartyOrgLevel, Level>> = {
  communityPartyOrg: 'community',
  gridBranch: 'grid',
  buildingGroup: 'building',
  centralHousehold: 'household',
};

/** Bilingual labels (zh-CN, en) for each party-organisation level. */
export const PARTY_ORG_LABELS: Readonly<Record<PartyOrgLevel, { zh: string; en: string }>> = {
  communityPartyOrg: { zh: '社区党组织', en: 'community party organisation' },
  gridBranch: { zh: '网格党支部', en: 'grid party branch' },
  buildingGroup: { zh: '楼栋党小组', en: 'building party group' },
  centralHousehold: { zh: '党员中心户', en: 'party-member central household' },
};

/** One party organisation, attached to the hierarchy node of its level. */
export const PartyOrganisationSchema = z
  .object({
    id: NodeIdSchema,
    level: PartyOrgLevelSchema,
    name: z.string().min(1),
    /** The community, grid, building or household it is attached to. */
    nodeId: NodeIdSchema,
    /** The organisation one level up; null for a community party organisation. */
    parentId: NodeIdSchema.nullable(),
  })
  .strict()
  .superRefine((org, ctx) => {
    if ((org.level === 'communityPartyOrg') !== (org.parentId === null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['parentId'],
        message: org.level === 'communityPartyOrg' ? 'a community party organisation has no parent organisation' : `a ${org.level} needs a parent organisation`,
      });
    }
  });

/** A party organisation at one level, as validated by `PartyOrganisationSchema`. */
export type PartyOrganisation = z.infer<typeof PartyOrganisationSchema>;
