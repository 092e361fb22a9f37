import { z } from 'zod';
import type { ContactPoint, Leader } from '../../model/contact-point.js';
import { MAX_HIERARCHY_HOPS } from '../../model/level.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { assign } from '../matching/assign.js';
import { type ContactPointScopeOptions, parseContactInput } from './contact-point-input.js';

/** Integer weights of a proposal's score. */
export interface ContactProposalWeights {
  /** For a target inside the leader's home sector. */
  sameSector: number;
  /** Per hop closer than the longest possible path. */
  proximity: number;
}

/** The sector weight outweighs every proximity difference, so a leader's own sector comes first. */
export const DEFAULT_CONTACT_PROPOSAL_WEIGHTS: Readonly<ContactProposalWeights> = Object.freeze({ sameSector: 100, proximity: 1 });

export interface ContactProposalOptions extends ContactPointScopeOptions {
  weights?: Partial<ContactProposalWeights>;
}

/** One proposed contact point: a leader, the node to hold, its score and distance. */
export interface ProposedContactPoint {
  leaderId: string;
  /** The community (or sector) the leader should hold. */
  nodeId: string;
  score: number;
  /** Hops from the leader's location to the node. */
  distance: number;
  inHomeSector: boolean;
  /** Free places the leader had before this proposal round. */
  freePlaces: number;
  reason: string;
}

/** What `proposeContactPoints` suggests, and the targets it could not cover. */
export interface ContactPointProposal {
  /** Sorted by node id. */
  proposals: ProposedContactPoint[];
  /** Targets still uncovered: every leader's quota is used up. */
  uncovered: string[];
}

const WeightsSchema = z.object({ sameSector: z.number().int().min(0).max(1e6), proximity: z.number().int().min(0).max(1e6) }).partial().strict();

/**
 * Proposes contact points for the communities (or sectors) in scope that have none: leaders with
 * free places under the quota are assigned optimally by `assign` (most targets covered, then the
 * highest score: own sector first, then nearness in the hierarchy). Never breaks a quota; covers
 * every target whenever the free places add up to the uncovered count.
 */
export function proposeContactPoints(hierarchy: Hierarchy, leaders: readonly Leader[], points: readonly ContactPoint[], options: ContactProposalOptions): ContactPointProposal {
  const input = parseContactInput('proposeContactPoints', { hierarchy, points, leaders, options }, { weights: WeightsSchema.optional() });
  const given = input.options.weights;
  const weights: ContactProposalWeights = {
    sameSector: given?.sameSector ?? DEFAULT_CONTACT_PROPOSAL_WEIGHTS.sameSector,
    proximity: given?.proximity ?? DEFAULT_CONTACT_PROPOSAL_WEIGHTS.proximity,
  };
  const uncovered = input.targets.filter((target) => (input.pointsByTarget.get(target) ?? []).length === 0);
  const freePlaces = new Map((input.leaders ?? []).map((leader) => [leader.id, Math.max(0, input.rules.maxPointsPerLeader - (input.pointsByLeader.get(leader.id) ?? []).length)]));
  const withRoom = (input.leaders ?? []).filter((leader) => (freePlaces.get(leader.id) ?? 0) > 0);

  const scored = new Map<string, Omit<ProposedContactPoint, 'reason' | 'freePlaces'>>();
  const edges = [];
  for (const target of uncovered) {
    for (const leader of withRoom) {
      const distance = input.hierarchy.distance(leader.locationId, target);
      const inHomeSector = leader.homeSectorId !== undefined && input.hierarchy.isWithin(target, leader.homeSectorId);
      const score = (inHomeSector ? weights.sameSector : 0) + weights.proximity * Math.max(0, MAX_HIERARCHY_HOPS - distance);
      scored.set(pairKey(target, leader.id), { leaderId: leader.id, nodeId: target, score, distance, inHomeSector });
      edges.push({ need: target, resource: leader.id, score });
    }
  }
  const solved = assign({
    needs: uncovered.map((id) => ({ id })),
    resources: withRoom.map((leader) => ({ id: leader.id, capacity: freePlaces.get(leader.id) ?? 0 })),
    edges,
  });

  const leaderById = new Map(withRoom.map((leader) => [leader.id, leader]));
  const proposals = solved.pairs.map((pair): ProposedContactPoint => {
    const proposal = scored.get(pairKey(pair.need, pair.resource)) as Omit<ProposedContactPoint, 'reason' | 'freePlaces'>;
    const leader = leaderById.get(pair.resource) as Leader;
    const free = freePlaces.get(leader.id) ?? 0;
    return { ...proposal, freePlaces: free, reason: reasonFor(leader, proposal, free, input.rules.maxPointsPerLeader) };
  });
  const proposed = new Set(proposals.map((proposal) => proposal.nodeId));
  return { proposals, uncovered: uncovered.filter((target) => !proposed.has(target)) };
}

function reasonFor(leader: Leader, proposal: { nodeId: string; distance: number; inHomeSector: boolean }, free: number, max: number): string {
  const sector =
    leader.homeSectorId === undefined ? 'they have no home sector' : `"${proposal.nodeId}" lies ${proposal.inHomeSector ? 'in' : 'outside'} their sector "${leader.homeSectorId}"`;
  return `leader "${leader.id}" has ${free} of ${max} places free; ${sector}; ${proposal.distance} hops from where they sit`;
}

/** A map key no pair of ids can forge: JSON quotes and escapes each id. */
function pairKey(target: string, leaderId: string): string {
  return JSON.stringify([target, leaderId]);
}
