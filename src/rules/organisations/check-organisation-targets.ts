import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { NodeIdSchema } from '../../model/hierarchy-node.js';
import {
  type CommunitySetting,
  type IncubationStage,
  ORGANISATION_TARGETS,
  ORGANISATION_TYPES,
  type OrganisationTargets,
  OrganisationTargetsSchema,
  type OrganisationType,
  type SocialOrganisation,
  SocialOrganisationSchema,
} from '../../model/social-organisation.js';
import { HierarchyArgumentSchema } from '../contact-points/contact-point-input.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';

/** Options for checking organisation targets. */
export interface CheckOrganisationTargetsOptions {
  /** The node whose communities are checked. */
  scope: string;
  /** Rural communities (村改居, 涉农社区) besides those whose node says `area: 'rural'`; every other community is urban. */
  ruralCommunityIds?: readonly string[];
  /** Default ORGANISATION_TARGETS (191号: 10 urban, 5 rural). */
  targets?: OrganisationTargets;
}

/** One community's organisations against its target. */
export interface CommunityOrganisationStanding {
  communityId: string;
  setting: CommunitySetting;
  target: number;
  /** Organisations not exited. */
  active: number;
  /** How many more it needs; 0 when it meets the target. */
  shortBy: number;
  byType: Record<OrganisationType, number>;
}

/** A report on organisation targets. */
export interface OrganisationTargetReport {
  /** Every community in scope, in hierarchy order. */
  communities: CommunityOrganisationStanding[];
  /** The ids of the communities short of their target. */
  short: string[];
}

/** The stage a group leaves incubation by dropping out: it no longer counts towards the target. */
const GONE: IncubationStage = 'exited';

const InputSchema = z.object({
  hierarchy: HierarchyArgumentSchema,
  organisations: z.array(SocialOrganisationSchema),
  options: z.object({ scope: NodeIdSchema, ruralCommunityIds: z.array(NodeIdSchema).optional(), targets: OrganisationTargetsSchema.optional() }).strict(),
});

/**
 * Counts each community's organisations (exited ones aside) against the 191号 target for its setting
 * and lists the communities short of it. Throws VALIDATION_FAILED for unknown or non-community nodes
 * and duplicate ids.
 */
export function checkOrganisationTargets(hierarchy: Hierarchy, organisations: readonly SocialOrganisation[], options: CheckOrganisationTargetsOptions): OrganisationTargetReport {
  const parsed = parseWithSchema(InputSchema, { hierarchy, organisations, options }, 'checkOrganisationTargets');
  const { scope, ruralCommunityIds = [], targets = ORGANISATION_TARGETS } = parsed.options;
  const issues: Issue[] = [];
  const isCommunity = (id: string) => hierarchy.has(id) && hierarchy.levelOf(id) === 'community';
  if (!hierarchy.has(scope)) issues.push({ path: ['options', 'scope'], message: `unknown hierarchy node "${scope}"` });
  ruralCommunityIds.forEach((id, k) => {
    if (!isCommunity(id)) issues.push({ path: ['options', 'ruralCommunityIds', k], message: `"${id}" is not a community of the hierarchy` });
  });
  const ids = new Set<string>();
  parsed.organisations.forEach((organisation, k) => {
    if (ids.has(organisation.id)) issues.push({ path: ['organisations', k, 'id'], message: `duplicate organisation id "${organisation.id}"` });
    ids.add(organisation.id);
    if (!isCommunity(organisation.communityId)) issues.push({ path: ['organisations', k, 'communityId'], message: `"${organisation.communityId}" is not a community of the hierarchy` });
  });
  if (issues.length > 0) throw CivicGridError.validation('checkOrganisationTargets', issues);

  const rural = new Set(ruralCommunityIds);
  const standings = new Map<string, CommunityOrganisationStanding>();
  for (const node of [hierarchy.getOrThrow(scope), ...hierarchy.descendants(scope)]) {
    if (node.level !== 'community') continue;
    // The node's own area (城乡属性) first, as the organisations-target KPI reads it; the list adds to it.
    const setting: CommunitySetting = node.area === 'rural' || rural.has(node.id) ? 'rural' : 'urban';
    const byType = Object.fromEntries(ORGANISATION_TYPES.map((type) => [type, 0])) as Record<OrganisationType, number>;
    standings.set(node.id, { communityId: node.id, setting, target: targets[setting], active: 0, shortBy: 0, byType });
  }
  for (const organisation of parsed.organisations) {
    const standing = standings.get(organisation.communityId);
    if (standing === undefined || organisation.stage === GONE) continue;
    standing.active++;
    standing.byType[organisation.type]++;
  }
  const communities = [...standings.values()].map((standing) => ({ ...standing, shortBy: Math.max(0, standing.target - standing.active) }));
  return { communities, short: communities.filter((standing) => standing.shortBy > 0).map((standing) => standing.communityId) };
}
