import { z } from 'zod';
import type { StoredRecord } from '../../adapters/port.js';
import { CivicGridError } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { AppointmentStatusSchema, COMMITTEE_RULES, type CommitteeMember, CommitteeMemberSchema, CommitteeRulesSchema, SEATED_STATUSES } from '../../model/committee-member.js';
import { assertTransition } from '../../rules/claiming/transitions.js';
import { APPOINTMENT_TRANSITIONS } from '../../rules/committee/appointment-transitions.js';
import { changeRecord, OperationActorSchema } from '../change-record.js';
import { queryAll } from '../query-all.js';
import type { CommitteeStore } from './committee-store.js';

const RecommendSchema = z
  .object({
    /** The candidate as recommended (推荐); the status is set here. */
    member: z.record(z.string(), z.unknown()).refine((member) => !('status' in member), { path: ['status'], message: 'a candidate starts recommended: leave status out' }),
    /** Where the seat is stored: the path to the committee's community, root first. */
    scope: z.array(z.string().min(1)).min(1),
    actor: OperationActorSchema,
  })
  .strict();
/** The input for recommending a committee member. */
export interface RecommendCommitteeMemberInput {
  member: Omit<z.input<typeof CommitteeMemberSchema>, 'status'>;
  scope: readonly string[];
  actor: string;
}

/** Stores a candidate for a community party committee seat, recommended (推荐); CONFLICT when the id is taken. */
export async function recommendCommitteeMember(store: CommitteeStore, input: RecommendCommitteeMemberInput): Promise<StoredRecord<CommitteeMember>> {
  const { member, scope, actor } = parseWithSchema(RecommendSchema, input, 'recommendCommitteeMember');
  const candidate = parseWithSchema(z.object({ member: CommitteeMemberSchema }), { member: { ...member, status: 'recommended' } }, 'recommendCommitteeMember').member;
  return store.as(actor).insert('committeeMember', candidate, { scope });
}

const AdvanceSchema = z.object({ memberId: z.string().min(1), to: AppointmentStatusSchema, actor: OperationActorSchema, rules: CommitteeRulesSchema.optional() }).strict();
/** The input for advancing an appointment. */
export type AdvanceAppointmentInput = z.input<typeof AdvanceSchema>;

/**
 * Moves a candidate one step along APPOINTMENT_TRANSITIONS (筛选, 批复, 聘用, 公示, or rejected),
 * under its version guard, audited as `actor`. INVALID_TRANSITION for a skipped step; CONFLICT when
 * an appointment would seat more members than the committee's maximum.
 */
export async function advanceAppointment(store: CommitteeStore, input: AdvanceAppointmentInput): Promise<StoredRecord<CommitteeMember>> {
  const { memberId, to, actor, rules = COMMITTEE_RULES } = parseWithSchema(AdvanceSchema, input, 'advanceAppointment');
  return changeRecord(store, actor, 'committeeMember', memberId, async ({ data }, tx) => {
    assertTransition(APPOINTMENT_TRANSITIONS, 'committee member', memberId, data.status, to);
    if (to === 'appointed') {
      const seated = await queryAll(tx, 'committeeMember', { scope: [], where: { committeeId: data.committeeId, status: [...SEATED_STATUSES] } });
      if (seated.length >= rules.maxMembers) {
        throw new CivicGridError('CONFLICT', `Committee "${data.committeeId}" already seats ${seated.length} members, the most allowed (${rules.maxMembers})`, { issues: [{ path: ['to'], message: 'the committee is full' }] });
      }
    }
    return { status: to };
  });
}
