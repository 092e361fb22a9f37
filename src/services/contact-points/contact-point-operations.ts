import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { CONTACT_POINT_RULES, type ContactPoint, ContactPointRulesSchema, ContactVisitSchema, type Leader, LeaderSchema } from '../../model/contact-point.js';
import type { ContactVisitRecord } from '../../model/contact-visit-record.js';
import { NodeIdSchema } from '../../model/hierarchy-node.js';
import { assertScopeEndsAt, changeRecord, OperationActorSchema } from '../change-record.js';
import { queryAll } from '../query-all.js';
import type { ContactPointStore } from './contact-point-store.js';

const ScopeSchema = z.array(z.string().min(1)).min(1);

const RegisterLeaderSchema = z.object({ leader: LeaderSchema, scope: ScopeSchema, actor: OperationActorSchema }).strict();
/** The input for registering a leader. */
export type RegisterLeaderInput = z.input<typeof RegisterLeaderSchema>;

/** Stores a leader who may hold contact points, at `scope` (where they sit); CONFLICT when the id is taken. */
export async function registerLeader(store: ContactPointStore, input: RegisterLeaderInput): Promise<StoredRecord<Leader>> {
  const { leader, scope, actor } = parseWithSchema(RegisterLeaderSchema, input, 'registerLeader');
  assertScopeEndsAt('registerLeader', scope, leader.locationId, ['leader', 'locationId']);
  return store.as(actor).insert('leader', leader, { scope });
}

const AssignContactPointSchema = z
  .object({
    point: z.object({ id: NodeIdSchema, leaderId: NodeIdSchema, nodeId: NodeIdSchema }).strict(),
    /** The path to the node held, root first (`hierarchy.pathOf(point.nodeId)`). */
    scope: ScopeSchema,
    actor: OperationActorSchema,
    rules: ContactPointRulesSchema.optional(),
  })
  .strict();
/** The input for assigning a contact point. */
export type AssignContactPointInput = z.input<typeof AssignContactPointSchema>;

/**
 * Gives a stored leader a contact point (联系点), in one transaction: NOT_FOUND for an unknown
 * leader, CONFLICT when the leader already holds the most points the rules allow or the point id
 * is taken. The built-in adapters run writing transactions one at a time, so the second of two
 * assignments sees the first; the leader's version is bumped as well, so that on an adapter running
 * them side by side one gets VERSION_CONFLICT and the quota still holds.
 */
export async function assignContactPoint(store: ContactPointStore, input: AssignContactPointInput): Promise<StoredRecord<ContactPoint>> {
  const { point, scope, actor, rules = CONTACT_POINT_RULES } = parseWithSchema(AssignContactPointSchema, input, 'assignContactPoint');
  assertScopeEndsAt('assignContactPoint', scope, point.nodeId, ['point', 'nodeId']);
  return store.as(actor).transaction(async (tx) => {
    const leader = await tx.getOrThrow('leader', point.leaderId);
    const held = await queryAll(tx, 'contactPoint', { scope: [], where: { leaderId: point.leaderId } });
    if (held.length >= rules.maxPointsPerLeader) {
      throw new CivicGridError('CONFLICT', `Leader "${point.leaderId}" already holds ${held.length} contact points, the most allowed (${rules.maxPointsPerLeader})`, {
        issues: [{ path: ['point', 'leaderId'], message: `holds ${held.map((record) => record.id).join(', ')}: at the quota of ${rules.maxPointsPerLeader}` }],
      });
    }
    await tx.update('leader', leader.id, {}, { expectedVersion: leader.version });
    return tx.insert('contactPoint', { ...point, visits: [] }, { scope });
  });
}

const RecordContactVisitSchema = z.object({ pointId: z.string().min(1), visitId: NodeIdSchema, visit: ContactVisitSchema, actor: OperationActorSchema }).strict();
/** The input for recording a contact visit. */
export type RecordContactVisitInput = z.input<typeof RecordContactVisitSchema>;

/**
 * Records a leader's visit to their contact point, in one transaction: appended to the point (for
 * `checkContactCoverage`) and stored as a `contactVisit` record (for the KPIs) at the point's scope.
 * NOT_FOUND for an unknown point, CONFLICT when `visitId` is taken.
 */
export async function recordContactVisit(store: ContactPointStore, input: RecordContactVisitInput): Promise<{ point: StoredRecord<ContactPoint>; visit: StoredRecord<ContactVisitRecord> }> {
  const { pointId, visitId, visit, actor } = parseWithSchema(RecordContactVisitSchema, input, 'recordContactVisit');
  let written: StoredRecord<ContactVisitRecord> | undefined;
  const point = await changeRecord(store, actor, 'contactPoint', pointId, async ({ data, scope }, tx) => {
    written = await tx.insert('contactVisit', { id: visitId, pointId, leaderId: data.leaderId, nodeId: data.nodeId, ...visit }, { scope });
    return { visits: [...data.visits, visit] };
  });
  return { point, visit: written as StoredRecord<ContactVisitRecord> };
}
