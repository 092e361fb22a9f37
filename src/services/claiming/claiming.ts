import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import type { Store } from '../../adapters/store.js';
import { CivicGridError, isCivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { type Claim, ClaimSchema, type ClaimStatus } from '../../model/claim.js';
import { type Need, NeedSchema, type NeedStatus } from '../../model/need.js';
import { type Project, ProjectOutcomesSchema, ProjectSchema } from '../../model/project.js';
import { ResourceSchema } from '../../model/resource.js';
import { assertTransition, CLAIM_TRANSITIONS, NEED_TRANSITIONS, PROJECT_TRANSITIONS } from '../../rules/claiming/transitions.js';
import type { MatchNeedsResult } from '../../rules/matching/match-needs.js';
import { LIVE_CLAIM } from './live-claims.js';

/** The kinds the claiming operations read and write; spread them into your store's kinds. */
export const CLAIMING_KINDS = { need: NeedSchema, resource: ResourceSchema, claim: ClaimSchema, project: ProjectSchema } as const;
/** The type of {@link CLAIMING_KINDS}. */
export type ClaimingKinds = typeof CLAIMING_KINDS;
/** Status tables for those kinds: `createStore(adapter, { kinds: CLAIMING_KINDS, transitions: CLAIMING_TRANSITIONS })` refuses an update that skips one. */
export const CLAIMING_TRANSITIONS = { need: { table: NEED_TRANSITIONS }, claim: { table: CLAIM_TRANSITIONS }, project: { table: PROJECT_TRANSITIONS } } as const;
/** A store that holds needs, resources, claims and projects. */
export type ClaimingStore = Store<ClaimingKinds>;

const ActorSchema = z.string().min(1);
const ClaimNeedSchema = z.object({ needId: z.string().min(1), unitId: z.string().min(1), resourceId: z.string().min(1).optional(), claimId: z.string().min(1).optional(), actor: ActorSchema, at: z.date() }).strict();
const ClaimResourceSchema = z.object({ needId: z.string().min(1), resourceId: z.string().min(1), communityId: z.string().min(1), claimId: z.string().min(1).optional(), actor: ActorSchema, at: z.date() }).strict();
const ClaimStepSchema = z.object({ claimId: z.string().min(1), actor: ActorSchema }).strict();
const DispatchSchema = z.object({ result: z.object({ assignments: z.array(z.object({ needId: z.string(), resourceId: z.string(), unitId: z.string(), score: z.number(), locked: z.boolean() }).loose()) }).loose(), actor: ActorSchema, at: z.date() }).strict();
const CreateProjectSchema = z
  .object({
    projectId: z.string().min(1),
    title: z.string().min(1),
    claimIds: z.array(z.string().min(1)).min(1),
    communityId: z.string().min(1),
    startDate: z.date(),
    endDate: z.date().optional(),
    beneficiaries: z.number().int().min(0),
    outcomes: ProjectOutcomesSchema.optional(),
    actor: ActorSchema,
    at: z.date(),
  })
  .strict();

/** What `claimNeed` takes. */
export type ClaimNeedInput = z.input<typeof ClaimNeedSchema>;
/** What `claimResource` takes. */
export type ClaimResourceInput = z.input<typeof ClaimResourceSchema>;
/** What `createProject` takes. */
export type CreateProjectInput = z.input<typeof CreateProjectSchema>;

/** A unit claims a need (双向认领, one way). The need becomes claimed; a rival claimant gets CONFLICT naming the winning claim. */
export async function claimNeed(store: ClaimingStore, input: ClaimNeedInput): Promise<StoredRecord<Claim>> {
  const { needId, unitId, resourceId, claimId, actor, at } = parseWithSchema(ClaimNeedSchema, input, 'claimNeed');
  return raceSafe(store, needId, () =>
    store.as(actor).transaction(async (tx) => {
      if (resourceId !== undefined) await reserveResource(tx, resourceId, unitId);
      return takeNeed(tx, { needId, unitId, claimedBy: unitId, direction: 'unitClaimsNeed', via: 'manual', at, ...(resourceId === undefined ? {} : { resourceId }), ...(claimId === undefined ? {} : { claimId }) });
    }),
  );
}

/** A community claims a unit's resource for one of its needs (双向认领, the other way). */
export async function claimResource(store: ClaimingStore, input: ClaimResourceInput): Promise<StoredRecord<Claim>> {
  const { needId, resourceId, communityId, claimId, actor, at } = parseWithSchema(ClaimResourceSchema, input, 'claimResource');
  return raceSafe(store, needId, () =>
    store.as(actor).transaction(async (tx) => {
      const resource = await reserveResource(tx, resourceId);
      return takeNeed(tx, { needId, unitId: resource.data.unitId, resourceId, claimedBy: communityId, direction: 'communityClaimsResource', via: 'manual', at, ...(claimId === undefined ? {} : { claimId }) });
    }),
  );
}

/**
 * Applies a `matchNeeds` result as proposed claims, all or nothing: locked pairs are skipped
 * (they are claims already), every other need must still be published.
 */
export async function dispatch(store: ClaimingStore, input: { result: Pick<MatchNeedsResult, 'assignments'>; actor: string; at: Date }): Promise<StoredRecord<Claim>[]> {
  const { result, actor, at } = parseWithSchema(DispatchSchema, input, 'dispatch');
  return store.as(actor).transaction(async (tx) => {
    const claims: StoredRecord<Claim>[] = [];
    for (const assignment of result.assignments) {
      if (assignment.locked) continue;
      await reserveResource(tx, assignment.resourceId, assignment.unitId);
      claims.push(await takeNeed(tx, { needId: assignment.needId, unitId: assignment.unitId, resourceId: assignment.resourceId, claimedBy: actor, direction: 'communityClaimsResource', via: 'dispatch', score: assignment.score, at }));
    }
    return claims;
  });
}

/** The other party accepts a proposed claim; its need goes in progress. */
export async function accept(store: ClaimingStore, input: { claimId: string; actor: string }): Promise<StoredRecord<Claim>> {
  return stepClaim(store, 'accept', input, 'accepted', 'in-progress');
}

/** The claimed work is done; the need awaits the requester's confirmation. */
export async function fulfil(store: ClaimingStore, input: { claimId: string; actor: string }): Promise<StoredRecord<Claim>> {
  return stepClaim(store, 'fulfil', input, 'fulfilled', 'fulfilled');
}

/** Cancels a proposed or accepted claim; its need goes back to published. */
export async function cancel(store: ClaimingStore, input: { claimId: string; actor: string }): Promise<StoredRecord<Claim>> {
  return stepClaim(store, 'cancel', input, 'cancelled', 'published');
}

/** Signs a co-construction project (共建项目) from accepted (or fulfilled) claims of one unit. */
export async function createProject(store: ClaimingStore, input: CreateProjectInput): Promise<StoredRecord<Project>> {
  const parsed = parseWithSchema(CreateProjectSchema, input, 'createProject');
  return store.as(parsed.actor).transaction(async (tx) => {
    const claims = await Promise.all(parsed.claimIds.map((id) => tx.getOrThrow('claim', id)));
    const issues = claims.flatMap((claim, k) => {
      const problems = [];
      if (claim.data.status !== 'accepted' && claim.data.status !== 'fulfilled') problems.push({ path: ['claimIds', k], message: `claim "${claim.id}" is ${claim.data.status}, not accepted` });
      if (claim.data.unitId !== claims[0]?.data.unitId) problems.push({ path: ['claimIds', k], message: `claim "${claim.id}" belongs to unit "${claim.data.unitId}", not "${claims[0]?.data.unitId}"` });
      return problems;
    });
    const firstNeed = await tx.getOrThrow('need', (claims[0] as StoredRecord<Claim>).data.needId);
    const communityAt = firstNeed.scope.indexOf(parsed.communityId);
    if (communityAt < 0) issues.push({ path: ['communityId'], message: `need "${firstNeed.id}" does not lie in community "${parsed.communityId}"` });
    if (issues.length > 0) throw CivicGridError.validation('createProject', issues);
    const project: Project = {
      id: parsed.projectId,
      title: parsed.title,
      category: firstNeed.data.category,
      unitId: (claims[0] as StoredRecord<Claim>).data.unitId,
      communityId: parsed.communityId,
      signedAt: parsed.at.toISOString(),
      startDate: parsed.startDate.toISOString(),
      ...(parsed.endDate === undefined ? {} : { endDate: parsed.endDate.toISOString() }),
      status: 'signed',
      beneficiaries: parsed.beneficiaries,
      outcomes: parsed.outcomes ?? {},
      claimIds: parsed.claimIds,
    };
    return tx.insert('project', project, { scope: firstNeed.scope.slice(0, communityAt + 1) });
  });
}

interface TakeNeed {
  needId: string;
  unitId: string;
  resourceId?: string;
  claimedBy: string;
  direction: Claim['direction'];
  via: Claim['via'];
  score?: number;
  claimId?: string;
  at: Date;
}

/** Inside a transaction: the need must be claimable; it becomes claimed under the version guard and a proposed claim records who took it. */
async function takeNeed(tx: ClaimingStore, take: TakeNeed): Promise<StoredRecord<Claim>> {
  const need = await tx.getOrThrow('need', take.needId);
  await refuseIfTaken(tx, need);
  assertTransition(NEED_TRANSITIONS, 'need', need.id, need.data.status, 'claimed');
  const claim: Claim = {
    // The need's version tells apart claims of one need made at the same instant, e.g. after a cancel.
    id: take.claimId ?? `${take.needId}~${take.claimedBy}~${take.at.toISOString()}~v${need.version}`,
    needId: take.needId,
    ...(take.resourceId === undefined ? {} : { resourceId: take.resourceId }),
    unitId: take.unitId,
    direction: take.direction,
    claimedBy: take.claimedBy,
    via: take.via,
    status: 'proposed',
    createdAt: take.at.toISOString(),
    ...(take.score === undefined ? {} : { score: take.score }),
  };
  const inserted = await tx.insert('claim', claim, { scope: need.scope });
  await tx.update('need', need.id, { status: 'claimed' }, { expectedVersion: need.version });
  return inserted;
}

/** CONFLICT naming the live claim that holds the need, if there is one. */
async function refuseIfTaken(store: ClaimingStore, need: StoredRecord<Need>): Promise<void> {
  const live = await liveClaimOf(store, need);
  if (live === null) return;
  throw new CivicGridError('CONFLICT', `need "${need.id}" is already claimed by claim "${live.id}"`, {
    issues: [{ path: ['needId'], message: `claimed by claim "${live.id}" (unit "${live.data.unitId}")` }],
  });
}

async function liveClaimOf(store: ClaimingStore, need: StoredRecord<Need>): Promise<StoredRecord<Claim> | null> {
  const page = await store.query('claim', { scope: need.scope, depth: 0, where: { needId: need.id, status: [...LIVE_CLAIM] }, limit: 1 });
  return page.records[0] ?? null;
}

/**
 * The loser of a race on the same need sees VERSION_CONFLICT (or, when it started after the
 * winner committed, the winner's claim): either way it gets CONFLICT naming the winning claim.
 */
async function raceSafe<T>(store: ClaimingStore, needId: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isCivicGridError(error, 'VERSION_CONFLICT')) throw error;
    const need = await store.getOrThrow('need', needId);
    await refuseIfTaken(store, need);
    throw error;
  }
}

