import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { isCivicGridError, type ErrorCode } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import type { Claim } from '../../model/claim.js';
import type { Resource } from '../../model/resource.js';
import type { Hierarchy } from '../../rules/hierarchy/hierarchy.js';
import { matchNeeds, type MatchNeedsResult, type MatchWeights } from '../../rules/matching/match-needs.js';
import { type ClaimingStore, dispatch } from './claiming.js';
import { queryAll } from '../query-all.js';
import { liveClaimsIn } from './live-claims.js';

/** How {@link dispatchOpenNeeds} handles a pair it cannot write: fail the round, or skip the pair. */
export const DISPATCH_MODES = ['all-or-nothing', 'partial'] as const;
/** One of {@link DISPATCH_MODES}. */
export type DispatchMode = (typeof DISPATCH_MODES)[number];

/** What {@link dispatchOpenNeeds} takes besides the store: hierarchy, unit locations, time, actor, scope, weights and mode. */
export interface DispatchOpenNeedsOptions {
  hierarchy: Hierarchy;
  /** Where each resource's unit sits, for proximity. */
  units: readonly { id: string; nodeId: string }[];
  at: Date;
  actor: string;
  /** The subtree whose published needs are dispatched, e.g. `hierarchy.pathOf(streetId)`; default `[]`, the whole store. */
  scope?: readonly string[];
  weights?: Partial<MatchWeights>;
  /** 'all-or-nothing' (default): one pair that cannot be written fails the round. 'partial': writes what still fits, reports the rest in `skipped`. */
  mode?: DispatchMode;
}

/** A pair the matcher proposed that could not be written: a rival claimed the need or filled the resource meanwhile. */
export interface SkippedAssignment {
  needId: string;
  resourceId: string;
  code: ErrorCode;
  message: string;
}

/** What {@link dispatchOpenNeeds} did: the match, the proposed claims written, and the pairs skipped. */
export interface DispatchOpenNeedsResult {
  /** The matcher's answer on the store as it was: accepted claims as locked pairs, new pairs, unmatched needs with reasons. */
  match: MatchNeedsResult;
  /** The proposed claims written, one per new pair. */
  claims: StoredRecord<Claim>[];
  /** Partial mode only; always empty in all-or-nothing mode, which throws instead. */
  skipped: SkippedAssignment[];
}

const OptionsSchema = z
  .object({
    hierarchy: z.custom<Hierarchy>((value) => typeof (value as Hierarchy | null)?.pathOf === 'function', 'hierarchy must be a Hierarchy'),
    units: z.array(z.object({ id: z.string().min(1), nodeId: z.string().min(1) }).loose()),
    at: z.date().refine((date) => !Number.isNaN(date.getTime()), 'at must be a valid date'),
    actor: z.string().min(1),
    scope: z.array(z.string().min(1)).optional(),
    // matchNeeds checks the weights themselves.
    weights: z.record(z.string(), z.unknown()).optional(),
    mode: z.enum(DISPATCH_MODES).optional(),
  })
  .strict();

/** Errors that mean "this pair no longer fits"; anything else fails the round in either mode. */
const PAIR_NO_LONGER_FITS: readonly ErrorCode[] = ['CONFLICT', 'VERSION_CONFLICT', 'INVALID_TRANSITION'];

/**
 * A dispatch round on what the store holds now, in one transaction: the
 * published needs in `scope`, every resource with the capacity its live
 * claims leave, and accepted claims kept as locked pairs. Proposed claims
 * and claims without a resource hold their needs out of the round. Rounds
 * can be repeated: each one only sees what is still open.
 */
export async function dispatchOpenNeeds(store: ClaimingStore, options: DispatchOpenNeedsOptions): Promise<DispatchOpenNeedsResult> {
  const parsed = parseWithSchema(OptionsSchema, options, 'dispatchOpenNeeds');
  const { hierarchy, units, at, actor } = parsed;
  return store.as(actor).transaction(async (tx) => {
    const needs = await queryAll(tx, 'need', { scope: parsed.scope ?? [], where: { status: ['published', 'in-progress'] } });
    const resources = await queryAll(tx, 'resource', { scope: [] });
    const live = await liveClaimsIn(tx, []);

    const inProgress = new Set(needs.filter((need) => need.data.status === 'in-progress').map((need) => need.id));
    const resourceIds = new Set(resources.map((resource) => resource.id));
    const locked = live.filter((claim) => claim.data.status === 'accepted' && claim.data.resourceId !== undefined && resourceIds.has(claim.data.resourceId) && inProgress.has(claim.data.needId));
    const lockedIds = new Set(locked.map((claim) => claim.id));
    // Every other live claim on a resource takes capacity the matcher must not hand out again.
    const heldElsewhere = new Map<string, number>();
    for (const claim of live) {
      if (claim.data.resourceId === undefined || lockedIds.has(claim.id)) continue;
      heldElsewhere.set(claim.data.resourceId, (heldElsewhere.get(claim.data.resourceId) ?? 0) + 1);
    }
    const lockedNeeds = new Set(locked.map((claim) => claim.data.needId));
    const match = matchNeeds({
      needs: needs.filter((need) => need.data.status === 'published' || lockedNeeds.has(need.id)).map((need) => need.data),
      resources: resources.map((resource): Resource => ({ ...resource.data, capacity: Math.max(0, resource.data.capacity - (heldElsewhere.get(resource.id) ?? 0)) })),
      units,
      hierarchy,
      at,
      locked: locked.map((claim) => ({ needId: claim.data.needId, resourceId: claim.data.resourceId as string })),
      ...(parsed.weights === undefined ? {} : { weights: parsed.weights as Partial<MatchWeights> }),
    });

    if (parsed.mode !== 'partial') return { match, claims: await dispatch(tx, { result: match, actor, at }), skipped: [] };
    const claims: StoredRecord<Claim>[] = [];
    const skipped: SkippedAssignment[] = [];
    for (const assignment of match.assignments) {
      if (assignment.locked) continue;
      try {
        // Each pair in its own savepoint: a pair that fails leaves no trace.
        claims.push(...(await dispatch(tx, { result: { assignments: [assignment] }, actor, at })));
      } catch (error) {
        if (!isCivicGridError(error) || !PAIR_NO_LONGER_FITS.includes(error.code)) throw error;
        skipped.push({ needId: assignment.needId, resourceId: assignment.resourceId, code: error.code, message: error.message });
      }
    }
    return { match, claims, skipped };
  });
}
