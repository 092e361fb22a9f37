import { z } from 'zod';
import type { ContactPoint, Leader } from '../../model/contact-point.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { type ContactPointScopeOptions, parseContactInput } from './contact-point-input.js';

export interface ContactCoverageOptions extends ContactPointScopeOptions {
  /** The calendar year whose visits count. */
  year: number;
  /** When given, leaders below the minimum number of points are reported too, and every point's leader must be one of them. */
  leaders?: readonly Leader[];
}

/** A leader holding more (or fewer) contact points than the rules allow. */
export interface LeaderQuotaBreach {
  leaderId: string;
  /** Every point the leader holds, in input order. */
  pointIds: string[];
  /** The bound broken: the maximum for 'over', the minimum for 'under'. */
  limit: number;
}

/** A contact point visited fewer times in the year than the rules require. */
export interface PointShortOfVisits {
  pointId: string;
  leaderId: string;
  nodeId: string;
  /** Visits in the year. */
  visits: number;
  required: number;
}

/** What `checkContactCoverage` found: uncovered targets, leaders over or under quota, and points short of visits. */
export interface ContactCoverageReport {
  /** The communities (or sectors) in scope that must be covered, in hierarchy order. */
  targets: string[];
  /** Targets without any contact point. */
  uncovered: string[];
  overQuota: LeaderQuotaBreach[];
  /** Only when `leaders` is given. */
  underQuota: LeaderQuotaBreach[];
  /** Points in scope with fewer visits in the year than the rules ask. */
  shortOfVisits: PointShortOfVisits[];
  ok: boolean;
}

const YearSchema = z.number().int().min(1000).max(9999);

/**
 * Checks contact points (党建联系点) against the rules: every community (or sector) in scope
 * covered (全覆盖), each leader within their quota, each point in scope visited often enough in
 * `year`. A leader's quota counts every point given, in scope or not: it is the leader's own.
 */
export function checkContactCoverage(hierarchy: Hierarchy, points: readonly ContactPoint[], options: ContactCoverageOptions): ContactCoverageReport {
  const input = parseContactInput('checkContactCoverage', { hierarchy, points, leaders: options?.leaders, options: withoutLeaders(options) }, { year: YearSchema });
  const { rules } = input;

  const uncovered = input.targets.filter((target) => (input.pointsByTarget.get(target) ?? []).length === 0);
  const overQuota: LeaderQuotaBreach[] = [];
  for (const [leaderId, held] of input.pointsByLeader) {
    if (held.length > rules.maxPointsPerLeader) overQuota.push({ leaderId, pointIds: held.map((point) => point.id), limit: rules.maxPointsPerLeader });
  }
  const underQuota: LeaderQuotaBreach[] = [];
  for (const leader of input.leaders ?? []) {
    const held = input.pointsByLeader.get(leader.id) ?? [];
    if (held.length < rules.minPointsPerLeader) underQuota.push({ leaderId: leader.id, pointIds: held.map((point) => point.id), limit: rules.minPointsPerLeader });
  }
  const yearPrefix = `${input.options.year}-`;
  const shortOfVisits: PointShortOfVisits[] = [];
  for (const point of input.points) {
    if (!input.hierarchy.isWithin(point.nodeId, input.scope)) continue;
    const visits = point.visits.filter((visit) => visit.date.startsWith(yearPrefix)).length;
    if (visits < rules.minVisitsPerYear) shortOfVisits.push({ pointId: point.id, leaderId: point.leaderId, nodeId: point.nodeId, visits, required: rules.minVisitsPerYear });
  }
  const ok = uncovered.length === 0 && overQuota.length === 0 && underQuota.length === 0 && shortOfVisits.length === 0;
  return { targets: input.targets, uncovered, overQuota, underQuota, shortOfVisits, ok };
}

/** The leaders travel beside the options so their paths read `leaders.k…` like the points'. */
function withoutLeaders(options: ContactCoverageOptions): unknown {
  if (typeof options !== 'object' || options === null) return options;
  const { leaders: _leaders, ...rest } = options;
  return rest;
}