/** Inside a transaction: the resource has room for one more live claim; its version is bumped so rival claims on it serialise. */
async function reserveResource(tx: ClaimingStore, resourceId: string, unitId?: string): Promise<StoredRecord<z.output<typeof ResourceSchema>>> {
  const resource = await tx.getOrThrow('resource', resourceId);
  if (unitId !== undefined && resource.data.unitId !== unitId) {
    throw CivicGridError.validation('claim', [{ path: ['resourceId'], message: `resource "${resourceId}" belongs to unit "${resource.data.unitId}", not "${unitId}"` }]);
  }
  const live = await tx.query('claim', { scope: [], where: { resourceId, status: [...LIVE_CLAIM] }, limit: Math.max(1, Math.min(10_000, resource.data.capacity + 1)) });
  if (live.records.length >= resource.data.capacity) {
    throw new CivicGridError('CONFLICT', `resource "${resourceId}" is full (${resource.data.capacity} live claims)`, {
      issues: [{ path: ['resourceId'], message: `full: ${live.records.map((claim) => claim.id).join(', ')}` }],
    });
  }
  await tx.update('resource', resourceId, {}, { expectedVersion: resource.version });
  return resource;
}

/** Moves a claim and its need together, each through its transition table, under version guards. */
async function stepClaim(store: ClaimingStore, subject: string, input: { claimId: string; actor: string }, claimTo: ClaimStatus, needTo: NeedStatus): Promise<StoredRecord<Claim>> {
  const { claimId, actor } = parseWithSchema(ClaimStepSchema, input, subject);
  return store.as(actor).transaction(async (tx) => {
    const claim = await tx.getOrThrow('claim', claimId);
    assertTransition(CLAIM_TRANSITIONS, 'claim', claim.id, claim.data.status, claimTo);
    const need = await tx.getOrThrow('need', claim.data.needId);
    assertTransition(NEED_TRANSITIONS, 'need', need.id, need.data.status, needTo);
    const updated = await tx.update('claim', claim.id, { status: claimTo }, { expectedVersion: claim.version });
    await tx.update('need', need.id, { status: needTo }, { expectedVersion: need.version });
    return updated;
  });
}
