import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { CONTACT_POINT_RULES, type ContactPoint, ContactPointRulesSchema, type ContactPointRules, ContactPointSchema, type Leader, LeaderSchema } from '../../model/contact-point.js';
import { NodeIdSchema } from '../../model/hierarchy-node.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';

export const HierarchyArgumentSchema = z.custom<Hierarchy>((value) => typeof (value as Hierarchy | null)?.pathOf === 'function', 'hierarchy must be a Hierarchy');

/** The options both the check and the proposal take. */
export interface ContactPointScopeOptions {
  /** The node whose communities (or sectors) must all be covered. */
  scope: string;
  /** Default CONTACT_POINT_RULES. */
  rules?: ContactPointRules;
}

export interface ParsedContactInput {
  hierarchy: Hierarchy;
  points: ContactPoint[];
  leaders: Leader[] | undefined;
  scope: string;
  rules: ContactPointRules;
  /** The nodes at the coverage level inside the scope, in hierarchy order. */
  targets: string[];
  /** Per target, the points that cover it. */
  pointsByTarget: Map<string, ContactPoint[]>;
  /** Per leader id, every point they hold (in or out of scope). */
  pointsByLeader: Map<string, ContactPoint[]>;
}

/**
 * Validates the shared input and indexes it, or throws VALIDATION_FAILED naming every offender:
 * unknown nodes, duplicate ids, and (when leaders are given) points of unknown leaders.
 */
export function parseContactInput<Extra extends z.ZodRawShape>(
  subject: string,
  input: { hierarchy: unknown; points: unknown; leaders?: unknown; options: unknown },
  extraOptions: Extra,
): ParsedContactInput & { options: z.output<z.ZodObject<Extra>> } {
  const parsed = parseWithSchema(
    z.object({
      hierarchy: HierarchyArgumentSchema,
      points: z.array(ContactPointSchema),
      leaders: z.array(LeaderSchema).optional(),
      options: z.object({ scope: NodeIdSchema, rules: ContactPointRulesSchema.optional(), ...extraOptions }).strict(),
    }),
    input,
    subject,
  );
  const { hierarchy, points, leaders } = parsed;
  const { scope, rules = CONTACT_POINT_RULES } = parsed.options as { scope: string; rules?: ContactPointRules };
  const issues: Issue[] = [];
  const known = (id: string, path: Issue['path']) => {
    if (!hierarchy.has(id)) issues.push({ path, message: `unknown hierarchy node "${id}"` });
  };
  known(scope, ['options', 'scope']);
  const pointIds = new Set<string>();
  points.forEach((point, k) => {
    if (pointIds.has(point.id)) issues.push({ path: ['points', k, 'id'], message: `duplicate contact point id "${point.id}"` });
    pointIds.add(point.id);
    known(point.nodeId, ['points', k, 'nodeId']);
  });
  if (leaders !== undefined) {
    const leaderIds = new Set<string>();
    leaders.forEach((leader, k) => {
      if (leaderIds.has(leader.id)) issues.push({ path: ['leaders', k, 'id'], message: `duplicate leader id "${leader.id}"` });
      leaderIds.add(leader.id);
      known(leader.locationId, ['leaders', k, 'locationId']);
      if (leader.homeSectorId !== undefined) known(leader.homeSectorId, ['leaders', k, 'homeSectorId']);
    });
    points.forEach((point, k) => {
      if (!leaderIds.has(point.leaderId)) issues.push({ path: ['points', k, 'leaderId'], message: `unknown leader "${point.leaderId}"` });
    });
  }
  if (issues.length > 0) throw CivicGridError.validation(subject, issues);

  const scopeNode = hierarchy.getOrThrow(scope);
  const targets = [scopeNode, ...hierarchy.descendants(scope)].filter((node) => node.level === rules.coverageLevel).map((node) => node.id);
  const pointsByTarget = new Map<string, ContactPoint[]>(targets.map((target) => [target, []]));
  const pointsByLeader = new Map<string, ContactPoint[]>();
  for (const point of points) {
    const target = coveredTarget(hierarchy, point.nodeId, rules);
    if (target !== undefined) pointsByTarget.get(target)?.push(point);
    const held = pointsByLeader.get(point.leaderId);
    if (held === undefined) pointsByLeader.set(point.leaderId, [point]);
    else held.push(point);
  }
  return { hierarchy, points, leaders, scope, rules, targets, pointsByTarget, pointsByLeader, options: parsed.options as z.output<z.ZodObject<Extra>> };
}

/** The node at the coverage level on the point's path: a point on a community (or below it) covers that community. */
function coveredTarget(hierarchy: Hierarchy, nodeId: string, rules: ContactPointRules): string | undefined {
  return hierarchy.pathOf(nodeId).find((id) => hierarchy.levelOf(id) === rules.coverageLevel);
}
